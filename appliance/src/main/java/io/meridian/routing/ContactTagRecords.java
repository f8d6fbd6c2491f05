package io.meridian.routing;

import io.meridian.store.StatementUndo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Tags staff put on contacts ({@code contact_tags}, e.g. vip), which queue rules read. Never commits. */
final class ContactTagRecords {

    List<String> tags(Connection c, String contactId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The contacts that carry {@code tag}. */
    List<String> contactsTagged(Connection c, String tag) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT contact_id FROM contact_tags WHERE tag = ?")) {
            s.setString(1, tag);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Adds the tag; false if the contact had it already. Fails with NoSuchElementException for an unknown contact. */
    boolean add(Connection c, String contactId, String tag, Instant now) throws SQLException {
        try {
            return StatementUndo.alone(c, w -> {
                try (PreparedStatement s = w.prepareStatement(
                        "INSERT INTO contact_tags (contact_id, tag, created_at) VALUES (?, ?, ?)")) {
                    s.setString(1, contactId);
                    s.setString(2, tag);
                    Sql.setInstant(s, 3, now);
                    s.executeUpdate();
                    return true;
                }
            });
        } catch (SQLException e) {
            if (Sql.duplicate(e)) {
                return false;
            }
            if ("23503".equals(e.getSQLState())) {
                throw new NoSuchElementException("No contact " + contactId);
            }
            throw e;
        }
    }

    /** Removes the tag; false if the contact did not have it. */
    boolean remove(Connection c, String contactId, String tag) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?")) {
            s.setString(1, contactId);
            s.setString(2, tag);
            return s.executeUpdate() == 1;
        }
    }
}
