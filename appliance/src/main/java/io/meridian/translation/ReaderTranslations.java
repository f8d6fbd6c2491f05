package io.meridian.translation;

import io.meridian.conversation.ChatHub;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A conversation's translations as one agent reads them: customer messages whose stored translation is in another
 * language than the agent's reading language are translated into it on demand (memory and the contact's cache first,
 * so a second look is immediate). Nothing of this is stored as the message's translation: the stored one follows the
 * assigned agent.
 */
final class ReaderTranslations {

    /** Status of a translation into the reading agent's language that is still on its way (never stored). */
    static final String PENDING = "PENDING";

    private final Vertx vertx;
    private final Store store;
    private final TranslationService service;
    private final ConversationLanguages languages;
    private final ContactMemory memory;
    private final StoredTranslations stored;

    ReaderTranslations(Vertx vertx, Store store, TranslationService service, ConversationLanguages languages,
            ContactMemory memory, StoredTranslations stored) {
        this.vertx = vertx;
        this.store = store;
        this.service = service;
        this.languages = languages;
        this.memory = memory;
        this.stored = stored;
    }

    /** A stored translation, with the original when the agent needs it translated into their own language. */
    private record Shown(MessageTranslation stored, StoredTranslations.Original original) {
    }

    /** See {@link ConversationTranslator#forReader}. */
    Future<List<MessageTranslation>> forReader(String conversationId, String agentId, long waitMillis) {
        Optional<String> reading = languages.readingLanguage(agentId);
        if (reading.isEmpty() || !service.settings().enabled()) {
            return stored.ofConversation(conversationId);
        }
        return inLanguage(conversationId, reading.get(), waitMillis, agentId);
    }

    /** See {@link ConversationTranslator#forLanguage}. */
    Future<List<MessageTranslation>> forLanguage(String conversationId, String target, long waitMillis) {
        if (!service.settings().enabled()) {
            return stored.ofConversation(conversationId);
        }
        return inLanguage(conversationId, target, waitMillis, null);
    }

    /** The translations in {@code target}; a local agent ({@code agentId} not null) is told of late ones live. */
    private Future<List<MessageTranslation>> inLanguage(String conversationId, String target, long waitMillis,
            String agentId) {
        return store.read(c -> {
            List<Shown> out = new ArrayList<>();
            for (TranslationRecords.Row row : TranslationRecords.ofConversation(c, conversationId)) {
                MessageTranslation translation = stored.open(c, row);
                boolean foreign = StoredTranslations.INBOUND.equals(row.direction()) && row.source() != null
                        && !target.equals(row.target());
                if (!foreign || ConversationLanguages.sameLanguage(row.source(), target)) {
                    out.add(new Shown(foreign ? sameAs(translation, target) : translation, null));
                } else {
                    out.add(new Shown(translation, stored.original(c, row.messageId())));
                }
            }
            return out;
        }).compose(items -> {
            List<Future<MessageTranslation>> each = new ArrayList<>();
            for (Shown item : items) {
                each.add(item.original() == null ? Future.succeededFuture(item.stored())
                        : personal(conversationId, agentId, target, item, waitMillis));
            }
            return Future.all(each).map(all -> {
                List<MessageTranslation> out = new ArrayList<>();
                for (int i = 0; i < each.size(); i++) {
                    out.add(all.resultAt(i));
                }
                return out;
            });
        });
    }

    /**
     * The message in the agent's language, or {@value #PENDING} if not done within {@code waitMillis}: when it is
     * done, the agent's console receives a {@code translation} event on the agent's own address (a reader of another
     * region, {@code agentId} null, asks again).
     */
    private Future<MessageTranslation> personal(String conversationId, String agentId, String target, Shown item,
            long waitMillis) {
        MessageTranslation was = item.stored();
        TranslationRecords.MessageRow m = item.original().message();
        Future<MessageTranslation> personal = memory.translate(conversationId, m.contactId(), item.original().text(),
                was.source(), target, m.region())
                .map(t -> new MessageTranslation(was.messageId(), StoredTranslations.INBOUND, was.source(), target,
                        t.outcome().name(), t.translated() ? t.text() : null, t.engine(), t.confidence(), t.via(),
                        t.detail(), 0, false));
        personal.onSuccess(t -> {
            if (t.translated() && agentId != null) { // the page may have shown it as pending: fill it in
                vertx.eventBus().publish(ChatHub.agentAddress(agentId), new MessageTranslated(conversationId,
                        t.messageId(), t.source(), t.target(), t.text(), t.engine()), ChatHub.local());
            }
        });
        return BoundedWait.within(vertx, personal, Math.max(1, waitMillis)).otherwise(e -> e instanceof BoundedWait.Late
                ? notYet(was, target, PENDING, "translation into " + target + " in progress")
                : notYet(was, target, Translation.Outcome.FAILED.name(), String.valueOf(e.getMessage())));
    }

    private static MessageTranslation notYet(MessageTranslation was, String target, String status, String detail) {
        return new MessageTranslation(was.messageId(), StoredTranslations.INBOUND, was.source(), target, status, null,
                null, 0, List.of(), detail, 0, false);
    }

    /** The agent reads the message's own language: nothing to show but the original. */
    private static MessageTranslation sameAs(MessageTranslation stored, String target) {
        return new MessageTranslation(stored.messageId(), stored.direction(), stored.source(), target,
                Translation.Outcome.SAME_LANGUAGE.name(), null, null, 1.0, List.of(), null, stored.attempts(), false);
    }
}
