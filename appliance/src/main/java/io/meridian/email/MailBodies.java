package io.meridian.email;

import io.meridian.conversation.ConversationService;
import io.meridian.conversation.StoredAttachment;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an inbound mail beyond its plain text (migration V8): the sanitised HTML, subject and sender, sealed
 * with the conversation's contact key like the message body, so erasing the customer shreds them too. Attachments
 * are every channel's and kept by the conversation capability ({@code conversation.MessageAttachments}); a mail's
 * parts list them beside the HTML.
 */
public final class MailBodies {

    /** The sanitised HTML of a message and whether a machine wrote it ("auto-reply", "bounce" or null). */
    public record HtmlPart(String messageId, String conversationId, String html, String automatic) {
    }

    private final Store store;
    private final ConversationService conversations;

    public MailBodies(Store store, ConversationService conversations) {
        this.store = Objects.requireNonNull(store, "store");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
    }

    /**
     * Stores a message's sanitised HTML (may be null), automatic mark, subject and sender address (each may be null);
     * a redelivery changes nothing.
     */
    void saveHtml(Connection c, String conversationId, String messageId, String sanitisedHtml, String automatic,
            String subject, String sender) throws SQLException {
        if (exists(c, "SELECT 1 FROM message_html WHERE message_id = ?", messageId)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO message_html (message_id, conversation_id, "
                + "html_sealed, automatic, subject_sealed, sender_sealed) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, messageId);
            s.setString(2, conversationId);
            s.setBytes(3, sanitisedHtml == null || sanitisedHtml.isEmpty() ? null
                    : conversations.sealForConversation(c, conversationId, "message_html", messageId, "html_sealed",
                            sanitisedHtml));
            s.setString(4, automatic);
            s.setBytes(5, subject == null ? null : conversations.sealForConversation(c, conversationId,
                    "message_html", messageId, "subject_sealed", subject));
            s.setBytes(6, sender == null ? null : conversations.sealForConversation(c, conversationId,
                    "message_html", messageId, "sender_sealed", sender));
            s.executeUpdate();
        }
    }

    /**
     * For the retention job (docs/privacy.md#retention), inside its store work: removes the HTML, subject and sender
     * of these mails, whose texts it erases; the automatic-mail mark stays (it says nothing about the customer).
     * How many mails had such parts.
     */
    public int forgetParts(Connection c, java.util.Collection<String> messageIds) throws SQLException {
        int forgotten = 0;
        try (PreparedStatement s = c.prepareStatement("UPDATE message_html SET html_sealed = NULL, "
                + "subject_sealed = NULL, sender_sealed = NULL WHERE message_id = ?")) {
            for (String id : messageIds) {
                s.setString(1, id);
                forgotten += s.executeUpdate();
            }
        }
        return forgotten;
    }

    /** The message's sanitised HTML part, if it came by mail. */
    public Future<Optional<HtmlPart>> html(String messageId) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT conversation_id, html_sealed, automatic FROM message_html WHERE message_id = ?")) {
                s.setString(1, messageId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<HtmlPart>empty();
                    }
                    String conversationId = rs.getString(1);
                    byte[] sealed = rs.getBytes(2);
                    String html = sealed == null ? null : conversations.openForConversation(c, conversationId,
                            "message_html", messageId, "html_sealed", sealed);
                    return Optional.of(new HtmlPart(messageId, conversationId, html, rs.getString(3)));
                }
            }
        });
    }

    /**
     * What the console shows beside a conversation's messages: which have an HTML part, which a machine wrote
     * (message id to "auto-reply"/"bounce"), and the attachments.
     */
    public record Parts(java.util.Set<String> withHtml, java.util.Map<String, String> automatic,
            List<StoredAttachment> attachments) {

        public static final Parts NONE = new Parts(java.util.Set.of(), java.util.Map.of(), List.of());

        public boolean hasHtml(String messageId) {
            return withHtml.contains(messageId);
        }

        public String automaticOf(String messageId) {
            return automatic.getOrDefault(messageId, "");
        }

        public List<StoredAttachment> attachmentsOf(String messageId) {
            return attachments.stream().filter(a -> a.messageId().equals(messageId)).toList();
        }
    }

    /** The mail parts of a conversation's messages (nothing for a conversation that is not by mail). */
    public Future<Parts> parts(String conversationId) {
        return store.read(c -> {
            java.util.Set<String> withHtml = new java.util.HashSet<>();
            java.util.Map<String, String> automatic = new java.util.HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT message_id, html_sealed IS NOT NULL, automatic "
                    + "FROM message_html WHERE conversation_id = ?")) {
                s.setString(1, conversationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            withHtml.add(rs.getString(1));
                        }
                        if (rs.getString(3) != null) {
                            automatic.put(rs.getString(1), rs.getString(3));
                        }
                    }
                }
            }
            return new Parts(withHtml, automatic, List.<StoredAttachment>of());
        }).compose(p -> attachments(conversationId).map(list -> new Parts(p.withHtml(), p.automatic(), list)));
    }

    /**
     * What came by mail with one message: its subject and sender address (null for mail stored before they were
     * kept), its sanitised HTML (null if it had none), whether a machine wrote it, and its attachments.
     */
    public record MailMessage(String messageId, String subject, String sender, String html, String automatic,
            List<StoredAttachment> attachments) {
    }

    /**
     * The mail parts of those of {@code messageIds} in the conversation that came by mail, by message id (none for a
     * conversation that is not by mail).
     */
    public Future<java.util.Map<String, MailMessage>> messages(String conversationId, java.util.Set<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Future.succeededFuture(java.util.Map.of());
        }
        return attachments(conversationId).compose(all -> store.read(c -> {
            java.util.Map<String, MailMessage> out = new java.util.LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT message_id, html_sealed, automatic, subject_sealed, "
                    + "sender_sealed FROM message_html WHERE conversation_id = ?")) {
                s.setString(1, conversationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (!messageIds.contains(id)) {
                            continue;
                        }
                        out.put(id, new MailMessage(id,
                                open(c, conversationId, id, "subject_sealed", rs.getBytes(4)),
                                open(c, conversationId, id, "sender_sealed", rs.getBytes(5)),
                                open(c, conversationId, id, "html_sealed", rs.getBytes(2)),
                                rs.getString(3),
                                all.stream().filter(a -> a.messageId().equals(id)).toList()));
                    }
                }
            }
            return out;
        }));
    }

    private String open(Connection c, String conversationId, String messageId, String column, byte[] sealed)
            throws SQLException {
        return sealed == null ? null
                : conversations.openForConversation(c, conversationId, "message_html", messageId, column, sealed);
    }

    /** The attachments of a conversation's messages (every channel's, kept by the conversation capability). */
    public Future<List<StoredAttachment>> attachments(String conversationId) {
        return conversations.attachments().ofConversation(conversationId);
    }

    private static boolean exists(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
