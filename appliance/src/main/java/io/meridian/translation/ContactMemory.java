package io.meridian.translation;

import io.meridian.conversation.ConversationService;
import io.meridian.crypto.BlindIndex;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Translates text for one contact. Before any engine, the contact's translation memory (an agent's correction of the
 * same segment) and then the contact's cache are consulted; an engine's answer goes into the cache. Both are per
 * contact and sealed with the contact's key: a segment is personal data, and keeping it per contact keeps
 * crypto-shredding whole. Their lookup key is a keyed fingerprint (blind index) of pair, glossary version (cache only)
 * and text, so the key reveals nothing either.
 */
final class ContactMemory {

    /** The engine of a translation an agent wrote (a correction, a reviewed reply), as stored and shown. */
    static final String ENGINE = "memory";
    private static final String MEMORY = "MEMORY";
    private static final String CACHE = "CACHE";
    private static final String FINGERPRINT_KIND = "translation";

    private final Store store;
    private final ConversationService conversations;
    private final BlindIndex blindIndex;
    private final TranslationService service;
    private final String nodeRegion;

    ContactMemory(Store store, ConversationService conversations, BlindIndex blindIndex, TranslationService service,
            String nodeRegion) {
        this.store = store;
        this.conversations = conversations;
        this.blindIndex = blindIndex;
        this.service = service;
        this.nodeRegion = nodeRegion;
    }

    /** An agent's own translation: certain, and remembered rather than engine-made. */
    static Translation byAgent(String text) {
        return Translation.done(text.strip(), ENGINE, 1.0, List.of());
    }

    /**
     * Memory, then cache, then the engines, for the contact's region (null: the node's, which decides whether a
     * remote engine may be asked).
     */
    Future<Translation> translate(String conversationId, String contactId, String text, String source,
            String target, String contactRegion) {
        String region = contactRegion == null ? nodeRegion : contactRegion;
        LanguagePair pair;
        try {
            pair = LanguagePair.of(source, target);
        } catch (IllegalArgumentException e) {
            return service.translate(text, source, target, region, List.of()); // same language or bad tag: says so
        }
        return store.read(c -> {
            long version = GlossaryStore.version(c, pair);
            List<GlossaryTerm> terms = GlossaryStore.entries(c, pair).stream().map(GlossaryEntry::term).toList();
            Optional<Translation> known = recalled(c, conversationId, contactId, MEMORY, memoryKey(pair, text));
            if (known.isEmpty()) {
                known = recalled(c, conversationId, contactId, CACHE, cacheKey(pair, version, text));
            }
            return new Known(version, terms, known);
        }).compose(k -> {
            if (k.translation().isPresent()) {
                return Future.succeededFuture(k.translation().get());
            }
            return service.translate(text, pair.source(), pair.target(), region, k.terms()).compose(t -> {
                if (!t.translated()) {
                    return Future.succeededFuture(t);
                }
                return store.write(c -> {
                    put(c, conversationId, contactId, CACHE, cacheKey(pair, k.glossaryVersion(), text), t, null);
                    return t;
                }).otherwise(t); // a cache that cannot be written never costs the translation
            });
        });
    }

    /**
     * Keeps an agent's translation {@code t} of {@code original} in the contact's memory, so the same segment from
     * this contact is translated this way next time.
     */
    void remember(Connection c, String conversationId, String contactId, LanguagePair pair, String original,
            Translation t, String agentId) throws SQLException {
        put(c, conversationId, contactId, MEMORY, memoryKey(pair, original), t, agentId);
    }

    /** What the store knows before any engine is asked. */
    private record Known(long glossaryVersion, List<GlossaryTerm> terms, Optional<Translation> translation) {
    }

    private void put(Connection c, String conversationId, String contactId, String kind, String lookup,
            Translation t, String agentId) throws SQLException {
        String id = TranslationRecords.newId();
        byte[] sealed = conversations.sealForConversation(c, conversationId, TranslationRecords.SEGMENTS, id,
                "text_sealed", t.text());
        TranslationRecords.putSegment(c, id, contactId, kind, lookup, sealed, t.engine(), t.confidence(), t.via(),
                agentId);
    }

    private Optional<Translation> recalled(Connection c, String conversationId, String contactId, String kind,
            String lookup) throws SQLException {
        Optional<TranslationRecords.Segment> segment = TranslationRecords.segment(c, contactId, kind, lookup);
        if (segment.isEmpty()) {
            return Optional.empty();
        }
        TranslationRecords.Segment s = segment.get();
        String text = conversations.openForConversation(c, conversationId, TranslationRecords.SEGMENTS, s.id(),
                "text_sealed", s.sealed());
        List<String> via = s.via() == null ? List.of() : List.of(s.via().split(","));
        return Optional.of(Translation.done(text, s.engine(), s.confidence(), via));
    }

    private String memoryKey(LanguagePair pair, String text) {
        return blindIndex.of(FINGERPRINT_KIND, "memory\0" + pair + "\0" + text.strip());
    }

    private String cacheKey(LanguagePair pair, long glossaryVersion, String text) {
        return blindIndex.of(FINGERPRINT_KIND, "cache\0" + pair + "\0" + glossaryVersion + "\0" + text);
    }
}
