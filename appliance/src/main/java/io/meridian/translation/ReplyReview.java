package io.meridian.translation;

import io.meridian.conversation.ContactRecords;
import io.meridian.conversation.ConversationService;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The review step of agents' replies: the agent sees what the reply would read like in the customer's language, may
 * edit it, and the reviewed text is sent and stored as the reply's translation (and kept in the contact's translation
 * memory). The original stays the message itself.
 */
final class ReplyReview {

    /** The contacts are the conversation capability's: their region is asked of it, in the caller's work. */
    private static final ContactRecords CONTACTS = new ContactRecords();

    private final Store store;
    private final ConversationService conversations;
    private final TranslationService service;
    private final ConversationLanguages languages;
    private final ContactMemory memory;
    private final StoredTranslations stored;
    /**
     * Client ids of replies whose translation the agent reviewed: the engine must not overwrite it, and a channel
     * reply waits for it (the promise completes once the reviewed text is stored or the review failed).
     */
    private final Map<String, Promise<Void>> reviewed = new ConcurrentHashMap<>();

    ReplyReview(Store store, ConversationService conversations, TranslationService service,
            ConversationLanguages languages, ContactMemory memory, StoredTranslations stored) {
        this.store = store;
        this.conversations = conversations;
        this.service = service;
        this.languages = languages;
        this.memory = memory;
        this.stored = stored;
    }

    /** The reply with this client id will be sent with an agent-reviewed translation. */
    void expect(String clientMessageId) {
        reviewed.putIfAbsent(clientMessageId, Promise.promise());
    }

    /** The review of this reply is over (stored or failed): a channel reply waiting for it leaves now. */
    void forget(String clientMessageId) {
        Promise<Void> review = reviewed.remove(clientMessageId);
        if (review != null) {
            review.tryComplete();
        }
    }

    /** Whether the reply's translation is the agent's to give, not the engines'. */
    boolean underReview(String clientMessageId) {
        return reviewed.containsKey(String.valueOf(clientMessageId)); // the map takes no null key
    }

    /** The end of the reply's review, when it is under review. */
    Optional<Future<Void>> ending(String clientMessageId) {
        Promise<Void> review = clientMessageId == null ? null : reviewed.get(clientMessageId);
        return Optional.ofNullable(review).map(Promise::future);
    }

    /** See {@link ConversationTranslator#previewOutgoing}. */
    Future<Translation> preview(String conversationId, String text, String agentLanguage) {
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("No conversation " + conversationId));
            }
            String source = agentLanguage == null ? service.settings().agentLanguage() : agentLanguage;
            return store.read(c -> new String[] {regionOf(c, found.get().contactId()),
                    ConversationLanguages.customers(c, found.get(), conversationId)}).compose(known -> {
                        if (known[1] == null) {
                            return Future.succeededFuture(Translation.none(Translation.Outcome.NO_ENGINE,
                                    "the customer's language is not known yet"));
                        }
                        return memory.translate(conversationId, found.get().contactId(), text, source, known[1],
                                known[0]);
                    });
        });
    }

    /** See {@link ConversationTranslator#sendReviewed}. */
    Future<MessageTranslation> send(String messageId, String conversationId, String agentId, String edited) {
        if (edited == null || edited.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("the reviewed translation is empty"));
        }
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("No conversation " + conversationId));
            }
            return store.read(c -> new Reply(ConversationLanguages.customers(c, found.get(), conversationId),
                    stored.original(c, messageId)));
        }).compose(reply -> languages.languageOfReply(agentId, conversationId, reply.original().text())
                .compose(agents -> {
            if (reply.customers() == null || ConversationLanguages.sameLanguage(reply.customers(), agents)) {
                return Future.failedFuture(new IllegalArgumentException(
                        "the customer's language is not known or is the agents' own"));
            }
            LanguagePair pair = LanguagePair.of(agents, reply.customers());
            Translation t = ContactMemory.byAgent(edited);
            return store.write(c -> {
                memory.remember(c, conversationId, reply.original().message().contactId(), pair,
                        reply.original().text(), t, agentId);
                return stored.put(c, conversationId, messageId, StoredTranslations.OUTBOUND, pair.source(),
                        pair.target(), t, 1);
            }).onSuccess(m -> stored.announce(m, conversationId));
        }));
    }

    /** The customer's language and the reply as written. */
    private record Reply(String customers, StoredTranslations.Original original) {
    }

    private static String regionOf(Connection c, String contactId) throws SQLException {
        return CONTACTS.regionOf(c, contactId).orElse(null);
    }
}
