package io.meridian.staffmail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/** All SQL of staff mail ({@code staff_mail}, migration V27); none commits. */
final class StaffMailRecords {

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /** One queued mail to one recipient. */
    record Queued(String id, String kind, String recipient, String subject, String body, int attempts) {
    }

    void insert(Connection c, String id, String kind, String recipient, String subject, String body, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO staff_mail (id, kind, recipient, subject, body, "
                + "created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
            s.setString(1, id);
            s.setString(2, kind);
            s.setString(3, recipient);
            s.setString(4, subject);
            s.setString(5, body);
            s.setTimestamp(6, Timestamp.from(now), UTC.get());
            s.setTimestamp(7, Timestamp.from(now), UTC.get());
            s.executeUpdate();
        }
    }

    /** Mails due for a try at {@code now}, oldest first. */
    List<Queued> due(Connection c, Instant now, int limit) throws SQLException {
        List<Queued> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, kind, recipient, subject, body, attempts FROM "
                + "staff_mail WHERE next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST " + limit
                + " ROWS ONLY")) {
            s.setTimestamp(1, Timestamp.from(now), UTC.get());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    void sent(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE staff_mail SET sent_at = ?, next_attempt_at = NULL, "
                + "attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at), UTC.get());
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    /** A try failed: the next one at {@code next}, or none (given up) when null. */
    void failed(Connection c, String id, String error, Instant next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE staff_mail SET attempts = attempts + 1, "
                + "last_error = ?, next_attempt_at = ? WHERE id = ?")) {
            s.setString(1, error.length() > 300 ? error.substring(0, 300) : error);
            if (next == null) {
                s.setNull(2, java.sql.Types.TIMESTAMP);
            } else {
                s.setTimestamp(2, Timestamp.from(next), UTC.get());
            }
            s.setString(3, id);
            s.executeUpdate();
        }
    }

    /** Forgets mails sent or given up before {@code before}. */
    int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM staff_mail WHERE next_attempt_at IS NULL "
                + "AND created_at < ?")) {
            s.setTimestamp(1, Timestamp.from(before), UTC.get());
            return s.executeUpdate();
        }
    }

    /** How many mails wait to be sent, and how many were given up. */
    long[] counts(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(CASE WHEN next_attempt_at IS NOT NULL THEN 1 END), "
                + "COUNT(CASE WHEN next_attempt_at IS NULL AND sent_at IS NULL THEN 1 END) FROM staff_mail");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
