package io.meridian.conversation;

import io.meridian.crypto.FieldCipher;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The files of messages, from every channel and from agents ({@code message_attachments}, created by migration V8):
 * name, media type and content sealed with the contact's data key (AAD: table, attachment id, column), so erasing
 * the customer shreds them too; only the size is plain, for the list. They are written in the transaction that
 * stores their message ({@link ChannelConversations#append}, an agent's reply), and read here for the conversation's
 * list, a download, and the outbox that sends a reply's files.
 */
public final class MessageAttachments {

    private static final String TABLE = "message_attachments";

    private final ConversationStorage storage;

    MessageAttachments(ConversationStorage storage) {
        this.storage = storage;
    }

    /** Stores the message's files in order, unless it has them already (a redelivery); in the caller's transaction. */
    void insert(Connection c, String conversationId, String messageId, SecretKey key, List<NewAttachment> files)
            throws SQLException {
        if (files.isEmpty() || has(c, messageId)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO message_attachments (id, message_id, "
                + "conversation_id, position, name_sealed, media_sealed, content_sealed, size_bytes) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < files.size(); i++) {
                NewAttachment file = files.get(i);
                String id = TimeOrderedIds.next();
                s.setString(1, id);
                s.setString(2, messageId);
                s.setString(3, conversationId);
                s.setInt(4, i);
                s.setBytes(5, FieldCipher.sealText(key, file.name(), TABLE, id, "name_sealed"));
                s.setBytes(6, FieldCipher.sealText(key, file.mediaType(), TABLE, id, "media_sealed"));
                s.setBytes(7, FieldCipher.seal(key, file.content(), TABLE, id, "content_sealed"));
                s.setLong(8, file.size());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The attachments of a conversation's messages, in message and file order (none for an unknown one). */
    public Future<List<StoredAttachment>> ofConversation(String conversationId) {
        return listed(conversationId, "conversation_id = ? ORDER BY message_id, position", conversationId);
    }

    /** The attachments of one message of the conversation, in file order, without their content. */
    public Future<List<StoredAttachment>> ofMessage(String conversationId, String messageId) {
        return listed(conversationId, "message_id = ? ORDER BY position", messageId);
    }

    private Future<List<StoredAttachment>> listed(String conversationId, String where, String value) {
        return storage.store.read(c -> {
            List<StoredAttachment> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, message_id, name_sealed, media_sealed, "
                    + "size_bytes FROM message_attachments WHERE " + where)) {
                s.setString(1, value);
                try (ResultSet rs = s.executeQuery()) {
                    SecretKey key = null;
                    while (rs.next()) {
                        key = key != null ? key : keyOf(c, conversationId);
                        String id = rs.getString(1);
                        out.add(new StoredAttachment(id, rs.getString(2), conversationId,
                                FieldCipher.openText(key, rs.getBytes(3), TABLE, id, "name_sealed"),
                                FieldCipher.openText(key, rs.getBytes(4), TABLE, id, "media_sealed"),
                                rs.getLong(5)));
                    }
                }
            }
            return out;
        });
    }

    /** The conversation an attachment belongs to, nothing opened; empty for an unknown id. */
    public Future<Optional<String>> conversationOf(String attachmentId) {
        return storage.store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT conversation_id FROM message_attachments WHERE id = ?")) {
                s.setString(1, attachmentId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** One attachment with its content, for a download; empty for an unknown id. */
    public Future<Optional<AttachmentFile>> file(String attachmentId) {
        return storage.store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT message_id, conversation_id, name_sealed, "
                    + "media_sealed, size_bytes, content_sealed FROM message_attachments WHERE id = ?")) {
                s.setString(1, attachmentId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AttachmentFile>empty();
                    }
                    String conversationId = rs.getString(2);
                    SecretKey key = keyOf(c, conversationId);
                    return Optional.of(new AttachmentFile(new StoredAttachment(attachmentId, rs.getString(1),
                            conversationId,
                            FieldCipher.openText(key, rs.getBytes(3), TABLE, attachmentId, "name_sealed"),
                            FieldCipher.openText(key, rs.getBytes(4), TABLE, attachmentId, "media_sealed"),
                            rs.getLong(5)),
                            FieldCipher.open(key, rs.getBytes(6), TABLE, attachmentId, "content_sealed")));
                }
            }
        });
    }

    /** A message's files with their content, in order, opened with {@code key}: what the outbox sends. */
    List<AttachmentFile> ofMessage(Connection c, String conversationId, String messageId, SecretKey key)
            throws SQLException {
        List<AttachmentFile> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name_sealed, media_sealed, size_bytes, "
                + "content_sealed FROM message_attachments WHERE message_id = ? ORDER BY position")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new AttachmentFile(new StoredAttachment(id, messageId, conversationId,
                            FieldCipher.openText(key, rs.getBytes(2), TABLE, id, "name_sealed"),
                            FieldCipher.openText(key, rs.getBytes(3), TABLE, id, "media_sealed"), rs.getLong(4)),
                            FieldCipher.open(key, rs.getBytes(5), TABLE, id, "content_sealed")));
                }
            }
        }
        return out;
    }

    private static boolean has(Connection c, String messageId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM message_attachments WHERE message_id = ?")) {
            q.setString(1, messageId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private SecretKey keyOf(Connection c, String conversationId) throws SQLException {
        String contactId = storage.records.contactIdOf(c, conversationId)
                .orElseThrow(() -> new NoSuchElementException("No conversation " + conversationId));
        return storage.keys.load(c, contactId);
    }
}
