package io.meridian.translation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for message_translations and translation_segments (V7). Sealing is the caller's: these see only bytes. */
final class TranslationRecords {

    static final String TABLE = "message_translations";
    static final String SEGMENTS = "translation_segments";

    private TranslationRecords() {
    }

    /** A message's sealed body, conversation and the contact's region; empty if there is no such message. */
    record MessageRow(String id, String conversationId, String contactId, String author, byte[] bodySealed,
                      String region, String authorId, String clientMessageId) {
    }

    static Optional<MessageRow> message(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT m.id, m.conversation_id, m.contact_id, m.author,"
                + " m.body_sealed, k.region, m.author_id, m.client_msg_id FROM messages m"
                + " JOIN contacts k ON k.id = m.contact_id WHERE m.id = ?")) {
            s.setString(1, messageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new MessageRow(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getBytes(5), r.getString(6), r.getString(7), r.getString(8)))
                        : Optional.empty();
            }
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
            if (sealed == null) {
                s.setNull(6, Types.BLOB);
            } else {
                s.setBytes(6, sealed);
            }
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

    private static final String SELECT = "SELECT t.message_id, m.conversation_id, t.direction, t.source_lang,"
            + " t.target_lang, t.status, t.text_sealed, t.engine, t.confidence, t.via, t.detail, t.attempts,"
            + " t.flagged_bad FROM message_translations t JOIN messages m ON m.id = t.message_id ";

    static List<Row> ofConversation(Connection c, String conversationId) throws SQLException {
        return rows(c, SELECT + "WHERE m.conversation_id = ? ORDER BY m.seq", conversationId);
    }

    static Optional<Row> ofMessage(Connection c, String messageId) throws SQLException {
        return rows(c, SELECT + "WHERE t.message_id = ?", messageId).stream().findFirst();
    }

    /** Failed translations still to retry. */
    static List<Row> toRetry(Connection c, int maxAttempts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE t.status = 'FAILED' AND t.attempts < ?"
                + " ORDER BY t.updated_at FETCH FIRST 100 ROWS ONLY")) {
            s.setInt(1, maxAttempts);
            return rows(s);
        }
    }

    static boolean flagBad(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE message_translations SET flagged_bad = TRUE WHERE message_id = ?")) {
            s.setString(1, messageId);
            return s.executeUpdate() > 0;
        }
    }

    private static List<Row> rows(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            return rows(s);
        }
    }

    private static List<Row> rows(PreparedStatement s) throws SQLException {
        List<Row> out = new java.util.ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getBytes(7), r.getString(8), r.getDouble(9), r.getString(10),
                        r.getString(11), r.getInt(12), r.getBoolean(13)));
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

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
