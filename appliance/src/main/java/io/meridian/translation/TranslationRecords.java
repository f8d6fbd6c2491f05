package io.meridian.translation;

import io.meridian.conversation.ConversationRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * SQL for message_translations and translation_segments (V7). Sealing is the caller's: these see only bytes. The
 * messages themselves are the conversation capability's ({@link ConversationRecords}).
 */
final class TranslationRecords {

    static final String TABLE = "message_translations";
    static final String SEGMENTS = "translation_segments";

    /** The messages are the conversation capability's: asked of their owner, in the caller's work. */
    private static final ConversationRecords CONVERSATIONS = new ConversationRecords();
    /** Message ids per {@code IN (...)}. */
    private static final int IN_LIST = 200;

    private TranslationRecords() {
    }

    /** A message's sealed body, conversation and the contact's region; empty if there is no such message. */
    record MessageRow(String id, String conversationId, String contactId, String author, byte[] bodySealed,
                      String region, String authorId, String clientMessageId) {
    }

    static Optional<MessageRow> message(Connection c, String messageId) throws SQLException {
        return CONVERSATIONS.sealedMessage(c, messageId).map(m -> new MessageRow(m.id(), m.conversationId(),
                m.contactId(), m.author().name(), m.bodySealed(), m.contactRegion(), m.authorId(),
                m.clientMessageId()));
    }

    /** Deletes the translations of these messages; how many there were. */
    static int forget(Connection c, java.util.Collection<String> messageIds) throws SQLException {
        int deleted = 0;
        try (PreparedStatement d = c.prepareStatement("DELETE FROM message_translations WHERE message_id = ?")) {
            for (String id : messageIds) {
                d.setString(1, id);
                deleted += d.executeUpdate();
            }
        }
        return deleted;
    }

    /** Deletes the contact's cached and remembered translations made before {@code before}. */
    static int forgetSegments(Connection c, String contactId, java.time.Instant before) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM translation_segments WHERE contact_id = ? "
                + "AND created_at < ?")) {
            d.setString(1, contactId);
            d.setTimestamp(2, java.sql.Timestamp.from(before));
            return d.executeUpdate();
        }
    }

    /** Stores (or replaces) the translation of a message. */
    static void upsert(Connection c, String messageId, String direction, String source, String target,
            Translation t, byte[] sealed, int attempts) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM message_translations WHERE message_id = ?")) {
            d.setString(1, messageId);
            d.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO message_translations (message_id, direction,"
                + " source_lang, target_lang, status, text_sealed, engine, confidence, via, detail, attempts,"
                + " flagged_bad, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)")) {
            s.setString(1, messageId);
            s.setString(2, direction);
            s.setString(3, source);
            s.setString(4, target);
            s.setString(5, t.outcome().name());
            // setBytes takes null as SQL NULL on both engines; PostgreSQL's driver would send a null BLOB as an oid.
            s.setBytes(6, sealed);
            s.setString(7, t.engine());
            s.setDouble(8, t.confidence());
            s.setString(9, t.via().isEmpty() ? null : String.join(",", t.via()));
            s.setString(10, t.detail() == null ? null : abbreviate(t.detail(), 300));
            s.setInt(11, attempts);
            s.setTimestamp(12, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
    }

    /** A stored translation row, its text still sealed. */
    record Row(String messageId, String conversationId, String direction, String source, String target,
               String status, byte[] sealed, String engine, double confidence, String via, String detail,
               int attempts, boolean flaggedBad) {

        MessageTranslation open(String text) {
            return new MessageTranslation(messageId, direction, source, target, status, text, engine, confidence,
                    via == null ? List.of() : Arrays.asList(via.split(",")), detail, attempts, flaggedBad);
        }
    }

    private static final String SELECT = "SELECT t.message_id, t.direction, t.source_lang, t.target_lang, t.status,"
            + " t.text_sealed, t.engine, t.confidence, t.via, t.detail, t.attempts, t.flagged_bad"
            + " FROM message_translations t ";

    /** The translations of the conversation's messages, in the messages' order. */
    static List<Row> ofConversation(Connection c, String conversationId) throws SQLException {
        List<String> messageIds = CONVERSATIONS.messageIdsInOrder(c, conversationId);
        Map<String, Row> byMessage = new HashMap<>();
        for (int from = 0; from < messageIds.size(); from += IN_LIST) {
            List<String> chunk = messageIds.subList(from, Math.min(messageIds.size(), from + IN_LIST));
            try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE t.message_id IN ("
                    + "?, ".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                for (Row row : rows(s, id -> conversationId)) {
                    byMessage.put(row.messageId(), row);
                }
            }
        }
        List<Row> out = new ArrayList<>();
        for (String id : messageIds) {
            Row row = byMessage.get(id);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    /** Whether the message has a stored translation. */
    static boolean exists(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM message_translations WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Optional<Row> ofMessage(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE t.message_id = ?")) {
            s.setString(1, messageId);
            return withConversations(c, s).stream().findFirst();
        }
    }

    /** Failed translations still to retry. */
    static List<Row> toRetry(Connection c, int maxAttempts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE t.status = 'FAILED' AND t.attempts < ?"
                + " ORDER BY t.updated_at FETCH FIRST 100 ROWS ONLY")) {
            s.setInt(1, maxAttempts);
            return withConversations(c, s);
        }
    }

    static boolean flagBad(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE message_translations SET flagged_bad = TRUE WHERE message_id = ?")) {
            s.setString(1, messageId);
            return s.executeUpdate() > 0;
        }
    }

    /** The rows with each message's conversation, asked of the messages' owner in the same work. */
    private static List<Row> withConversations(Connection c, PreparedStatement s) throws SQLException {
        List<Row> rows = rows(s, id -> null);
        Map<String, String> conversations = CONVERSATIONS.conversationsOfMessages(c,
                rows.stream().map(Row::messageId).toList());
        // As the join did, a translation whose message is gone is left out.
        return rows.stream().filter(r -> conversations.containsKey(r.messageId()))
                .map(r -> new Row(r.messageId(), conversations.get(r.messageId()), r.direction(), r.source(),
                        r.target(), r.status(), r.sealed(), r.engine(), r.confidence(), r.via(), r.detail(),
                        r.attempts(), r.flaggedBad()))
                .toList();
    }

    private static List<Row> rows(PreparedStatement s, UnaryOperator<String> conversationOf) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Row(r.getString(1), conversationOf.apply(r.getString(1)), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5), r.getBytes(6), r.getString(7), r.getDouble(8),
                        r.getString(9), r.getString(10), r.getInt(11), r.getBoolean(12)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ cache and memory

    /** A cached or remembered segment, still sealed. */
    record Segment(String id, byte[] sealed, String engine, double confidence, String via) {
    }

    static Optional<Segment> segment(Connection c, String contactId, String kind, String lookup) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, text_sealed, engine, confidence, via FROM"
                + " translation_segments WHERE contact_id = ? AND kind = ? AND lookup = ?")) {
            s.setString(1, contactId);
            s.setString(2, kind);
            s.setString(3, lookup);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Segment(r.getString(1), r.getBytes(2), r.getString(3),
                        r.getDouble(4), r.getString(5))) : Optional.empty();
            }
        }
    }

    /** A new segment id, for sealing before {@link #putSegment}. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    static void putSegment(Connection c, String id, String contactId, String kind, String lookup, byte[] sealed,
            String engine, double confidence, List<String> via, String agentId) throws SQLException {
        try (PreparedStatement d = c.prepareStatement(
                "DELETE FROM translation_segments WHERE contact_id = ? AND kind = ? AND lookup = ?")) {
            d.setString(1, contactId);
            d.setString(2, kind);
            d.setString(3, lookup);
            d.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO translation_segments (id, contact_id, kind, lookup,"
                + " text_sealed, engine, confidence, via, agent_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, contactId);
            s.setString(3, kind);
            s.setString(4, lookup);
            s.setBytes(5, sealed);
            s.setString(6, engine);
            s.setDouble(7, confidence);
            s.setString(8, via == null || via.isEmpty() ? null : String.join(",", via));
            s.setString(9, agentId);
            s.setTimestamp(10, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
