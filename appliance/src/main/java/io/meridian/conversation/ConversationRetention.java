package io.meridian.conversation;

import io.meridian.crypto.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * What the retention job (docs/privacy.md#retention) may find and erase in this capability's tables: the transcripts
 * of conversations closed long ago and the files of old messages. The methods take the connection of the caller's
 * own store work, so a batch is one transaction with what other capabilities erase beside it.
 * <p>
 * A message's text is not deleted but replaced by the sealed empty text: the row (author, time, language, seq) stays
 * for reports and the conversation's numbering, and every reader shows an empty text as it does for an erased
 * customer. The conversation keeps its counts, times, channel and status; only its preview goes.
 */
public final class ConversationRetention {

    /** A closed conversation whose messages above {@code erasedSeq} are due; {@code customerId}: merge survivor. */
    public record DueTranscript(String conversationId, String contactId, String customerId, Instant lastActivityAt,
            long lastSeq, long erasedSeq) {
        public long messagesDue() {
            return lastSeq - erasedSeq;
        }
    }

    /** A message's file that is due; {@code customerId}: the merge survivor of the message's contact. */
    public record DueAttachment(String id, String contactId, String customerId) {
    }

    /** What one write erased of a conversation; {@code finished}: nothing of it is left to erase. */
    public record ErasedTranscript(String conversationId, List<String> messageIds, int attachments,
            boolean finished) {
    }

    private final ContactKeys keys;

    ConversationRetention(ContactKeys keys) {
        this.keys = keys;
    }

    /** The home regions contacts have here, so each gets its own policy. */
    public List<String> regions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT region FROM contacts ORDER BY region");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The home region of each of these contacts that exists. */
    public Map<String, String> regionsOf(Connection c, Collection<String> contactIds) throws SQLException {
        Map<String, String> out = new HashMap<>();
        List<String> ids = List.copyOf(contactIds);
        for (int from = 0; from < ids.size(); from += 200) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            try (PreparedStatement s = c.prepareStatement("SELECT id, region FROM contacts WHERE id IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Up to {@code limit} closed conversations of contacts homed in {@code region}, last active before
     * {@code before}, with messages not yet erased, after the cursor ({@code afterActivity}, {@code afterId}; null
     * for the first page), oldest first.
     */
    public List<DueTranscript> dueTranscripts(Connection c, String region, Instant before, Instant afterActivity,
            String afterId, int limit) throws SQLException {
        String sql = "SELECT cv.id, cv.contact_id, ct.merged_into, cv.last_activity_at, cv.last_seq, "
                + "cv.transcript_erased_seq FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id "
                + "WHERE cv.status = 'CLOSED' AND cv.last_activity_at < ? AND ct.region = ? "
                + "AND cv.last_seq > cv.transcript_erased_seq "
                // The plain lower bound lets the index on (status, last_activity_at) start at the cursor; the OR
                // alone would make every page scan from the oldest conversation again.
                + (afterId == null ? "" : "AND cv.last_activity_at >= ? "
                        + "AND (cv.last_activity_at > ? OR (cv.last_activity_at = ? AND cv.id > ?)) ")
                + "ORDER BY cv.last_activity_at, cv.id FETCH FIRST " + limit + " ROWS ONLY";
        List<DueTranscript> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Times.timestamp(before), Times.utc());
            s.setString(2, region);
            if (afterId != null) {
                s.setTimestamp(3, Times.timestamp(afterActivity), Times.utc());
                s.setTimestamp(4, Times.timestamp(afterActivity), Times.utc());
                s.setTimestamp(5, Times.timestamp(afterActivity), Times.utc());
                s.setString(6, afterId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String contact = rs.getString(2);
                    String into = rs.getString(3);
                    out.add(new DueTranscript(rs.getString(1), contact, into == null ? contact : into,
                            Times.instant(rs.getTimestamp(4, Times.utc())), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /**
     * How many files the conversation's messages above its erased seq hold that are not due by their own age
     * ({@code filesBefore} null: none are): what erasing its transcript removes beside the messages.
     */
    public int filesWithTranscript(Connection c, String conversationId, long afterSeq, Instant filesBefore)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM message_attachments a JOIN messages m "
                + "ON m.id = a.message_id WHERE a.conversation_id = ? AND m.seq > ?"
                + (filesBefore == null ? "" : " AND m.created_at >= ?"))) {
            s.setString(1, conversationId);
            s.setLong(2, afterSeq);
            if (filesBefore != null) {
                s.setTimestamp(3, Times.timestamp(filesBefore), Times.utc());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Erases up to {@code budget} messages of the conversation above its erased seq, oldest first: their text
     * replaced by the sealed empty text, their files deleted; the preview goes, and the erased seq moves up. Nothing
     * if the conversation was reopened or written to since it was found ({@code before}: its due time).
     */
    public ErasedTranscript eraseTranscript(Connection c, String conversationId, Instant before, int budget)
            throws SQLException {
        String contactId;
        long erasedSeq;
        try (PreparedStatement s = c.prepareStatement("SELECT contact_id, transcript_erased_seq FROM conversations "
                + "WHERE id = ? AND status = 'CLOSED' AND last_activity_at < ?")) {
            s.setString(1, conversationId);
            s.setTimestamp(2, Times.timestamp(before), Times.utc());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new ErasedTranscript(conversationId, List.of(), 0, true);
                }
                contactId = rs.getString(1);
                erasedSeq = rs.getLong(2);
            }
        }
        List<String> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, seq FROM messages WHERE conversation_id = ? "
                + "AND seq > ? ORDER BY seq FETCH FIRST " + (budget + 1) + " ROWS ONLY")) {
            s.setString(1, conversationId);
            s.setLong(2, erasedSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && ids.size() < budget + 1) {
                    ids.add(rs.getString(1));
                    seqs.add(rs.getLong(2));
                }
            }
        }
        boolean finished = ids.size() <= budget;
        if (!finished) {
            ids.remove(ids.size() - 1);
            seqs.remove(seqs.size() - 1);
        }
        long lastSeq = seqs.isEmpty() ? erasedSeq : seqs.get(seqs.size() - 1);
        SecretKey key = keys.load(c, contactId);
        try (PreparedStatement u = c.prepareStatement("UPDATE messages SET body_sealed = ? WHERE id = ?")) {
            for (String id : ids) {
                u.setBytes(1, emptied(key, "messages", id, "body_sealed"));
                u.setString(2, id);
                u.addBatch();
            }
            u.executeBatch();
        }
        int files = 0;
        try (PreparedStatement d = c.prepareStatement("DELETE FROM message_attachments WHERE conversation_id = ? "
                + "AND message_id IN (SELECT id FROM messages WHERE conversation_id = ? AND seq > ? AND seq <= ?)")) {
            d.setString(1, conversationId);
            d.setString(2, conversationId);
            d.setLong(3, erasedSeq);
            d.setLong(4, lastSeq);
            files = d.executeUpdate();
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE conversations SET transcript_erased_seq = ?, "
                + "last_preview_sealed = NULL WHERE id = ?")) {
            u.setLong(1, lastSeq);
            u.setString(2, conversationId);
            u.executeUpdate();
        }
        if (finished) {
            // The mail thread's subject and the sender's name as the channel gave them go with the transcript; the
            // address stays, as the customer's identity does.
            try (PreparedStatement u = c.prepareStatement("UPDATE channel_conversations SET subject_sealed = NULL, "
                    + "display_name_sealed = NULL WHERE conversation_id = ?")) {
                u.setString(1, conversationId);
                u.executeUpdate();
            }
        }
        return new ErasedTranscript(conversationId, List.copyOf(ids), files, finished);
    }

    /**
     * Up to {@code limit} files of messages of contacts homed in {@code region} written before {@code before}, in
     * id order after {@code afterId} (null: from the start).
     */
    public List<DueAttachment> dueAttachments(Connection c, String region, Instant before, String afterId, int limit)
            throws SQLException {
        String sql = "SELECT a.id, m.contact_id, ct.merged_into FROM message_attachments a "
                + "JOIN messages m ON m.id = a.message_id JOIN contacts ct ON ct.id = m.contact_id "
                + "WHERE m.created_at < ? AND ct.region = ?" + (afterId == null ? "" : " AND a.id > ?")
                + " ORDER BY a.id FETCH FIRST " + limit + " ROWS ONLY";
        List<DueAttachment> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Times.timestamp(before), Times.utc());
            s.setString(2, region);
            if (afterId != null) {
                s.setString(3, afterId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String contact = rs.getString(2);
                    String into = rs.getString(3);
                    out.add(new DueAttachment(rs.getString(1), contact, into == null ? contact : into));
                }
            }
        }
        return out;
    }

    /** Deletes these files (the message stays, without them); how many were there. */
    public int deleteAttachments(Connection c, Collection<String> attachmentIds) throws SQLException {
        int deleted = 0;
        try (PreparedStatement d = c.prepareStatement("DELETE FROM message_attachments WHERE id = ?")) {
            for (String id : attachmentIds) {
                d.setString(1, id);
                deleted += d.executeUpdate();
            }
        }
        return deleted;
    }

    /**
     * The value an erased field holds: the sealed empty text, so every reader opens it as it opens any text; for an
     * erased customer (key shredded) no bytes at all, which opens empty the same way.
     */
    private static byte[] emptied(SecretKey key, String table, String rowId, String column) {
        return key == FieldCipher.SHREDDED ? new byte[0]
                : FieldCipher.seal(key, new byte[0], table, rowId, column);
    }
}
