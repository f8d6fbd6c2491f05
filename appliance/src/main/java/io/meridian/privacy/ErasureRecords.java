package io.meridian.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/** The SQL of {@code contact_erasures} and {@code legal_holds} (migration V32); {@link ContactErasure} is the way in. */
final class ErasureRecords {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    void insert(Connection c, Erasure e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO contact_erasures (contact_id, erased_by, "
                + "erased_at, contacts_shredded, conversations_kept) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, e.contactId());
            s.setString(2, e.erasedBy());
            s.setTimestamp(3, Timestamp.from(e.erasedAt()), Calendar.getInstance(UTC));
            s.setInt(4, e.contactsShredded());
            s.setInt(5, e.conversationsKept());
            s.executeUpdate();
        }
    }

    Optional<Erasure> erasure(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT erased_by, erased_at, contacts_shredded, "
                + "conversations_kept FROM contact_erasures WHERE contact_id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Erasure(contactId, rs.getString(1),
                        rs.getTimestamp(2, Calendar.getInstance(UTC)).toInstant(), rs.getInt(3), rs.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    /** The first hold on any of the contacts (one customer's merged contacts), if any. */
    Optional<LegalHold> holdAmong(Connection c, List<String> contactIds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT reference, placed_by, placed_at FROM legal_holds WHERE contact_id = ?")) {
            for (String id : contactIds) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new LegalHold(id, rs.getString(1), rs.getString(2),
                                rs.getTimestamp(3, Calendar.getInstance(UTC)).toInstant()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Places the hold, or replaces the reference of the one in place. */
    void placeHold(Connection c, LegalHold hold) throws SQLException {
        liftHold(c, hold.contactId());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO legal_holds (contact_id, reference, placed_by, "
                + "placed_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, hold.contactId());
            s.setString(2, hold.reference());
            s.setString(3, hold.placedBy());
            s.setTimestamp(4, Timestamp.from(hold.placedAt()), Calendar.getInstance(UTC));
            s.executeUpdate();
        }
    }

    /** Whether there was a hold to lift. */
    boolean liftHold(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM legal_holds WHERE contact_id = ?")) {
            s.setString(1, contactId);
            return s.executeUpdate() > 0;
        }
    }
}
