package io.meridian.translation;

import io.meridian.store.Store;
import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Customers' messages in the language of who reads the conversation ({@link ConversationLanguages#languageFor} with
 * no agent): translated once their language is detected, and translated again when the conversation is routed,
 * assigned or transferred to someone who reads another language. The message itself was delivered already, so
 * translation never delays it.
 */
final class InboundTranslations {

    private final Store store;
    private final ConversationLanguages languages;
    private final StoredTranslations stored;

    InboundTranslations(Store store, ConversationLanguages languages, StoredTranslations stored) {
        this.store = store;
        this.languages = languages;
        this.stored = stored;
    }

    /** Translates a customer's message from its detected {@code language} and stores it. */
    Future<MessageTranslation> translate(String messageId, String language) {
        return stored.conversationOf(messageId).compose(conversationId -> {
            if (conversationId == null) {
                return Future.failedFuture(new NoSuchElementException("No message " + messageId));
            }
            return languages.languageFor(null, conversationId)
                    .compose(target -> into(messageId, language, target))
                    // Assigned meanwhile to an agent who reads another language: follow at once.
                    .compose(done -> languages.languageFor(null, conversationId).compose(now -> now.equals(
                            done.target()) ? Future.succeededFuture(done) : into(messageId, language, now)));
        });
    }

    /**
     * The conversation's customer messages follow into the language of who reads it now; those already in it stay
     * as they are. The number of messages translated again.
     */
    Future<Integer> retarget(String conversationId) {
        return languages.languageFor(null, conversationId).compose(target -> store.read(c ->
                TranslationRecords.ofConversation(c, conversationId)).compose(rows -> {
            List<TranslationRecords.Row> elsewhere = rows.stream().filter(row -> StoredTranslations.INBOUND.equals(
                    row.direction()) && row.source() != null && !target.equals(row.target())).toList();
            return StoredTranslations.inTurn(elsewhere, row -> into(row.messageId(), row.source(), target));
        }));
    }

    private Future<MessageTranslation> into(String messageId, String source, String target) {
        return stored.translate(messageId, source, target, StoredTranslations.INBOUND, 1);
    }
}
