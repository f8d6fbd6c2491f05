package io.meridian.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many conversations each agent holds ({@code agent_load}). {@link #takeSlot} is the capacity guarantee: a single
 * conditional update that never lets the count pass the agent's maximum, whichever node or thread assigns. Runs inside
 * the store's work; never commits.
 */
final class AgentLoadRecords {

    /** Takes one of the agent's slots: succeeds only while the agent holds fewer than {@code max} conversations. */
    boolean takeSlot(Connection c, String agentId, int max, Instant now) throws SQLException {
        ensureRow(c, agentId, now);
        try (PreparedStatement s = c.prepareStatement("UPDATE agent_load SET active = active + 1, updated_at = ? "
                + "WHERE agent_id = ? AND active < ?")) {
            Sql.setInstant(s, 1, now);
            s.setString(2, agentId);
            s.setInt(3, max);
            return s.executeUpdate() == 1;
        }
    }

    void freeSlot(Connection c, String agentId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agent_load SET active = active - 1, updated_at = ? "
                + "WHERE agent_id = ? AND active > 0")) {
            Sql.setInstant(s, 1, now);
            s.setString(2, agentId);
            s.executeUpdate();
        }
    }

    int activeOf(Connection c, String agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT active FROM agent_load WHERE agent_id = ?")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Agents' loads recounted from the routing rows (the rows are the truth; agent_load follows them). */
    Map<String, Integer> recount(Connection c, Instant now) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT agent_id, COUNT(*) FROM conversation_routing "
                + "WHERE state = 'ASSIGNED' GROUP BY agent_id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE agent_load SET active = 0, updated_at = ?")) {
            Sql.setInstant(s, 1, now);
            s.executeUpdate();
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            ensureRow(c, e.getKey(), now);
            try (PreparedStatement s = c.prepareStatement("UPDATE agent_load SET active = ? WHERE agent_id = ?")) {
                s.setInt(1, e.getValue());
                s.setString(2, e.getKey());
                s.executeUpdate();
            }
        }
        return counts;
    }

    private void ensureRow(Connection c, String agentId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM agent_load WHERE agent_id = ?")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO agent_load (agent_id, active, updated_at) VALUES (?, 0, ?)")) {
            s.setString(1, agentId);
            Sql.setInstant(s, 2, now);
            s.executeUpdate();
        }
    }
}
