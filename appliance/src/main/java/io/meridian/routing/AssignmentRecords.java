package io.meridian.routing;

import io.meridian.conversation.ConversationRecords;
import io.meridian.conversation.ConversationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each routed conversation stands ({@code conversation_routing}, one row per conversation). Every change of
 * state is a conditional update on the row's version (a fencing token): {@link #claim} takes a queued conversation
 * only if nobody changed it since it was read, so two nodes or two agents racing for it cannot both win. Runs inside
 * the store's work; never commits. What it needs to know of the conversations themselves it asks their owner
 * ({@link ConversationRecords}) in the same work.
 */
final class AssignmentRecords {

    private final ConversationRecords conversations = new ConversationRecords();

    /** Ids per {@code IN (...)}: keeps each statement small whatever the number of conversations. */
    private static final int IN_LIST = 200;
    private static final String COLUMNS = "SELECT conversation_id, team_id, agent_id, state, priority, language, "
            + "skill, strict_language, queued_at, assigned_at, version FROM conversation_routing ";

    Optional<RoutingRow> routing(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "WHERE conversation_id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The conversations queued or assigned (also by a transfer) at or after {@code since}. */
    List<String> routedSince(Connection c, Instant since) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM conversation_routing "
                + "WHERE queued_at >= ? OR assigned_at >= ?")) {
            Sql.setInstant(s, 1, since);
            Sql.setInstant(s, 2, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The routing rows of these conversations (those that have one). */
    List<RoutingRow> routings(Connection c, List<String> conversationIds) throws SQLException {
        List<RoutingRow> out = new ArrayList<>();
        for (int from = 0; from < conversationIds.size(); from += 200) {
            List<String> chunk = conversationIds.subList(from, Math.min(conversationIds.size(), from + 200));
            try (PreparedStatement s = c.prepareStatement(COLUMNS + "WHERE conversation_id IN ("
                    + "?, ".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                out.addAll(rows(s));
            }
        }
        return out;
    }

    List<RoutingRow> inState(Connection c, String state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "WHERE state = ?")) {
            s.setString(1, state);
            return rows(s);
        }
    }

    /** The conversations waiting in one team's queue. */
    List<RoutingRow> queuedIn(Connection c, String teamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "WHERE state = 'QUEUED' AND team_id = ?")) {
            s.setString(1, teamId);
            return rows(s);
        }
    }

    /** The conversations of one contact that wait in a queue. */
    List<RoutingRow> queuedOfContact(Connection c, String contactId) throws SQLException {
        List<RoutingRow> out = new ArrayList<>();
        for (List<String> ids : chunks(conversations.idsOfContact(c, contactId))) {
            try (PreparedStatement s = c.prepareStatement(COLUMNS + "WHERE state = 'QUEUED' AND conversation_id IN ("
                    + placeholders(ids.size()) + ")")) {
                setAll(s, ids);
                out.addAll(rows(s));
            }
        }
        return out;
    }

    /** Up to {@code limit} conversations an agent holds now, the most recently assigned first. */
    List<String> assignedIds(Connection c, String agentId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM conversation_routing "
                + "WHERE agent_id = ? AND state = 'ASSIGNED' ORDER BY assigned_at DESC FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, agentId);
            s.setInt(2, limit);
            return ids(s);
        }
    }

    /**
     * Up to {@code limit} conversations of these teams, waiting ({@code waitingOnly}) or open, in the order the team
     * serves them: higher priority first, then the longest waiting.
     */
    List<String> openIdsOfTeams(Connection c, List<String> teamIds, boolean waitingOnly, int limit)
            throws SQLException {
        if (teamIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM conversation_routing WHERE "
                + (waitingOnly ? "state = 'QUEUED'" : "state <> 'CLOSED'") + " AND team_id IN ("
                + placeholders(teamIds.size()) + ") ORDER BY priority DESC, queued_at, conversation_id "
                + "FETCH FIRST ? ROWS ONLY")) {
            setAll(s, teamIds);
            s.setInt(teamIds.size() + 1, limit);
            return ids(s);
        }
    }

    /** How many conversations an agent holds now. */
    long countAssignedTo(Connection c, String agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM conversation_routing WHERE agent_id = ? AND state = 'ASSIGNED'")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Open conversations per team id: how many wait in its queue and how many its agents hold. */
    Map<String, TeamLoad> openByTeam(Connection c) throws SQLException {
        Map<String, TeamLoad> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT team_id, state, COUNT(*) FROM conversation_routing "
                + "WHERE state <> 'CLOSED' AND team_id IS NOT NULL GROUP BY team_id, state");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                TeamLoad was = out.getOrDefault(rs.getString(1), new TeamLoad(0, 0));
                long n = rs.getLong(3);
                out.put(rs.getString(1), "QUEUED".equals(rs.getString(2))
                        ? new TeamLoad(was.waiting() + n, was.held()) : new TeamLoad(was.waiting(), was.held() + n));
            }
        }
        return out;
    }

    /** One team's open conversations: waiting in its queue, and held by its agents. */
    record TeamLoad(long waiting, long held) {
    }

    private static List<String> ids(PreparedStatement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Conversations an agent holds now. */
    List<String> assignedTo(Connection c, String agentId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT conversation_id FROM conversation_routing WHERE agent_id = ? AND state = 'ASSIGNED'")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A new routing row; fails with SQLState 23505 if the conversation was routed already (by any node). */
    void insert(Connection c, RoutingRow r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation_routing (conversation_id, team_id, "
                + "agent_id, state, priority, language, skill, strict_language, queued_at, assigned_at, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            s.setString(1, r.conversationId());
            Sql.setString(s, 2, r.teamId());
            Sql.setString(s, 3, r.agentId());
            s.setString(4, r.state());
            s.setInt(5, r.priority());
            Sql.setString(s, 6, r.language());
            Sql.setString(s, 7, r.skill());
            s.setBoolean(8, r.strictLanguage());
            Sql.setInstant(s, 9, r.queuedAt());
            Sql.setInstant(s, 10, r.assignedAt());
            s.executeUpdate();
        }
    }

    /** Assigns a queued conversation if it is still queued at {@code version}: the fencing check. */
    boolean claim(Connection c, String conversationId, long version, String agentId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET state = 'ASSIGNED', agent_id = ?, "
                + "assigned_at = ?, version = version + 1 WHERE conversation_id = ? AND state = 'QUEUED' AND version = ?")) {
            s.setString(1, agentId);
            Sql.setInstant(s, 2, now);
            s.setString(3, conversationId);
            s.setLong(4, version);
            return s.executeUpdate() == 1;
        }
    }

    /** Moves an assigned or queued conversation to another agent (a transfer), if unchanged since {@code version}. */
    boolean reassign(Connection c, String conversationId, long version, String teamId, String agentId, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET state = 'ASSIGNED', team_id = ?, "
                + "agent_id = ?, assigned_at = ?, version = version + 1 WHERE conversation_id = ? AND version = ? "
                + "AND state <> 'CLOSED'")) {
            s.setString(1, teamId);
            s.setString(2, agentId);
            Sql.setInstant(s, 3, now);
            s.setString(4, conversationId);
            s.setLong(5, version);
            return s.executeUpdate() == 1;
        }
    }

    /** Puts a conversation back in a team's queue (a transfer to a team), if unchanged since {@code version}. */
    boolean requeue(Connection c, String conversationId, long version, String teamId, boolean strict, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET state = 'QUEUED', team_id = ?, "
                + "agent_id = NULL, assigned_at = NULL, strict_language = ?, queued_at = ?, version = version + 1 "
                + "WHERE conversation_id = ? AND version = ? AND state <> 'CLOSED'")) {
            s.setString(1, teamId);
            s.setBoolean(2, strict);
            Sql.setInstant(s, 3, now);
            s.setString(4, conversationId);
            s.setLong(5, version);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Moves a waiting conversation to another team's queue keeping its place in time (a team being deleted), if it
     * is still queued at {@code version}.
     */
    boolean moveQueued(Connection c, String conversationId, long version, String teamId, boolean strict)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET team_id = ?, strict_language = ?, "
                + "version = version + 1 WHERE conversation_id = ? AND version = ? AND state = 'QUEUED'")) {
            s.setString(1, teamId);
            s.setBoolean(2, strict);
            s.setString(3, conversationId);
            s.setLong(4, version);
            return s.executeUpdate() == 1;
        }
    }

    /** Gives a waiting conversation a new queue priority, if it is still queued at {@code version}. */
    boolean setPriority(Connection c, String conversationId, long version, int priority) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET priority = ?, version = version + 1 "
                + "WHERE conversation_id = ? AND version = ? AND state = 'QUEUED'")) {
            s.setInt(1, priority);
            s.setString(2, conversationId);
            s.setLong(3, version);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Removes the routing row of a closed conversation that is open again, so it is routed anew like waiting work
     * (and, should the node stop first, found unrouted at the next start). Returns the row removed, if any; a
     * conversation that is still closed keeps its row.
     */
    Optional<RoutingRow> removeClosed(Connection c, String conversationId) throws SQLException {
        Optional<RoutingRow> row = routing(c, conversationId);
        if (row.isEmpty() || !row.get().state().equals("CLOSED")) {
            return Optional.empty();
        }
        // Asked in the same work as the delete, so the answer holds for it.
        if (conversations.statusOf(c, conversationId).orElse(null) != ConversationStatus.OPEN) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM conversation_routing WHERE conversation_id = ? AND state = 'CLOSED'")) {
            s.setString(1, conversationId);
            return s.executeUpdate() == 1 ? row : Optional.empty();
        }
    }

    /**
     * Open conversations that were never routed: the node stopped between storing a conversation's first message
     * (or its reopening) and routing it. Oldest first.
     */
    List<String> openUnrouted(Connection c) throws SQLException {
        List<String> open = conversations.openIdsOldestFirst(c);
        Set<String> routed = new HashSet<>();
        for (List<String> ids : chunks(open)) {
            try (PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM conversation_routing "
                    + "WHERE conversation_id IN (" + placeholders(ids.size()) + ")")) {
                setAll(s, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        routed.add(rs.getString(1));
                    }
                }
            }
        }
        return open.stream().filter(id -> !routed.contains(id)).toList();
    }

    /** Marks the routing row closed; returns the row as it was, if it was not closed already. */
    Optional<RoutingRow> close(Connection c, String conversationId) throws SQLException {
        Optional<RoutingRow> row = routing(c, conversationId);
        if (row.isEmpty() || row.get().state().equals("CLOSED")) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_routing SET state = 'CLOSED', "
                + "version = version + 1 WHERE conversation_id = ? AND version = ?")) {
            s.setString(1, conversationId);
            s.setLong(2, row.get().version());
            return s.executeUpdate() == 1 ? row : Optional.empty();
        }
    }

    /** Lists of conversation ids cut into pieces of {@value #IN_LIST} for {@code IN (...)}. */
    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IN_LIST) {
            out.add(ids.subList(i, Math.min(ids.size(), i + IN_LIST)));
        }
        return out;
    }

    private static String placeholders(int count) {
        return "?, ".repeat(count - 1) + "?";
    }

    private static void setAll(PreparedStatement s, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(i + 1, values.get(i));
        }
    }

    private static List<RoutingRow> rows(PreparedStatement s) throws SQLException {
        List<RoutingRow> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static RoutingRow row(ResultSet rs) throws SQLException {
        return new RoutingRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8), Sql.instant(rs, 9), Sql.instant(rs, 10),
                rs.getLong(11));
    }
}
