package io.meridian.consent;

import io.meridian.store.TimeOrderedIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of table {@code consents} (migration V19); {@link Consents} is the way in for other capabilities. */
final class ConsentRecords {

    static final int MAX_LISTED = 200;

    ConsentRecord insert(Connection c, String contactId, String version, String language, String digest,
            String channel, Instant at) throws SQLException {
        ConsentRecord r = new ConsentRecord(TimeOrderedIds.next(), contactId, version, language, digest, channel, at,
                null, null);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO consents (id, contact_id, version, text_language, "
                + "text_digest, channel, agreed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.id());
            s.setString(2, contactId);
            s.setString(3, version);
            s.setString(4, language);
            s.setString(5, digest);
            s.setString(6, channel);
            s.setTimestamp(7, Timestamp.from(at));
            s.executeUpdate();
        }
        return r;
    }

    /** Withdraws every standing agreement of the contact; returns how many. */
    int withdraw(Connection c, String contactId, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? "
                + "WHERE contact_id = ? AND withdrawn_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, by);
            s.setString(3, contactId);
            return s.executeUpdate();
        }
    }

    /** The contact's agreements, newest first (at most {@value #MAX_LISTED}). */
    List<ConsentRecord> of(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, version, text_language, text_digest, channel, "
                + "agreed_at, withdrawn_at, withdrawn_by FROM consents WHERE contact_id = ? "
                + "ORDER BY agreed_at DESC, id DESC FETCH FIRST " + MAX_LISTED + " ROWS ONLY")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                List<ConsentRecord> out = new ArrayList<>();
                while (rs.next()) {
                    Timestamp withdrawn = rs.getTimestamp(7);
                    out.add(new ConsentRecord(rs.getString(1), contactId, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                            withdrawn == null ? null : withdrawn.toInstant(), rs.getString(8)));
                }
                return out;
            }
        }
    }
}
