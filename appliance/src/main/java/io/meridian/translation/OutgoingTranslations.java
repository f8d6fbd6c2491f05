package io.meridian.translation;

import io.meridian.conversation.ChannelDelivery;
import io.meridian.conversation.ConversationService;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' replies in the customer's language (the contact's known language, else that of the customer's latest
 * message). A chat reply is stored and sent as written and its translation follows; a channel reply alone waits for
 * its translation, bounded ({@link #deliveryText}).
 */
final class OutgoingTranslations {

    /** What a channel reply may wait beyond the translation timeout, for the store's reads and writes. */
    private static final long STORE_MARGIN_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingTranslations.class);

    private final Vertx vertx;
    private final Store store;
    private final ConversationService conversations;
    private final TranslationService service;
    private final ConversationLanguages languages;
    private final StoredTranslations stored;
    private final ReplyReview review;
    /** Outgoing translations in progress, by message id: a channel reply waits for its own. */
    private final Map<String, Future<Optional<MessageTranslation>>> outgoing = new ConcurrentHashMap<>();

    OutgoingTranslations(Vertx vertx, Store store, ConversationService conversations, TranslationService service,
            ConversationLanguages languages, StoredTranslations stored, ReplyReview review) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.service = service;
        this.languages = languages;
        this.stored = stored;
        this.review = review;
    }

    /** See {@link ConversationTranslator#translateOutbound}. */
    Future<Optional<MessageTranslation>> translate(String messageId, String conversationId) {
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<MessageTranslation>empty());
            }
            return store.read(c -> new String[] {ConversationLanguages.customers(c, found.get(), conversationId),
                    TranslationRecords.message(c, messageId).map(TranslationRecords.MessageRow::authorId).orElse(null)})
                    .compose(known -> stored.text(messageId).compose(text -> languages.languageOfReply(known[1],
                            conversationId, text)).compose(agents -> {
                        String customer = known[0];
                        if (customer == null || ConversationLanguages.sameLanguage(customer, agents)) {
                            return Future.succeededFuture(Optional.<MessageTranslation>empty());
                        }
                        return stored.translate(messageId, agents, customer, StoredTranslations.OUTBOUND, 1)
                                .map(Optional::of);
                    }));
        });
    }

    /**
     * The reply's outgoing translation: the stored one, the one in progress, or a new one; shared, so a reply is
     * translated once however many ask (the live consumer, the outbox).
     */
    Future<Optional<MessageTranslation>> ensure(String messageId, String conversationId) {
        Promise<Optional<MessageTranslation>> mine = Promise.promise();
        Future<Optional<MessageTranslation>> running = outgoing.putIfAbsent(messageId, mine.future());
        if (running != null) {
            return running;
        }
        stored.ofMessage(messageId).compose(found -> found.isPresent()
                ? Future.succeededFuture(found) : translate(messageId, conversationId))
                .onComplete(ar -> {
                    outgoing.remove(messageId, mine.future());
                    mine.handle(ar);
                });
        return mine.future();
    }

    /**
     * What a channel reply says when it leaves (docs/translation.md, "E-mail and other channels"): the outgoing
     * translation into the customer's language once it is done, else the original. A reply whose translation is
     * under review waits for the reviewed text; one being translated waits for the engines. The wait is bounded by
     * {@code translation.timeout-millis} (plus a little for the store): past it, or when translation failed, the
     * reply goes as written, and a translation that succeeds later stays in the console only.
     */
    Future<String> deliveryText(ChannelDelivery delivery) {
        String original = delivery.text();
        if (!service.settings().enabled()) {
            return Future.succeededFuture(original);
        }
        long bound = service.settings().timeoutMillis() + STORE_MARGIN_MILLIS;
        Future<Optional<MessageTranslation>> translated = store.read(c -> TranslationRecords.message(c,
                delivery.messageId())).compose(message -> {
                    if (message.isEmpty() || !"AGENT".equals(message.get().author())) {
                        // System texts (off-hours replies) come from the customer's locale's template already.
                        return Future.succeededFuture(Optional.<MessageTranslation>empty());
                    }
                    Optional<Future<Void>> reviewing = review.ending(message.get().clientMessageId());
                    if (reviewing.isPresent()) {
                        return BoundedWait.within(vertx, reviewing.get(), bound)
                                .transform(ar -> stored.ofMessage(delivery.messageId()));
                    }
                    return BoundedWait.within(vertx, ensure(delivery.messageId(), delivery.conversationId()), bound);
                });
        return translated.map(found -> found.filter(t -> StoredTranslations.OUTBOUND.equals(t.direction())
                && t.translated()).map(MessageTranslation::text).orElse(original)).otherwise(e -> {
                    LOG.info("Reply {} leaves untranslated: {}", delivery.messageId(), e.toString());
                    return original;
                });
    }
}
