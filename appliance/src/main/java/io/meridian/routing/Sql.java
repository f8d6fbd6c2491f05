package io.meridian.routing;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/** JDBC details the routing record classes share: instants stored as UTC timestamps, and nullable strings. */
final class Sql {

    // Derby's TIMESTAMP has no zone: read and write it as UTC, whatever the JVM's default zone.
    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private Sql() {
    }

    static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value), UTC.get());
        }
    }

    static Instant instant(ResultSet rs, int index) throws SQLException {
        Timestamp t = rs.getTimestamp(index, UTC.get());
        return t == null ? null : t.toInstant();
    }

    static void setString(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    /** Whether the statement failed on a unique or primary key (SQLState 23505). */
    static boolean duplicate(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
