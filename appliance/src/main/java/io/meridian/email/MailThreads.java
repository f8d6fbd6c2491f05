package io.meridian.email;

import io.meridian.crypto.BlindIndex;
import io.meridian.conversation.ConversationRecords;
import io.meridian.conversation.ConversationService;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Which conversation a mail belongs to, and the chain of Message-IDs our replies carry (table
 * {@code message_fingerprints}, migration V8). Every Message-ID sent or received in a conversation is remembered as
 * a keyed fingerprint (to find the thread) and sealed with the conversation's contact key (to write References).
 * <p>
 * A mail joins a conversation, in this order: when its In-Reply-To or References name a mail of the conversation;
 * else when its subject token names the conversation and the sender is that conversation's contact (a token is short
 * and guessable, so it never lets a stranger into someone's thread); otherwise it starts a new conversation.
 */
public final class MailThreads {

    private static final String TABLE = "message_fingerprints";
    private static final String COLUMN = "message_id_sealed";

    private final Store store;
    private final ConversationService conversations;
    private final MessageIdFingerprints fingerprints;
    private final ConversationRecords conversationRecords = new ConversationRecords();
    private final BlindIndex blindIndex;
    private final Clock clock;

    public MailThreads(Store store, ConversationService conversations, BlindIndex blindIndex, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.blindIndex = Objects.requireNonNull(blindIndex, "blindIndex");
        this.fingerprints = new MessageIdFingerprints(blindIndex);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * For the retention job (docs/privacy.md#retention), inside its store work: forgets the Message-IDs of a
     * conversation whose transcript it erased. A later reply to that old thread starts a new conversation.
     */
    public int forgetThread(java.sql.Connection c, String conversationId) throws java.sql.SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM message_fingerprints WHERE conversation_id = ?")) {
            d.setString(1, conversationId);
            return d.executeUpdate();
        }
    }

    /** Remembers Message-IDs (with or without brackets) as mails of the conversation; known ids are left alone. */
    public Future<Integer> remember(String conversationId, List<String> messageIds) {
        List<String> ids = new ArrayList<>();
        for (String raw : messageIds) {
            String id = MessageIds.normalise(raw);
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return store.write(c -> {
            int added = 0;
            for (String id : ids) {
                String fingerprint = fingerprints.of(id);
                if (conversationOf(c, fingerprint).isPresent()) {
                    continue;
                }
                byte[] sealed = conversations.sealForConversation(c, conversationId, TABLE, fingerprint, COLUMN, id);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO message_fingerprints (fingerprint, "
                        + "conversation_id, message_id_sealed, created_at) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, fingerprint);
                    s.setString(2, conversationId);
                    s.setBytes(3, sealed);
                    s.setTimestamp(4, Timestamp.from(clock.instant()), utc());
                    s.executeUpdate();
                }
                added++;
            }
            return added;
        });
    }

    /**
     * The conversation an inbound mail from {@code senderAddress} (an e-mail address) joins, or empty for a new one.
     * {@code token} is the subject's thread token ({@code x-meridian-thread-token}) or null.
     */
    public Future<Optional<String>> conversationFor(String senderAddress, String inReplyTo, List<String> references,
            String token) {
        List<String> ancestors = fingerprints.ofAncestors(inReplyTo, references);
        String tokenPrefix = token == null ? null : token.strip().toLowerCase(Locale.ROOT);
        boolean tokenUsable = tokenPrefix != null && tokenPrefix.matches("[0-9a-f]{8}") && senderAddress != null
                && !senderAddress.isBlank();
        String senderIndex = tokenUsable ? blindIndex.of(BlindIndex.EMAIL, senderAddress) : null;
        return store.read(c -> {
            for (String fingerprint : ancestors) {
                Optional<String> found = conversationOf(c, fingerprint);
                if (found.isPresent()) {
                    return found;
                }
            }
            // The sender's conversation the token names (its contact, or a contact merged into it, wrote it).
            return tokenUsable ? conversationRecords.threadOfIdentity(c, tokenPrefix, BlindIndex.EMAIL, senderIndex)
                    : Optional.<String>empty();
        });
    }

    /** The conversation's Message-IDs (bare, without brackets), oldest first. */
    public Future<List<String>> chain(String conversationId) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT fingerprint, message_id_sealed FROM "
                    + "message_fingerprints WHERE conversation_id = ? ORDER BY position")) {
                s.setString(1, conversationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(conversations.openForConversation(c, conversationId, TABLE, rs.getString(1), COLUMN,
                                rs.getBytes(2)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The threading headers of a reply in the conversation: In-Reply-To is the customer's latest mail
     * ({@code customerLastId}, as the delivery gives it), References the thread's chain ending with it.
     */
    public Future<ReplyThreading> replyThreading(String conversationId, String customerLastId) {
        return chain(conversationId).map(ids -> {
            String parent = MessageIds.normalise(customerLastId);
            List<String> chain = new ArrayList<>(ids);
            if (parent != null) {
                chain.remove(parent);
                chain.add(parent); // the answered mail comes last
            }
            List<String> refs = MessageIds.references(chain).stream().map(MessageIds::bracketed).toList();
            return new ReplyThreading(parent == null ? null : MessageIds.bracketed(parent), refs);
        });
    }

    /** In-Reply-To (null when the customer's mail is unknown) and References of an outgoing reply, bracketed. */
    public record ReplyThreading(String inReplyTo, List<String> references) {
    }

    private static Optional<String> conversationOf(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT conversation_id FROM message_fingerprints WHERE fingerprint = ?")) {
            s.setString(1, fingerprint);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
