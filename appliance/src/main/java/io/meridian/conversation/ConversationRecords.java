package io.meridian.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL of conversations and messages (migration V1). Runs inside the store's work; never commits. Bodies and
 * previews arrive sealed and leave sealed: opening them is the service's job.
 * <p>
 * The public methods are what other capabilities may read or change in these tables, inside their own store work
 * (with its connection, so their transaction stays one): the tables are this capability's, and nobody else runs SQL
 * on them.
 */
public final class ConversationRecords {

    /** A conversation row joined with what a summary needs from its contact (sealed name, wrapped data key). */
    record ConversationRow(String id, String contactId, String channel, ConversationStatus status, Instant createdAt,
            Instant lastMessageAt, long lastSeq, long messageCount, byte[] previewSealed, String lastAuthor,
            Instant customerWaitingSince, byte[] contactNameSealed, byte[] contactDataKey) {
    }

    /** A message row with its sealed body. */
    record MessageRow(String id, String conversationId, String contactId, long seq, Author author, String authorId,
            String authorName, String clientMessageId, byte[] bodySealed, Instant createdAt) {
    }

    /**
     * A conversation in a contact's history: {@code contactId} is the contact it was written under (a merged
     * contact's conversations keep theirs).
     */
    public record ConversationOfContact(String id, String contactId, String channel, ConversationStatus status,
            Instant createdAt, Instant lastActivityAt, long messageCount) {
    }

    /** A message with its body still sealed, and the region its contact's data is kept in. */
    public record SealedMessage(String id, String conversationId, String contactId, Author author, String authorId,
            String clientMessageId, byte[] bodySealed, String contactRegion) {
    }

    /** Ids per {@code IN (...)} when other capabilities ask about many messages at once. */
    private static final int IN_LIST = 200;
    /**
     * The conversation's own columns; its contact's (name, data key) are read after it, never by a join: a join keeps
     * the conversation's row locked while it waits for the contact's, see {@link #facts}.
     */
    private static final String CONVERSATION_COLUMNS = "SELECT cv.id, cv.contact_id, cv.channel, cv.status, "
            + "cv.created_at, cv.last_message_at, cv.last_seq, cv.message_count, cv.last_preview_sealed, "
            + "cv.last_author, cv.customer_waiting_since FROM conversations cv ";
    private static final String MESSAGE_COLUMNS = "SELECT id, conversation_id, contact_id, seq, author, author_id, "
            + "author_name, client_msg_id, body_sealed, created_at FROM messages ";

    Optional<ConversationRow> byId(Connection c, String id) throws SQLException {
        return firstConversation(c, CONVERSATION_COLUMNS + "WHERE cv.id = ?", id);
    }

    /**
     * The contact's open conversation on one channel (a connector instance). Usually at most one; a closed one the
     * customer's thread reopened may make two, and then the one with the newest activity takes unthreaded messages.
     */
    Optional<ConversationRow> openOnChannel(Connection c, String contactId, String channel) throws SQLException {
        return firstConversation(c, CONVERSATION_COLUMNS
                + "WHERE cv.contact_id = ? AND cv.channel = ? AND cv.status = 'OPEN' "
                + "ORDER BY cv.last_activity_at DESC, cv.id FETCH FIRST 1 ROWS ONLY", contactId, channel);
    }

    /**
     * The conversation a channel message's thread names, if a customer may join it: it is on {@code channel} and
     * belongs to {@code contactId} or to a contact merged into it. Empty otherwise (unknown, another customer's,
     * another channel's).
     */
    Optional<ConversationRow> joinableThread(Connection c, String conversationId, String contactId, String channel)
            throws SQLException {
        Optional<ConversationRow> thread = firstConversation(c, CONVERSATION_COLUMNS
                + "WHERE cv.id = ? AND cv.channel = ?", conversationId, channel);
        if (thread.isEmpty() || thread.get().contactId().equals(contactId)) {
            return thread;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM contacts WHERE id = ? AND merged_into = ?")) {
            s.setString(1, thread.get().contactId());
            s.setString(2, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? thread : Optional.empty();
            }
        }
    }

    /** Opens a closed conversation again (its closing time cleared); false if it was not closed. */
    boolean reopen(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversations SET status = 'OPEN', closed_at = NULL, "
                + "version = version + 1 WHERE id = ? AND status = 'CLOSED'")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Marks a stored message as written by a machine (an auto-reply or a bounce; column of migration V9). */
    void markAutomatic(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE messages SET automatic = TRUE WHERE id = ?")) {
            s.setString(1, messageId);
            s.executeUpdate();
        }
    }

    /** The customer's latest message in the conversation ({@link #lastCustomerMessageAutomatic}: who wrote it). */
    Optional<MessageRow> lastCustomerMessage(Connection c, String conversationId) throws SQLException {
        return firstMessage(c, MESSAGE_COLUMNS
                + "WHERE conversation_id = ? AND author = 'VISITOR' ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY",
                conversationId);
    }

    /** Whether the customer's latest message in the conversation was written by a machine (false if none). */
    boolean lastCustomerMessageAutomatic(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT automatic FROM messages WHERE conversation_id = ? "
                + "AND author = 'VISITOR' ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** One message by its id. */
    Optional<MessageRow> messageById(Connection c, String messageId) throws SQLException {
        return firstMessage(c, MESSAGE_COLUMNS + "WHERE id = ?", messageId);
    }

    /** The contact's conversation on {@code channel} with the newest activity, open or closed. */
    Optional<ConversationRow> latestOnChannel(Connection c, String contactId, String channel) throws SQLException {
        return firstConversation(c, CONVERSATION_COLUMNS + "WHERE cv.contact_id = ? AND cv.channel = ? "
                + "ORDER BY cv.last_activity_at DESC, cv.id FETCH FIRST 1 ROWS ONLY", contactId, channel);
    }

    /** The conversations with these ids that exist, in the order of {@code ids}. */
    List<ConversationRow> byIds(Connection c, List<String> ids) throws SQLException {
        Map<String, ConversationRow> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            try (PreparedStatement s = c.prepareStatement(CONVERSATION_COLUMNS + "WHERE cv.id IN ("
                    + placeholders(chunk) + ")")) {
                setStrings(s, 1, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    all(rs, ConversationRecords::conversation).forEach(row -> found.put(row.id(), row));
                }
            }
        }
        List<ConversationRow> ordered = ids.stream().distinct().map(found::get).filter(Objects::nonNull).toList();
        return withContacts(c, ordered);
    }

    /** Conversations in {@code status} (any if null), newest activity first. */
    List<ConversationRow> list(Connection c, ConversationStatus status, int limit) throws SQLException {
        String sql = CONVERSATION_COLUMNS + (status == null ? "" : "WHERE cv.status = ? ")
                + "ORDER BY cv.last_activity_at DESC, cv.id FETCH FIRST ? ROWS ONLY";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int index = 1;
            if (status != null) {
                s.setString(index++, status.name());
            }
            s.setInt(index, limit);
            List<ConversationRow> rows;
            try (ResultSet rs = s.executeQuery()) {
                rows = all(rs, ConversationRecords::conversation);
            }
            return withContacts(c, rows);
        }
    }

    long countOpen(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM conversations WHERE status = 'OPEN'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void insertConversation(Connection c, String id, String contactId, String channel, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO conversations (id, contact_id, channel, status, "
                + "created_at, last_activity_at) VALUES (?, ?, ?, 'OPEN', ?, ?)")) {
            s.setString(1, id);
            s.setString(2, contactId);
            s.setString(3, channel);
            s.setTimestamp(4, Times.timestamp(now), Times.utc());
            s.setTimestamp(5, Times.timestamp(now), Times.utc());
            s.executeUpdate();
        }
    }

    /** Closes an open conversation; false if it was not open (closed already, or unknown). */
    boolean close(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversations SET status = 'CLOSED', closed_at = ?, "
                + "version = version + 1 WHERE id = ? AND status = 'OPEN'")) {
            s.setTimestamp(1, Times.timestamp(now), Times.utc());
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Whether the conversation exists. */
    public boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM conversations WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A visitor's earlier message with this client id, in any of the contact's conversations. */
    Optional<MessageRow> visitorMessageByClientId(Connection c, String contactId, String clientMessageId)
            throws SQLException {
        return firstMessage(c, MESSAGE_COLUMNS + "WHERE contact_id = ? AND author = 'VISITOR' AND client_msg_id = ?",
                contactId, clientMessageId);
    }

    /**
     * An agent's (or, for {@link Author#SYSTEM}, Meridian's own) earlier message with this client id in the
     * conversation: agent replies and system notices are both idempotent per conversation.
     */
    Optional<MessageRow> staffMessageByClientId(Connection c, String conversationId, Author author,
            String clientMessageId) throws SQLException {
        return firstMessage(c, MESSAGE_COLUMNS + "WHERE conversation_id = ? AND author = ? AND client_msg_id = ?",
                conversationId, author.name(), clientMessageId);
    }

    /**
     * The conversation's channel and status with its contact's unsealed routing facts. Two reads, not a join: a
     * join keeps its lock on the conversation's row while it waits for the contact's, and the store's writer, whose
     * one transaction may hold the contact (a language just recorded) and want the conversation (a message
     * appended), would then wait for it: a deadlock that stalled every write of a busy node.
     */
    Optional<ConversationFacts> facts(Connection c, String conversationId) throws SQLException {
        String contactId;
        String channel;
        ConversationStatus status;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT contact_id, channel, status FROM conversations WHERE id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                contactId = rs.getString(1);
                channel = rs.getString(2);
                status = ConversationStatus.valueOf(rs.getString(3));
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT locale, time_zone, country, language, browser_languages, "
                + "restricted_at FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String languages = rs.getString(5);
                return Optional.of(new ConversationFacts(conversationId, contactId, channel, status, rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4),
                        languages == null || languages.isBlank() ? List.of() : List.of(languages.split(",")),
                        rs.getTimestamp(6) != null));
            }
        }
    }

    /** The id of the conversation's contact; empty when there is no such conversation. */
    public Optional<String> contactIdOf(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT contact_id FROM conversations WHERE id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The conversations of the contact and of every contact merged into it, newest activity first. */
    public List<ConversationOfContact> ofContactAndMerged(Connection c, String contactId) throws SQLException {
        List<String> contacts = contactAndMerged(c, contactId);
        try (PreparedStatement s = c.prepareStatement("SELECT id, contact_id, channel, status, created_at, "
                + "last_activity_at, message_count FROM conversations WHERE contact_id IN (" + placeholders(contacts)
                + ") ORDER BY last_activity_at DESC, id")) {
            setStrings(s, 1, contacts);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, r -> new ConversationOfContact(r.getString(1), r.getString(2), r.getString(3),
                        ConversationStatus.valueOf(r.getString(4)), Times.instant(r.getTimestamp(5, Times.utc())),
                        Times.instant(r.getTimestamp(6, Times.utc())), r.getLong(7)));
            }
        }
    }

    /**
     * The conversation whose id starts with {@code idPrefix} (a mail's thread token) and that the contact with this
     * identity, or a contact merged into it, wrote; the newest by activity. Empty when there is none.
     */
    public Optional<String> threadOfIdentity(Connection c, String idPrefix, String identityKind, String blindIndex)
            throws SQLException {
        String identityContact;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT contact_id FROM contact_identities WHERE kind = ? AND blind_index = ?")) {
            s.setString(1, identityKind);
            s.setString(2, blindIndex);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                identityContact = rs.getString(1);
            }
        }
        List<String> contacts = contactAndMerged(c, identityContact);
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM conversations WHERE id LIKE ? AND contact_id IN ("
                + placeholders(contacts) + ") ORDER BY last_activity_at DESC")) {
            s.setString(1, idPrefix + "%");
            setStrings(s, 2, contacts);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The contact and the contacts merged into it. Read apart from the conversations, not joined with them, for the
     * reason {@link #facts} gives.
     */
    static List<String> contactAndMerged(Connection c, String contactId) throws SQLException {
        List<String> contacts = new ArrayList<>();
        contacts.add(contactId);
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM contacts WHERE merged_into = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                contacts.addAll(all(rs, r -> r.getString(1)));
            }
        }
        return contacts;
    }

    /**
     * Up to {@code limit} messages of every conversation with an id after {@code afterId}, in id order: message ids
     * are time-ordered, so this is the order they were written in (the search index catches up with it).
     */
    List<MessageRow> messagesAfter(Connection c, String afterId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MESSAGE_COLUMNS
                + "WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, afterId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, ConversationRecords::message);
            }
        }
    }

    /** The ids of up to {@code limit} conversations with activity or closed at or after {@code since}. */
    List<String> activeSince(Connection c, Instant since, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM conversations WHERE last_activity_at >= ? "
                + "OR closed_at >= ? FETCH FIRST ? ROWS ONLY")) {
            s.setTimestamp(1, Times.timestamp(since), Times.utc());
            s.setTimestamp(2, Times.timestamp(since), Times.utc());
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, r -> r.getString(1));
            }
        }
    }

    /** Each contact's region and language (null when not known), by contact id. */
    Map<String, String[]> regionsAndLanguages(Connection c, Collection<String> contactIds) throws SQLException {
        List<String> ids = List.copyOf(new LinkedHashSet<>(contactIds));
        Map<String, String[]> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            try (PreparedStatement s = c.prepareStatement("SELECT id, region, language FROM contacts WHERE id IN ("
                    + placeholders(chunk) + ")")) {
                setStrings(s, 1, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
            }
        }
        return out;
    }

    private static String placeholders(List<String> values) {
        return "?, ".repeat(values.size() - 1) + "?";
    }

    private static void setStrings(PreparedStatement s, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(first + i, values.get(i));
        }
    }

    /** The conversation's status; empty when there is no such conversation. */
    public Optional<ConversationStatus> statusOf(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM conversations WHERE id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(ConversationStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The ids of the contact's own conversations (not those of contacts merged into it), in any status. */
    public List<String> idsOfContact(Connection c, String contactId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM conversations WHERE contact_id = ?")) {
            s.setString(1, contactId);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, r -> r.getString(1));
            }
        }
    }

    /** The ids of the open conversations, oldest first. */
    public List<String> openIdsOldestFirst(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM conversations WHERE status = 'OPEN' ORDER BY created_at, id");
                ResultSet rs = s.executeQuery()) {
            return all(rs, r -> r.getString(1));
        }
    }

    /**
     * One message, sealed, with its contact's region; empty when there is no such message. Two reads, not a join,
     * for the reason {@link #facts} gives: the writer may hold the contact and want the message (its language).
     */
    public Optional<SealedMessage> sealedMessage(Connection c, String messageId) throws SQLException {
        SealedMessage message;
        try (PreparedStatement s = c.prepareStatement("SELECT id, conversation_id, contact_id, author, author_id, "
                + "client_msg_id, body_sealed FROM messages WHERE id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                message = new SealedMessage(rs.getString(1), rs.getString(2), rs.getString(3),
                        Author.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getBytes(7), null);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT region FROM contacts WHERE id = ?")) {
            s.setString(1, message.contactId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new SealedMessage(message.id(), message.conversationId(),
                        message.contactId(), message.author(), message.authorId(), message.clientMessageId(),
                        message.bodySealed(), rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The ids of the conversation's messages in their order ({@code seq}). */
    public List<String> messageIdsInOrder(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, r -> r.getString(1));
            }
        }
    }

    /** The conversation of each of the messages that exists, by message id. */
    public Map<String, String> conversationsOfMessages(Connection c, Collection<String> messageIds)
            throws SQLException {
        return byMessageId(c, "conversation_id", messageIds, rs -> rs.getString(2));
    }

    /** The place in its conversation ({@code seq}) of each of the messages that exists, by message id. */
    public Map<String, Long> seqsOfMessages(Connection c, Collection<String> messageIds) throws SQLException {
        return byMessageId(c, "seq", messageIds, rs -> rs.getLong(2));
    }

    /** The language detected on the customer's latest message that has one; empty when none has. */
    public Optional<String> lastCustomerLanguage(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT language FROM messages WHERE conversation_id = ? "
                + "AND author = 'VISITOR' AND language IS NOT NULL ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** One column of many messages, asked {@value #IN_LIST} ids at a time so each statement stays small. */
    private static <T> Map<String, T> byMessageId(Connection c, String column, Collection<String> messageIds,
            RowMapper<T> value) throws SQLException {
        List<String> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        Map<String, T> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            try (PreparedStatement s = c.prepareStatement("SELECT id, " + column + " FROM messages WHERE id IN ("
                    + placeholders(chunk) + ")")) {
                setStrings(s, 1, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), value.map(rs));
                    }
                }
            }
        }
        return out;
    }

    /** Sets the detected language of messages (columns of migration V5); returns how many of them exist. */
    int updateMessageLanguages(Connection c, List<MessageLanguage> detected) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE messages SET language = ?, language_confidence = ?, language_source = ? WHERE id = ?")) {
            for (MessageLanguage d : detected) {
                s.setString(1, d.language());
                s.setDouble(2, d.confidence());
                s.setString(3, d.source());
                s.setString(4, d.messageId());
                s.addBatch();
            }
            int updated = 0;
            for (int count : s.executeBatch()) {
                updated += Math.max(0, count);
            }
            return updated;
        }
    }

    /**
     * Messages after {@code afterSeq}, oldest first. The conversation's order index is named: Derby's optimizer, with
     * two indexes that both start with the conversation, sometimes chose the resend one, which reads every message of
     * the conversation and sorts them (ChatPathQueryPlansTest). The hint is a comment to any other database.
     */
    List<MessageRow> messages(Connection c, String conversationId, long afterSeq, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MESSAGE_COLUMNS
                + "--DERBY-PROPERTIES constraint=messages_conversation_seq\n"
                + "WHERE conversation_id = ? AND seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, conversationId);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                return all(rs, ConversationRecords::message);
            }
        }
    }

    /** Stores the message and moves its conversation's counters, newest-message time and preview along. */
    void append(Connection c, MessageRow m, byte[] previewSealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO messages (id, conversation_id, contact_id, seq, "
                + "author, author_id, author_name, client_msg_id, body_sealed, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, m.id());
            s.setString(2, m.conversationId());
            s.setString(3, m.contactId());
            s.setLong(4, m.seq());
            s.setString(5, m.author().name());
            setString(s, 6, m.authorId());
            setString(s, 7, m.authorName());
            setString(s, 8, m.clientMessageId());
            s.setBytes(9, m.bodySealed());
            s.setTimestamp(10, Times.timestamp(m.createdAt()), Times.utc());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE conversations SET last_seq = ?, "
                + "message_count = message_count + 1, last_message_at = ?, last_activity_at = ?, "
                + "last_preview_sealed = ?, last_author = ?" + waitingChange(m.author())
                + ", version = version + 1 WHERE id = ?")) {
            s.setLong(1, m.seq());
            s.setTimestamp(2, Times.timestamp(m.createdAt()), Times.utc());
            s.setTimestamp(3, Times.timestamp(m.createdAt()), Times.utc());
            s.setBytes(4, previewSealed);
            s.setString(5, m.author().name());
            int next = 6;
            if (m.author() == Author.VISITOR) {
                s.setTimestamp(next++, Times.timestamp(m.createdAt()), Times.utc());
            }
            s.setString(next, m.conversationId());
            s.executeUpdate();
        }
    }

    /**
     * How a message moves the customer's wait: theirs starts it (unless it runs already), an agent's reply ends it, a
     * system text (an off-hours reply) leaves it as it is.
     */
    private static String waitingChange(Author author) {
        return switch (author) {
            case VISITOR -> ", customer_waiting_since = COALESCE(customer_waiting_since, ?)";
            case AGENT -> ", customer_waiting_since = NULL";
            case SYSTEM -> "";
        };
    }

    private Optional<ConversationRow> firstConversation(Connection c, String sql, String... parameters)
            throws SQLException {
        Optional<ConversationRow> row = first(c, sql, parameters, ConversationRecords::conversation);
        return row.isEmpty() ? row : Optional.of(withContacts(c, List.of(row.get())).get(0));
    }

    /**
     * The rows with their contacts' sealed names and wrapped data keys, read after the conversations' rows,
     * {@value #IN_LIST} contacts per statement.
     */
    private static List<ConversationRow> withContacts(Connection c, List<ConversationRow> rows) throws SQLException {
        List<String> ids = rows.stream().map(ConversationRow::contactId).distinct().toList();
        Map<String, SealedContact> contacts = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            try (PreparedStatement s = c.prepareStatement("SELECT id, name_sealed, data_key FROM contacts WHERE id IN ("
                    + placeholders(chunk) + ")")) {
                setStrings(s, 1, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        contacts.put(rs.getString(1), new SealedContact(rs.getBytes(2), rs.getBytes(3)));
                    }
                }
            }
        }
        List<ConversationRow> out = new ArrayList<>(rows.size());
        for (ConversationRow row : rows) {
            SealedContact contact = contacts.get(row.contactId());
            if (contact == null) {
                throw new IllegalStateException("Conversation " + row.id() + " has no contact " + row.contactId());
            }
            out.add(new ConversationRow(row.id(), row.contactId(), row.channel(), row.status(), row.createdAt(),
                    row.lastMessageAt(), row.lastSeq(), row.messageCount(), row.previewSealed(), row.lastAuthor(),
                    row.customerWaitingSince(),
                    contact.nameSealed(), contact.dataKey()));
        }
        return out;
    }

    private record SealedContact(byte[] nameSealed, byte[] dataKey) {
    }

    private Optional<MessageRow> firstMessage(Connection c, String sql, String... parameters) throws SQLException {
        return first(c, sql, parameters, ConversationRecords::message);
    }

    /** The first row of a query whose parameters are all strings, mapped by {@code row}. */
    private static <T> Optional<T> first(Connection c, String sql, String[] parameters, RowMapper<T> row)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    private static <T> List<T> all(ResultSet rs, RowMapper<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(row.map(rs));
        }
        return rows;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static ConversationRow conversation(ResultSet rs) throws SQLException {
        return new ConversationRow(rs.getString(1), rs.getString(2), rs.getString(3),
                ConversationStatus.valueOf(rs.getString(4)), Times.instant(rs.getTimestamp(5, Times.utc())),
                Times.instant(rs.getTimestamp(6, Times.utc())), rs.getLong(7), rs.getLong(8), rs.getBytes(9),
                rs.getString(10), Times.instant(rs.getTimestamp(11, Times.utc())), null, null);
    }

    private static MessageRow message(ResultSet rs) throws SQLException {
        return new MessageRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Author.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9),
                Times.instant(rs.getTimestamp(10, Times.utc())));
    }

    private static void setString(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
