package io.meridian.security;

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

/** The SQL of {@code security_alerts} (V37). Runs inside the store's transaction; never commits. */
final class AlertRecords {

    private static final String COLUMNS = "id, raised_at, kind, username, detail, acknowledged_at, acknowledged_by";
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    void insert(Connection c, RaisedAlert a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO security_alerts (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, NULL, NULL)")) {
            s.setString(1, a.id());
            s.setTimestamp(2, Timestamp.from(a.raisedAt()), UTC.get());
            s.setString(3, a.kind());
            s.setString(4, a.username());
            s.setString(5, a.detail());
            s.executeUpdate();
        }
    }

    /** The newest {@code limit} alerts, newest first. */
    List<RaisedAlert> latest(Connection c, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM security_alerts "
                + "ORDER BY raised_at DESC, id FETCH FIRST " + limit + " ROWS ONLY"); ResultSet rs = s.executeQuery()) {
            List<RaisedAlert> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        }
    }

    int unacknowledged(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM security_alerts WHERE acknowledged_at IS NULL"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether the alert exists and nobody has acknowledged it yet. */
    boolean open(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM security_alerts WHERE id = ? AND acknowledged_at IS NULL")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Marks the alert acknowledged unless it is already; the alert as it is then, empty for an unknown id. */
    Optional<RaisedAlert> acknowledge(Connection c, String id, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE security_alerts SET acknowledged_at = ?, "
                + "acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at), UTC.get());
            s.setString(2, by);
            s.setString(3, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM security_alerts WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static RaisedAlert row(ResultSet rs) throws SQLException {
        Timestamp acknowledged = rs.getTimestamp(6, UTC.get());
        return new RaisedAlert(rs.getString(1), rs.getTimestamp(2, UTC.get()).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), acknowledged == null ? null : acknowledged.toInstant(),
                rs.getString(7));
    }
}
