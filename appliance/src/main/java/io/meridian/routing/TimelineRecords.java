package io.meridian.routing;

import io.meridian.conversation.ConversationRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation's routing timeline: the decisions with their reasons ({@code routing_events}) and the internal notes
 * between colleagues ({@code conversation_notes}, text sealed by the caller). Runs inside the store's work; never
 * commits.
 */
final class TimelineRecords {

    private final ConversationRecords conversations = new ConversationRecords();

    /** A routing event: ASSIGNED, QUEUED, OFF_HOURS, CLAIMED, TRANSFERRED or RELEASED, with its reason. */
    record EventRow(String id, String conversationId, Instant at, String kind, String teamId, String agentId,
            String actorId, String reason) {
    }

    /** A stored note, still sealed. {@code kind} is NOTE or TRANSFER. */
    record NoteRow(String id, String conversationId, String kind, String authorId, String authorName,
            byte[] bodySealed, String mentions, Instant createdAt) {
    }

    private static final int MAX_REASON_CHARS = 2000;

    void insertEvent(Connection c, EventRow e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO routing_events (id, conversation_id, happened_at, "
                + "kind, team_id, agent_id, actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.id());
            s.setString(2, e.conversationId());
            Sql.setInstant(s, 3, e.at());
            s.setString(4, e.kind());
            Sql.setString(s, 5, e.teamId());
            Sql.setString(s, 6, e.agentId());
            Sql.setString(s, 7, e.actorId());
            String reason = e.reason().length() > MAX_REASON_CHARS
                    ? e.reason().substring(0, MAX_REASON_CHARS - 1) + "…" : e.reason();
            s.setString(8, reason);
            s.executeUpdate();
        }
    }

    List<EventRow> events(Connection c, String conversationId) throws SQLException {
        List<EventRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, conversation_id, happened_at, kind, team_id, agent_id, "
                + "actor_id, reason FROM routing_events WHERE conversation_id = ? ORDER BY happened_at, id")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventRow(rs.getString(1), rs.getString(2), Sql.instant(rs, 3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    /** Records that {@code agentId} was mentioned in the note, for the inbox's @mentions view. */
    void insertMention(Connection c, String noteId, String agentId, String conversationId, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO note_mentions (note_id, agent_id, conversation_id, "
                + "mentioned_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, noteId);
            s.setString(2, agentId);
            s.setString(3, conversationId);
            Sql.setInstant(s, 4, at);
            s.executeUpdate();
        }
    }

    /**
     * The conversations {@code agentId} was mentioned in at or after {@code since}, the latest mention first, at most
     * {@code limit}.
     */
    List<String> mentionedIn(Connection c, String agentId, Instant since, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, MAX(mentioned_at) AS latest "
                + "FROM note_mentions WHERE agent_id = ? AND mentioned_at >= ? GROUP BY conversation_id "
                + "ORDER BY latest DESC FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, agentId);
            Sql.setInstant(s, 2, since);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** How many conversations {@code agentId} was mentioned in at or after {@code since}. */
    long countMentionedIn(Connection c, String agentId, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT conversation_id) FROM note_mentions "
                + "WHERE agent_id = ? AND mentioned_at >= ?")) {
            s.setString(1, agentId);
            Sql.setInstant(s, 2, since);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void insertNote(Connection c, NoteRow n) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation_notes (id, conversation_id, kind, "
                + "author_id, author_name, body_sealed, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, n.id());
            s.setString(2, n.conversationId());
            s.setString(3, n.kind());
            s.setString(4, n.authorId());
            s.setString(5, n.authorName());
            s.setBytes(6, n.bodySealed());
            Sql.setString(s, 7, n.mentions());
            Sql.setInstant(s, 8, n.createdAt());
            s.executeUpdate();
        }
    }

    List<NoteRow> notes(Connection c, String conversationId) throws SQLException {
        List<NoteRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, conversation_id, kind, author_id, author_name, "
                + "body_sealed, mentions, created_at FROM conversation_notes WHERE conversation_id = ? "
                + "ORDER BY created_at, id")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new NoteRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBytes(6), rs.getString(7), Sql.instant(rs, 8)));
                }
            }
        }
        return out;
    }

    /** Replaces the body of one note (the retention job's emptied text). */
    void replaceNoteBody(Connection c, String noteId, byte[] bodySealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation_notes SET body_sealed = ? WHERE id = ?")) {
            s.setBytes(1, bodySealed);
            s.setString(2, noteId);
            s.executeUpdate();
        }
    }

    /** Whether the conversation exists at all (a note may be written on one routing never saw). */
    boolean conversationExists(Connection c, String conversationId) throws SQLException {
        return conversations.exists(c, conversationId);
    }
}
