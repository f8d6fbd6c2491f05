package io.meridian.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/** All SQL of the audit trail ({@code audit_trail}, migration V30); none commits. */
final class AuditRecords {

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    Optional<AuditEntry> last(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, logged_at, message, prev_hash, entry_hash "
                + "FROM audit_trail "
                + "ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY"); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
        }
    }

    void insert(Connection c, List<AuditEntry> entries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_trail (seq, logged_at, message, prev_hash, "
                + "entry_hash) VALUES (?, ?, ?, ?, ?)")) {
            for (AuditEntry e : entries) {
                s.setLong(1, e.seq());
                s.setTimestamp(2, Timestamp.from(e.at()), UTC.get());
                s.setString(3, e.message());
                s.setString(4, e.prevHash());
                s.setString(5, e.hash());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Entries after {@code afterSeq}, in order, at most {@code limit}. */
    List<AuditEntry> after(Connection c, long afterSeq, int limit) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, logged_at, message, prev_hash, entry_hash "
                + "FROM audit_trail "
                + "WHERE seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setLong(1, afterSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
        }
        return out;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong(1), rs.getTimestamp(2, UTC.get()).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5));
    }
}
