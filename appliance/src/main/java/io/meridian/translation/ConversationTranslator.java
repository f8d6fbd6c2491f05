package io.meridian.translation;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.crypto.BlindIndex;
import io.meridian.language.MessageLanguageRecorder;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the messages of conversations and keeps the translations beside the originals (message_translations,
 * sealed with the contact's key). Each customer message whose detected language differs from the agents' language is
 * translated as soon as its language is recorded ({@link MessageLanguageRecorder#DETECTED_ADDRESS}); the message
 * itself was delivered already, so translation never delays it. A translation that failed (engine down, slow,
 * garbage) is stored as FAILED, which the console shows as a flag, and retried in the background every
 * {@code retryEveryMillis} up to {@value #MAX_ATTEMPTS} attempts.
 * <p>
 * Before any engine, the contact's translation memory (an agent's correction of the same segment) and then the
 * contact's cache are consulted. Both are per contact and sealed with the contact's key: a segment is personal data,
 * and keeping it per contact keeps crypto-shredding whole. Their lookup key is a keyed fingerprint (blind index) of
 * pair, glossary version (cache only) and text, so the key reveals nothing either.
 */
public final class ConversationTranslator {

    /** Event-bus address of {@code {messageId, conversationId, status}} once a translation is stored. */
    public static final String STORED_ADDRESS = "meridian.translation.stored";
    static final int MAX_ATTEMPTS = 5;
    /** How often failed translations are retried in the background. */
    public static final long RETRY_EVERY_MILLIS = 30_000;
    static final String INBOUND = "INBOUND";
    static final String OUTBOUND = "OUTBOUND";
    static final String MEMORY_ENGINE = "memory";
    private static final String FINGERPRINT_KIND = "translation";
    private static final Logger LOG = LoggerFactory.getLogger(ConversationTranslator.class);

    private final Vertx vertx;
    private final Store store;
    private final ConversationService conversations;
    private final BlindIndex blindIndex;
    private final GlossaryStore glossary;
    private final TranslationService service;
    private final String nodeRegion;
    private final long retryEveryMillis;
    private MessageConsumer<JsonObject> consumer;
    private MessageConsumer<JsonObject> replies;
    private long retryTimer = -1;
    /** Client ids of replies whose translation the agent reviewed: the engine must not overwrite it. */
    private final java.util.Set<String> reviewed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ConversationTranslator(Vertx vertx, Store store, ConversationService conversations, BlindIndex blindIndex,
            GlossaryStore glossary, TranslationService service, String nodeRegion, long retryEveryMillis) {
        this.vertx = vertx;
        this.store = store;
        this.conversations = conversations;
        this.blindIndex = blindIndex;
        this.glossary = glossary;
        this.service = service;
        this.nodeRegion = nodeRegion;
        this.retryEveryMillis = retryEveryMillis;
    }

    public TranslationService service() {
        return service;
    }

    public GlossaryStore glossary() {
        return glossary;
    }

    public ConversationTranslator start() {
        consumer = vertx.eventBus().localConsumer(MessageLanguageRecorder.DETECTED_ADDRESS, event -> {
            JsonObject body = event.body();
            String language = body.getString("language");
            String messageId = body.getString("messageId");
            if (language != null && messageId != null && service.settings().enabled()) {
                translateInbound(messageId, language).onFailure(e -> LOG.warn(
                        "Message {} was not translated: {}", messageId, e.toString()));
            }
        });
        // Agent replies: translated into the customer's language after they are stored and sent as written; the
        // translation follows on the conversation's address, which the widget forwards to the visitor.
        replies = vertx.eventBus().localConsumer(ChatHub.INBOX_ADDRESS, event -> {
            JsonObject message = event.body() == null ? null : event.body().getJsonObject("message");
            if (message != null && "agent".equals(message.getString("author")) && service.settings().enabled()
                    && !reviewed.remove(String.valueOf(message.getString("clientMessageId")))) {
                String messageId = message.getString("messageId");
                translateOutbound(messageId, message.getString("conversationId")).onFailure(e -> LOG.warn(
                        "Reply {} was not translated: {}", messageId, e.toString()));
            }
        });
        retryTimer = vertx.setPeriodic(retryEveryMillis, t -> retryFailed());
        return this;
    }

    public Future<Void> stop() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        Future<Void> r = replies == null ? Future.succeededFuture() : replies.unregister();
        return r.eventually(() -> consumer == null ? Future.succeededFuture() : consumer.unregister());
    }

    /**
     * Translates an agent's reply into the customer's language (the contact's known language, else that of the
     * customer's latest message) and stores it beside the original; nothing when that language is not known or is
     * the agents' own.
     */
    public Future<Optional<MessageTranslation>> translateOutbound(String messageId, String conversationId) {
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<MessageTranslation>empty());
            }
            return store.read(c -> found.get().language() != null ? found.get().language()
                    : lastWrittenIn(c, conversationId)).compose(customer -> {
                        String agents = service.settings().agentLanguage();
                        if (customer == null || sameLanguage(customer, agents)) {
                            return Future.succeededFuture(Optional.<MessageTranslation>empty());
                        }
                        return translateMessage(messageId, agents, customer, OUTBOUND, 1).map(Optional::of);
                    });
        });
    }

    private static boolean sameLanguage(String a, String b) {
        try {
            LanguagePair.of(a, b);
            return a.strip().toLowerCase(java.util.Locale.ROOT).split("-")[0]
                    .equals(b.strip().toLowerCase(java.util.Locale.ROOT).split("-")[0]) && !a.startsWith("zh");
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Translates a customer's message from its detected language into the agents' language and stores it. */
    public Future<MessageTranslation> translateInbound(String messageId, String language) {
        return translateMessage(messageId, language, service.settings().agentLanguage(), INBOUND, 1);
    }

    /**
     * What the agent's reply would read like in the customer's language (the contact's known language), without
     * storing anything: the preview of the review step.
     */
    public Future<Translation> previewOutgoing(String conversationId, String text, String agentLanguage) {
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new java.util.NoSuchElementException("No conversation " + conversationId));
            }
            String source = agentLanguage == null ? service.settings().agentLanguage() : agentLanguage;
            return store.read(c -> new String[] {regionOf(c, found.get().contactId()),
                    found.get().language() != null ? found.get().language() : lastWrittenIn(c, conversationId)})
                    .compose(known -> {
                        String region = known[0] == null ? nodeRegion : known[0];
                        if (known[1] == null) {
                            return Future.succeededFuture(Translation.none(Translation.Outcome.NO_ENGINE,
                                    "the customer's language is not known yet"));
                        }
                        return translateText(conversationId, found.get().contactId(), text, source, known[1], region);
                    });
        });
    }

    /** The stored translations of a conversation's messages, opened. */
    public Future<List<MessageTranslation>> ofConversation(String conversationId) {
        return store.read(c -> {
            List<TranslationRecords.Row> rows = TranslationRecords.ofConversation(c, conversationId);
            List<MessageTranslation> out = new java.util.ArrayList<>();
            for (TranslationRecords.Row row : rows) {
                out.add(open(c, row));
            }
            return out;
        });
    }

    public Future<Optional<MessageTranslation>> ofMessage(String messageId) {
        return store.read(c -> {
            Optional<TranslationRecords.Row> row = TranslationRecords.ofMessage(c, messageId);
            return row.isEmpty() ? Optional.<MessageTranslation>empty() : Optional.of(open(c, row.get()));
        });
    }

    /**
     * An agent's correction of a message's translation: stored as the message's translation and in the contact's
     * translation memory, so the same segment from this contact is translated this way next time.
     */
    public Future<MessageTranslation> correct(String messageId, String agentId, String corrected) {
        if (corrected == null || corrected.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("the corrected translation is empty"));
        }
        return store.read(c -> {
            TranslationRecords.Row row = TranslationRecords.ofMessage(c, messageId)
                    .orElseThrow(() -> new java.util.NoSuchElementException("No translation of message " + messageId));
            TranslationRecords.MessageRow message = TranslationRecords.message(c, messageId).orElseThrow();
            String original = conversations.openForConversation(c, message.conversationId(), "messages", messageId,
                    "body_sealed", message.bodySealed());
            return new Object[] {row, message, original};
        }).compose(parts -> {
            TranslationRecords.Row row = (TranslationRecords.Row) parts[0];
            TranslationRecords.MessageRow message = (TranslationRecords.MessageRow) parts[1];
            String original = (String) parts[2];
            LanguagePair pair = LanguagePair.of(row.source(), row.target());
            Translation t = Translation.done(corrected.strip(), MEMORY_ENGINE, 1.0, List.of());
            return store.write(c -> {
                String segmentId = TranslationRecords.newId();
                byte[] sealedSegment = conversations.sealForConversation(c, message.conversationId(),
                        TranslationRecords.SEGMENTS, segmentId, "text_sealed", t.text());
                TranslationRecords.putSegment(c, segmentId, message.contactId(), "MEMORY",
                        memoryKey(pair, original), sealedSegment, MEMORY_ENGINE, 1.0, List.of(), agentId);
                byte[] sealed = conversations.sealForConversation(c, message.conversationId(),
                        TranslationRecords.TABLE, messageId, "text_sealed", t.text());
                TranslationRecords.upsert(c, messageId, row.direction(), row.source(), row.target(), t, sealed,
                        row.attempts());
                return open(c, TranslationRecords.ofMessage(c, messageId).orElseThrow());
            }).onSuccess(m -> announce(m, message.conversationId()));
        });
    }

    /** The conversation of a message, or null when there is no such message. */
    public Future<String> conversationOf(String messageId) {
        return store.read(c -> TranslationRecords.message(c, messageId).map(TranslationRecords.MessageRow::conversationId)
                .orElse(null));
    }

    /** Announces that the reply with this client id will be sent with an agent-reviewed translation. */
    public void expectReviewed(String clientMessageId) {
        reviewed.add(clientMessageId);
    }

    /** Forgets a review that did not lead to a stored reply (the reply failed). */
    public void forgetReviewed(String clientMessageId) {
        reviewed.remove(clientMessageId);
    }

    /**
     * Stores the translation the agent reviewed (and possibly edited) as the reply's translation into the customer's
     * language, keeps it in the contact's translation memory for the same text, and sends it to the visitor. The
     * original stays the message itself.
     */
    public Future<MessageTranslation> sendReviewed(String messageId, String conversationId, String agentId,
            String edited) {
        if (edited == null || edited.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("the reviewed translation is empty"));
        }
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new java.util.NoSuchElementException("No conversation " + conversationId));
            }
            return store.read(c -> {
                String customer = found.get().language() != null ? found.get().language()
                        : lastWrittenIn(c, conversationId);
                TranslationRecords.MessageRow message = TranslationRecords.message(c, messageId)
                        .orElseThrow(() -> new java.util.NoSuchElementException("No message " + messageId));
                String original = conversations.openForConversation(c, conversationId, "messages", messageId,
                        "body_sealed", message.bodySealed());
                return new Object[] {customer, message, original};
            });
        }).compose(parts -> {
            String customer = (String) parts[0];
            TranslationRecords.MessageRow message = (TranslationRecords.MessageRow) parts[1];
            String original = (String) parts[2];
            String agents = service.settings().agentLanguage();
            if (customer == null || sameLanguage(customer, agents)) {
                return Future.failedFuture(new IllegalArgumentException(
                        "the customer's language is not known or is the agents' own"));
            }
            LanguagePair pair = LanguagePair.of(agents, customer);
            Translation t = Translation.done(edited.strip(), MEMORY_ENGINE, 1.0, List.of());
            return store.write(c -> {
                String segmentId = TranslationRecords.newId();
                byte[] sealedSegment = conversations.sealForConversation(c, conversationId,
                        TranslationRecords.SEGMENTS, segmentId, "text_sealed", t.text());
                TranslationRecords.putSegment(c, segmentId, message.contactId(), "MEMORY",
                        memoryKey(pair, original), sealedSegment, MEMORY_ENGINE, 1.0, List.of(), agentId);
                byte[] sealed = conversations.sealForConversation(c, conversationId,
                        TranslationRecords.TABLE, messageId, "text_sealed", t.text());
                TranslationRecords.upsert(c, messageId, OUTBOUND, pair.source(), pair.target(), t, sealed, 1);
                return open(c, TranslationRecords.ofMessage(c, messageId).orElseThrow());
            }).onSuccess(m -> announce(m, conversationId));
        });
    }

    /** Marks a message's translation as bad (for the glossary and engine owners); false if there is none. */
    public Future<Boolean> flagBad(String messageId) {
        return store.write(c -> TranslationRecords.flagBad(c, messageId));
    }

    /** Retries the translations that failed, once each. */
    public Future<Integer> retryFailed() {
        return store.read(c -> TranslationRecords.toRetry(c, MAX_ATTEMPTS)).compose(rows -> {
            Future<?> chain = Future.succeededFuture();
            for (TranslationRecords.Row row : rows) {
                chain = chain.eventually(() -> translateMessage(row.messageId(), row.source(), row.target(),
                        row.direction(), row.attempts() + 1));
            }
            return chain.transform(ar -> Future.succeededFuture(rows.size()));
        });
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Future<MessageTranslation> translateMessage(String messageId, String source, String target,
            String direction, int attempt) {
        return store.read(c -> {
            TranslationRecords.MessageRow m = TranslationRecords.message(c, messageId)
                    .orElseThrow(() -> new java.util.NoSuchElementException("No message " + messageId));
            String text = conversations.openForConversation(c, m.conversationId(), "messages", messageId,
                    "body_sealed", m.bodySealed());
            return new Object[] {m, text};
        }).compose(parts -> {
            TranslationRecords.MessageRow m = (TranslationRecords.MessageRow) parts[0];
            String text = (String) parts[1];
            String region = m.region() == null ? nodeRegion : m.region();
            return translateText(m.conversationId(), m.contactId(), text, source, target, region)
                    .compose(t -> store.write(c -> {
                        byte[] sealed = t.translated() ? conversations.sealForConversation(c, m.conversationId(),
                                TranslationRecords.TABLE, messageId, "text_sealed", t.text()) : null;
                        TranslationRecords.upsert(c, messageId, direction, source, target, t, sealed, attempt);
                        return open(c, TranslationRecords.ofMessage(c, messageId).orElseThrow());
                    }))
                    .onSuccess(stored -> announce(stored, m.conversationId()));
        });
    }

    /** Memory, then cache, then the engines; an engine's answer goes into the contact's cache. */
    private Future<Translation> translateText(String conversationId, String contactId, String text, String source,
            String target, String region) {
        LanguagePair pair;
        try {
            pair = LanguagePair.of(source, target);
        } catch (IllegalArgumentException e) {
            return service.translate(text, source, target, region, List.of()); // same language or bad tag: says so
        }
        return store.read(c -> {
            long version = GlossaryStore.version(c, pair);
            List<GlossaryTerm> terms = GlossaryStore.entries(c, pair).stream().map(GlossaryEntry::term).toList();
            Optional<Translation> known = remembered(c, conversationId, contactId, "MEMORY", memoryKey(pair, text));
            if (known.isEmpty()) {
                known = remembered(c, conversationId, contactId, "CACHE", cacheKey(pair, version, text));
            }
            return new Object[] {version, terms, known};
        }).compose(parts -> {
            long version = (Long) parts[0];
            @SuppressWarnings("unchecked")
            List<GlossaryTerm> terms = (List<GlossaryTerm>) parts[1];
            @SuppressWarnings("unchecked")
            Optional<Translation> known = (Optional<Translation>) parts[2];
            if (known.isPresent()) {
                return Future.succeededFuture(known.get());
            }
            return service.translate(text, pair.source(), pair.target(), region, terms).compose(t -> {
                if (!t.translated()) {
                    return Future.succeededFuture(t);
                }
                return store.write(c -> {
                    String id = TranslationRecords.newId();
                    byte[] sealed = conversations.sealForConversation(c, conversationId, TranslationRecords.SEGMENTS,
                            id, "text_sealed", t.text());
                    TranslationRecords.putSegment(c, id, contactId, "CACHE", cacheKey(pair, version, text), sealed,
                            t.engine(), t.confidence(), t.via(), null);
                    return t;
                }).otherwise(t); // a cache that cannot be written never costs the translation
            });
        });
    }

    private Optional<Translation> remembered(Connection c, String conversationId, String contactId, String kind,
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

    private MessageTranslation open(Connection c, TranslationRecords.Row row) throws SQLException {
        String text = row.sealed() == null ? null : conversations.openForConversation(c, row.conversationId(),
                TranslationRecords.TABLE, row.messageId(), "text_sealed", row.sealed());
        return row.open(text);
    }

    private String memoryKey(LanguagePair pair, String text) {
        return blindIndex.of(FINGERPRINT_KIND, "memory\0" + pair + "\0" + text.strip());
    }

    private String cacheKey(LanguagePair pair, long glossaryVersion, String text) {
        return blindIndex.of(FINGERPRINT_KIND, "cache\0" + pair + "\0" + glossaryVersion + "\0" + text);
    }

    /** The language of the customer's latest message with a detected language, or null. */
    private static String lastWrittenIn(Connection c, String conversationId) throws SQLException {
        try (var s = c.prepareStatement("SELECT language FROM messages WHERE conversation_id = ? AND author = 'VISITOR'"
                + " AND language IS NOT NULL ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, conversationId);
            try (var r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static String regionOf(Connection c, String contactId) throws SQLException {
        try (var s = c.prepareStatement("SELECT region FROM contacts WHERE id = ?")) {
            s.setString(1, contactId);
            try (var r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void announce(MessageTranslation stored, String conversationId) {
        vertx.eventBus().publish(STORED_ADDRESS, new JsonObject().put("messageId", stored.messageId())
                .put("conversationId", conversationId).put("status", stored.status()));
        if (OUTBOUND.equals(stored.direction()) && stored.translated()) {
            // The visitor's widget receives every event of its conversation: the reply in the visitor's language.
            vertx.eventBus().publish(ChatHub.conversationAddress(conversationId), new JsonObject()
                    .put("type", "translation").put("messageId", stored.messageId())
                    .put("language", stored.target()).put("text", stored.text()));
        }
    }
}
