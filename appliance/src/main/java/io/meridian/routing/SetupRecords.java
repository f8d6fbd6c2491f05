package io.meridian.routing;

import io.meridian.store.StatementUndo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored routing setup (one JSON document with a version, for optimistic concurrency between admins) and the
 * holiday calendars by file name. Runs inside the store's work; never commits.
 */
final class SetupRecords {

    /** The stored setup document and its version. */
    Optional<Map.Entry<String, Long>> setup(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT document, version FROM routing_setup WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(Map.entry(rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
    }

    /** Stores the setup if the stored version is still {@code expectedVersion} (0: none stored yet). */
    boolean saveSetup(Connection c, String document, long expectedVersion, String by, Instant now) throws SQLException {
        if (expectedVersion == 0) {
            try {
                return StatementUndo.alone(c, w -> {
                    try (PreparedStatement s = w.prepareStatement("INSERT INTO routing_setup (id, document, version, "
                            + "updated_at, updated_by) VALUES (1, ?, 1, ?, ?)")) {
                        s.setString(1, document);
                        Sql.setInstant(s, 2, now);
                        s.setString(3, by);
                        s.executeUpdate();
                        return true;
                    }
                });
            } catch (SQLException e) {
                if (Sql.duplicate(e)) {
                    return false;
                }
                throw e;
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE routing_setup SET document = ?, version = version + 1, "
                + "updated_at = ?, updated_by = ? WHERE id = 1 AND version = ?")) {
            s.setString(1, document);
            Sql.setInstant(s, 2, now);
            s.setString(3, by);
            s.setLong(4, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    Map<String, String> calendars(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, ics FROM routing_calendars ORDER BY name");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    void putCalendar(Connection c, String name, String ics, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE routing_calendars SET ics = ?, updated_at = ? WHERE name = ?")) {
            s.setString(1, ics);
            Sql.setInstant(s, 2, now);
            s.setString(3, name);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO routing_calendars (name, ics, updated_at) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, ics);
            Sql.setInstant(s, 3, now);
            s.executeUpdate();
        }
    }
}
