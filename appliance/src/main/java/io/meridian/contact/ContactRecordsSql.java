package io.meridian.contact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The SQL of merges (migration V8) over contacts, contact_identities, conversations and contact_merges. Runs inside
 * the store's work; never commits.
 */
final class ContactRecordsSql {

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /** The contact's merged_into (empty string when it is a surviving contact); empty when unknown. */
    Optional<String> mergedInto(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT merged_into FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String into = rs.getString(1);
                return Optional.of(into == null ? "" : into.strip());
            }
        }
    }

    int moveIdentities(Connection c, String from, String into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contact_identities SET contact_id = ? WHERE contact_id = ?")) {
            s.setString(1, into);
            s.setString(2, from);
            return s.executeUpdate();
        }
    }

    /** Points {@code from} and every contact merged into it earlier at {@code into} (no chains of merges). */
    void markMerged(Connection c, String from, String into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE contacts SET merged_into = ? WHERE id = ? OR merged_into = ?")) {
            s.setString(1, into);
            s.setString(2, from);
            s.setString(3, from);
            s.executeUpdate();
        }
    }

    /** The conversations of the contact and of every contact merged into it, newest activity first. */
    List<ContactConversation> conversations(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT v.id, v.contact_id, v.channel, v.status, v.created_at, "
                + "v.last_activity_at, v.message_count FROM conversations v JOIN contacts k ON k.id = v.contact_id "
                + "WHERE k.id = ? OR k.merged_into = ? ORDER BY v.last_activity_at DESC, v.id")) {
            s.setString(1, contactId);
            s.setString(2, contactId);
            List<ContactConversation> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContactConversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5, utc()).toInstant(), rs.getTimestamp(6, utc()).toInstant(),
                            rs.getLong(7)));
                }
            }
            return out;
        }
    }

    /** The owner contact of a conversation, if the conversation exists. */
    Optional<String> contactOfConversation(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT contact_id FROM conversations WHERE id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void insertMerge(Connection c, ContactMerge m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO contact_merges (id, merged_contact_id, "
                + "into_contact_id, agent_id, agent_username, identities_moved, conversations_joined, merged_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, m.id());
            s.setString(2, m.mergedContactId());
            s.setString(3, m.intoContactId());
            s.setString(4, m.agentId());
            s.setString(5, m.agentUsername());
            s.setInt(6, m.identitiesMoved());
            s.setInt(7, m.conversationsJoined());
            s.setTimestamp(8, Timestamp.from(m.mergedAt()), utc());
            s.executeUpdate();
        }
    }

    /** Merges into or out of the contact, newest first. */
    List<ContactMerge> merges(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, merged_contact_id, into_contact_id, agent_id, "
                + "agent_username, identities_moved, conversations_joined, merged_at FROM contact_merges "
                + "WHERE into_contact_id = ? OR merged_contact_id = ? ORDER BY merged_at DESC, id")) {
            s.setString(1, contactId);
            s.setString(2, contactId);
            List<ContactMerge> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContactMerge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getTimestamp(8, utc()).toInstant()));
                }
            }
            return out;
        }
    }
}
