package io.meridian.contact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * The SQL of {@code contact_merges} (migration V8). Runs inside the store's work; never commits. The contacts,
 * their identities and conversations are the conversation capability's tables: a merge changes them through
 * {@link io.meridian.conversation.ContactRecords}, in the same work.
 */
final class ContactRecordsSql {

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
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
