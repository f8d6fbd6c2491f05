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

    /** Translates the message (memory, cache, engines), stores what became of it and announces it. */
    Future<MessageTranslation> translate(String messageId, String source, String target, String direction,
            int attempt) {
        return store.read(c -> original(c, messageId)).compose(o -> {
            TranslationRecords.MessageRow m = o.message();
            return memory.translate(m.conversationId(), m.contactId(), o.text(), source, target, m.region())
                    .compose(t -> store.write(c -> put(c, m.conversationId(), messageId, direction, source, target,
                            t, attempt)))
                    .onSuccess(stored -> announce(stored, m.conversationId()));
        });
    }

    /** Stores (or replaces) the message's translation, its text sealed; returns it as stored. */
    MessageTranslation put(Connection c, String conversationId, String messageId, String direction, String source,
            String target, Translation t, int attempts) throws SQLException {
        byte[] sealed = t.translated() ? conversations.sealForConversation(c, conversationId,
                TranslationRecords.TABLE, messageId, "text_sealed", t.text()) : null;
        TranslationRecords.upsert(c, messageId, direction, source, target, t, sealed, attempts);
        return open(c, TranslationRecords.ofMessage(c, messageId).orElseThrow());
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
                new TranslationStored(stored.messageId(), conversationId, stored.status()));
        if (OUTBOUND.equals(stored.direction()) && stored.translated()) {
            // The visitor's widget receives every event of its conversation: the reply in the visitor's language.
            vertx.eventBus().publish(ChatHub.conversationAddress(conversationId), new MessageTranslated(conversationId,
                    stored.messageId(), stored.source(), stored.target(), stored.text(), stored.engine()));
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
