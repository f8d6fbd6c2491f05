package io.meridian.translation;

import io.meridian.spi.translation.LanguagePair;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Agents' verdicts on translations: a correction goes into the contact's translation memory (so the same segment
 * from this contact is translated this way next time) and, for the stored translation, replaces it; a flag marks a
 * bad one for the glossary and engine owners.
 */
final class Corrections {

    private final Store store;
    private final ContactMemory memory;
    private final StoredTranslations stored;

    Corrections(Store store, ContactMemory memory, StoredTranslations stored) {
        this.store = store;
        this.memory = memory;
        this.stored = stored;
    }

    /** See {@link ConversationTranslator#correct(String, String, String, String)}. */
    Future<MessageTranslation> correct(String messageId, String agentId, String corrected, String target) {
        if (corrected == null || corrected.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("the corrected translation is empty"));
        }
        return store.read(c -> new Seen(TranslationRecords.ofMessage(c, messageId)
                .orElseThrow(() -> new NoSuchElementException("No translation of message " + messageId)),
                stored.original(c, messageId))).compose(seen -> {
                    TranslationRecords.Row row = seen.row();
                    TranslationRecords.MessageRow message = seen.original().message();
                    String conversationId = message.conversationId();
                    boolean own = target != null && !target.isBlank() && !target.equals(row.target());
                    LanguagePair pair;
                    try {
                        pair = LanguagePair.of(row.source(), own ? target : row.target());
                    } catch (IllegalArgumentException e) {
                        return Future.failedFuture(e);
                    }
                    Translation t = ContactMemory.byAgent(corrected);
                    if (own) {
                        // The agent's on-demand translation: memory only, the stored one follows the assigned agent.
                        return store.write(c -> {
                            memory.remember(c, conversationId, message.contactId(), pair, seen.original().text(), t,
                                    agentId);
                            return new MessageTranslation(messageId, row.direction(), pair.source(), pair.target(),
                                    t.outcome().name(), t.text(), ContactMemory.ENGINE, 1.0, List.of(), null, 1,
                                    false);
                        });
                    }
                    return store.write(c -> {
                        memory.remember(c, conversationId, message.contactId(), pair, seen.original().text(), t,
                                agentId);
                        return stored.put(c, conversationId, messageId, row.direction(), row.source(), row.target(),
                                t, row.attempts());
                    }).onSuccess(m -> stored.announce(m, conversationId));
                });
    }

    /** Marks a message's translation as bad; false if there is none. */
    Future<Boolean> flagBad(String messageId) {
        return store.write(c -> TranslationRecords.flagBad(c, messageId));
    }

    /** The translation the agent corrects and the message's original text. */
    private record Seen(TranslationRecords.Row row, StoredTranslations.Original original) {
    }
}
