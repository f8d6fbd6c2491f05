package io.meridian.translation;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Messages' translations kept beside the originals (message_translations, sealed with the contact's key): made from
 * the message's text, stored (a FAILED one too, so it is retried), opened for reading, and announced on
 * {@link ConversationTranslator#STORED_ADDRESS}.
 */
final class StoredTranslations {

    /** A customer's message, translated into the agents' language. */
    static final String INBOUND = "INBOUND";
    /** An agent's reply, translated into the customer's language. */
    static final String OUTBOUND = "OUTBOUND";

    private final Vertx vertx;
    private final Store store;
    private final ConversationService conversations;
    private final ContactMemory memory;

    StoredTranslations(Vertx vertx, Store store, ConversationService conversations, ContactMemory memory) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.memory = memory;
    }

    /** A message and its text, opened. */
    record Original(TranslationRecords.MessageRow message, String text) {
    }

    Original original(Connection c, String messageId) throws SQLException {
        TranslationRecords.MessageRow m = TranslationRecords.message(c, messageId)
                .orElseThrow(() -> new NoSuchElementException("No message " + messageId));
        return new Original(m, conversations.openForConversation(c, m.conversationId(), "messages", messageId,
                "body_sealed", m.bodySealed()));
    }

    /**
     * Translates the message (memory, cache, engines), stores what became of it and announces it. An outcome with
     * nothing to show (same language, no engine for the pair, translation off) is stored only over an earlier
     * translation of the message, which it replaces; otherwise nothing changed, so nothing is written (the console
     * shows such a message as it shows one never translated).
     */
    Future<MessageTranslation> translate(String messageId, String source, String target, String direction,
            int attempt) {
        return store.read(c -> new Seen(original(c, messageId), TranslationRecords.exists(c, messageId))).compose(
                seen -> {
                    TranslationRecords.MessageRow m = seen.original().message();
                    return memory.translate(m.conversationId(), m.contactId(), seen.original().text(), source, target,
                                    m.region())
                            .compose(t -> !seen.stored() && nothingToShow(t)
                                    ? Future.succeededFuture(unstored(messageId, direction, source, target, t, attempt))
                                    : store.write(c -> put(c, m.conversationId(), messageId, direction, source,
                                            target, t, attempt)))
                            .onSuccess(done -> announce(done, m.conversationId()));
                });
    }

    /** The message's text as written, opened. */
    Future<String> text(String messageId) {
        return store.read(c -> original(c, messageId).text());
    }

    /** The message, and whether it has a stored translation already. */
    private record Seen(Original original, boolean stored) {
    }

    private static boolean nothingToShow(Translation t) {
        return t.outcome() == Translation.Outcome.SAME_LANGUAGE || t.outcome() == Translation.Outcome.NO_ENGINE
                || t.outcome() == Translation.Outcome.DISABLED;
    }

    /** Stores (or replaces) the message's translation, its text sealed; returns it as stored. */
    MessageTranslation put(Connection c, String conversationId, String messageId, String direction, String source,
            String target, Translation t, int attempts) throws SQLException {
        byte[] sealed = t.translated() ? conversations.sealForConversation(c, conversationId,
                TranslationRecords.TABLE, messageId, "text_sealed", t.text()) : null;
        TranslationRecords.upsert(c, messageId, direction, source, target, t, sealed, attempts);
        return unstored(messageId, direction, source, target, t, attempts);
    }

    /** The translation as {@link #put} stores it (a replaced row starts unflagged). */
    private static MessageTranslation unstored(String messageId, String direction, String source, String target,
            Translation t, int attempts) {
        return new MessageTranslation(messageId, direction, source, target, t.outcome().name(),
                t.translated() ? t.text() : null, t.engine(), t.confidence(), t.via(),
                t.detail() == null ? null : TranslationRecords.abbreviate(t.detail(), 300), attempts, false);
    }

    /** The stored translations of a conversation's messages, opened. */
    Future<List<MessageTranslation>> ofConversation(String conversationId) {
        return store.read(c -> {
            List<MessageTranslation> out = new ArrayList<>();
            for (TranslationRecords.Row row : TranslationRecords.ofConversation(c, conversationId)) {
                out.add(open(c, row));
            }
            return out;
        });
    }

    Future<Optional<MessageTranslation>> ofMessage(String messageId) {
        return store.read(c -> {
            Optional<TranslationRecords.Row> row = TranslationRecords.ofMessage(c, messageId);
            return row.isEmpty() ? Optional.<MessageTranslation>empty() : Optional.of(open(c, row.get()));
        });
    }

    /** The conversation of a message, or null when there is no such message. */
    Future<String> conversationOf(String messageId) {
        return store.read(c -> TranslationRecords.message(c, messageId)
                .map(TranslationRecords.MessageRow::conversationId).orElse(null));
    }

    MessageTranslation open(Connection c, TranslationRecords.Row row) throws SQLException {
        String text = row.sealed() == null ? null : conversations.openForConversation(c, row.conversationId(),
                TranslationRecords.TABLE, row.messageId(), "text_sealed", row.sealed());
        return row.open(text);
    }

    void announce(MessageTranslation stored, String conversationId) {
        vertx.eventBus().publish(ConversationTranslator.STORED_ADDRESS,
                new TranslationStored(stored.messageId(), conversationId, stored.status()), ChatHub.local());
        if (OUTBOUND.equals(stored.direction()) && stored.translated()) {
            // The visitor's widget receives every event of its conversation: the reply in the visitor's language.
            vertx.eventBus().publish(ChatHub.conversationAddress(conversationId), new MessageTranslated(conversationId,
                    stored.messageId(), stored.source(), stored.target(), stored.text(), stored.engine()),
                    ChatHub.local());
        }
    }

    /**
     * Runs {@code each} on the rows one after another (one engine call at a time, however many rows), whatever
     * becomes of each; the number of rows once all are done.
     */
    static Future<Integer> inTurn(List<TranslationRecords.Row> rows,
            Function<TranslationRecords.Row, Future<MessageTranslation>> each) {
        Future<?> chain = Future.succeededFuture();
        for (TranslationRecords.Row row : rows) {
            chain = chain.eventually(() -> each.apply(row));
        }
        return chain.transform(ar -> Future.succeededFuture(rows.size()));
    }
}
