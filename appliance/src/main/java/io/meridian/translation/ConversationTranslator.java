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
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the messages of conversations and keeps the translations beside the originals (message_translations,
 * sealed with the contact's key). Each customer message is translated, as soon as its language is recorded
 * ({@link MessageLanguageRecorder#DETECTED_ADDRESS}), into the language of who reads the conversation
 * ({@link #languageFor}: the assigned agent's reading language, else the team's first language, else the node's);
 * the stored translation follows when the conversation is routed, assigned or transferred, and any other agent gets
 * it in their own language on demand ({@link #forReader}). The message itself was delivered already, so translation
 * never delays it; a channel reply alone waits for its translation, bounded ({@link #deliveryText}). A translation that failed (engine down, slow,
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
    /** Status of a translation into the reading agent's language that is still on its way (never stored). */
    static final String PENDING = "PENDING";
    /** What a channel reply may wait beyond the translation timeout, for the store's reads and writes. */
    private static final long STORE_MARGIN_MILLIS = 2_000;
    /** The routing event announcing where a conversation went (RoutingService.ROUTED_EVENT). */
    private static final String ROUTED_EVENT = "conversation.routed";
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
    /**
     * Client ids of replies whose translation the agent reviewed: the engine must not overwrite it, and a channel
     * reply waits for it (the promise completes once the reviewed text is stored or the review failed).
     */
    private final Map<String, Promise<Void>> reviewed = new ConcurrentHashMap<>();
    /** Outgoing translations in progress, by message id: a channel reply waits for its own. */
    private final Map<String, Future<Optional<MessageTranslation>>> outgoing = new ConcurrentHashMap<>();
    private volatile TranslationAudience audience = TranslationAudience.NODE_WIDE;

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

    /** Who reads conversations (agents' languages, assignment, teams); the node-wide settings until set. */
    public ConversationTranslator audience(TranslationAudience audience) {
        this.audience = java.util.Objects.requireNonNull(audience, "audience");
        return this;
    }

    /**
     * The language an agent reads and writes in, for a conversation: the agent's reading language, else the
     * conversation's team's first language, else the node-wide {@code translation.agent-language}. With a null
     * {@code agentId}: the assigned agent's reading language (if any is assigned), else as before; this is what
     * customer messages are translated into when they arrive.
     */
    public Future<String> languageFor(String agentId, String conversationId) {
        if (agentId != null) {
            Optional<String> own = audience.readingLanguage(agentId);
            if (own.isPresent()) {
                return Future.succeededFuture(own.get());
            }
        }
        String node = service.settings().agentLanguage();
        return audience.readers(conversationId).map(readers -> {
            if (agentId == null && readers.assignedAgentId() != null) {
                Optional<String> assigned = audience.readingLanguage(readers.assignedAgentId());
                if (assigned.isPresent()) {
                    return assigned.get();
                }
            }
            return readers.teamLanguage() != null ? readers.teamLanguage() : node;
        }).otherwise(node);
    }

    /** Whether replies in this conversation go through the review step: the team's choice, else the node's. */
    public Future<Boolean> reviewsOutgoing(String conversationId) {
        boolean node = service.settings().reviewOutgoing();
        return audience.readers(conversationId)
                .map(r -> r.teamReviewsOutgoing() == null ? node : r.teamReviewsOutgoing()).otherwise(node);
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
            if (event.body() == null || !service.settings().enabled()) {
                return;
            }
            JsonObject message = event.body().getJsonObject("message");
            if (message != null && "agent".equals(message.getString("author"))
                    && !reviewed.containsKey(String.valueOf(message.getString("clientMessageId")))) {
                String messageId = message.getString("messageId");
                ensureOutbound(messageId, message.getString("conversationId")).onFailure(e -> LOG.warn(
                        "Reply {} was not translated: {}", messageId, e.toString()));
            }
            // Routed, assigned or transferred: the customer's messages follow into the language of who reads them now.
            if (ROUTED_EVENT.equals(event.body().getString("type"))) {
                String conversationId = event.body().getString("conversationId");
                retarget(conversationId).onFailure(e -> LOG.warn(
                        "Conversation {} was not translated for its agent: {}", conversationId, e.toString()));
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
            return store.read(c -> new String[] {found.get().language() != null ? found.get().language()
                    : lastWrittenIn(c, conversationId),
                    TranslationRecords.message(c, messageId).map(TranslationRecords.MessageRow::authorId).orElse(null)})
                    .compose(known -> languageFor(known[1], conversationId).compose(agents -> {
                        String customer = known[0];
                        if (customer == null || sameLanguage(customer, agents)) {
                            return Future.succeededFuture(Optional.<MessageTranslation>empty());
                        }
                        return translateMessage(messageId, agents, customer, OUTBOUND, 1).map(Optional::of);
                    }));
        });
    }

    /**
     * The reply's outgoing translation: the stored one, the one in progress, or a new one; shared, so a reply is
     * translated once however many ask (the live consumer, the outbox).
     */
    private Future<Optional<MessageTranslation>> ensureOutbound(String messageId, String conversationId) {
        Promise<Optional<MessageTranslation>> mine = Promise.promise();
        Future<Optional<MessageTranslation>> running = outgoing.putIfAbsent(messageId, mine.future());
        if (running != null) {
            return running;
        }
        ofMessage(messageId).compose(stored -> stored.isPresent()
                ? Future.succeededFuture(stored) : translateOutbound(messageId, conversationId))
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
    public Future<String> deliveryText(io.meridian.conversation.ChannelDelivery delivery) {
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
                    String clientId = message.get().clientMessageId();
                    Promise<Void> review = clientId == null ? null : reviewed.get(clientId);
                    if (review != null) {
                        return within(review.future(), bound).transform(ar -> ofMessage(delivery.messageId()));
                    }
                    return within(ensureOutbound(delivery.messageId(), delivery.conversationId()), bound);
                });
        return translated.map(found -> found.filter(t -> OUTBOUND.equals(t.direction()) && t.translated())
                .map(MessageTranslation::text).orElse(original)).otherwise(e -> {
                    LOG.info("Reply {} leaves untranslated: {}", delivery.messageId(), e.toString());
                    return original;
                });
    }

    /** {@code f}, or a failure once {@code millis} have passed; {@code f} itself runs on. */
    private <T> Future<T> within(Future<T> f, long millis) {
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(millis, t -> p.tryFail(new java.util.concurrent.TimeoutException(
                "no translation within " + millis + " ms")));
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete(ar.result());
            } else {
                p.tryFail(ar.cause());
            }
        });
        return p.future();
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

    /**
     * Translates a customer's message from its detected language into the language of those who read it (the
     * assigned agent's, else the team's first, else the node-wide one; {@link #languageFor}) and stores it.
     */
    public Future<MessageTranslation> translateInbound(String messageId, String language) {
        return conversationOf(messageId).compose(conversationId -> {
            if (conversationId == null) {
                return Future.failedFuture(new java.util.NoSuchElementException("No message " + messageId));
            }
            return languageFor(null, conversationId)
                    .compose(target -> translateMessage(messageId, language, target, INBOUND, 1))
                    // Assigned meanwhile to an agent who reads another language: follow at once.
                    .compose(done -> languageFor(null, conversationId).compose(now -> now.equals(done.target())
                            ? Future.succeededFuture(done) : translateMessage(messageId, language, now, INBOUND, 1)));
        });
    }

    /**
     * The conversation was routed, assigned or transferred: its customer messages' stored translations follow into
     * the language of who reads them now ({@link #languageFor} with no agent); those already in it stay as they are.
     */
    public Future<Integer> retarget(String conversationId) {
        return languageFor(null, conversationId).compose(target -> store.read(c ->
                TranslationRecords.ofConversation(c, conversationId)).compose(rows -> {
            Future<?> chain = Future.succeededFuture();
            int n = 0;
            for (TranslationRecords.Row row : rows) {
                if (INBOUND.equals(row.direction()) && row.source() != null && !target.equals(row.target())) {
                    n++;
                    chain = chain.eventually(() -> translateMessage(row.messageId(), row.source(), target, INBOUND, 1));
                }
            }
            int count = n;
            return chain.transform(ar -> Future.succeededFuture(count));
        }));
    }

    /**
     * The conversation's translations as {@code agentId} reads them: a customer message whose stored translation is
     * in another language than the agent's reading language is translated into it on demand (memory and the
     * contact's cache first, so a second look is immediate). Whatever is not done within {@code waitMillis} comes back
     * with status {@value #PENDING}; when it is done, the agent's console receives a {@code translation} event on the
     * agent's own address. Nothing of this is stored as the message's translation: the stored one follows the
     * assigned agent.
     */
    public Future<List<MessageTranslation>> forReader(String conversationId, String agentId, long waitMillis) {
        Optional<String> reading = agentId == null ? Optional.empty() : audience.readingLanguage(agentId);
        if (reading.isEmpty() || !service.settings().enabled()) {
            return ofConversation(conversationId);
        }
        String target = reading.get();
        return store.read(c -> {
            List<Object[]> out = new java.util.ArrayList<>();
            for (TranslationRecords.Row row : TranslationRecords.ofConversation(c, conversationId)) {
                MessageTranslation stored = open(c, row);
                boolean foreign = INBOUND.equals(row.direction()) && row.source() != null
                        && !target.equals(row.target());
                if (!foreign || sameLanguage(row.source(), target)) {
                    out.add(new Object[] {foreign ? sameAs(stored, target) : stored});
                    continue;
                }
                TranslationRecords.MessageRow m = TranslationRecords.message(c, row.messageId()).orElseThrow();
                String text = conversations.openForConversation(c, conversationId, "messages", m.id(),
                        "body_sealed", m.bodySealed());
                out.add(new Object[] {stored, m, text});
            }
            return out;
        }).compose(items -> {
            List<Future<MessageTranslation>> each = new java.util.ArrayList<>();
            for (Object[] item : items) {
                MessageTranslation stored = (MessageTranslation) item[0];
                if (item.length == 1) {
                    each.add(Future.succeededFuture(stored));
                    continue;
                }
                TranslationRecords.MessageRow m = (TranslationRecords.MessageRow) item[1];
                String region = m.region() == null ? nodeRegion : m.region();
                Future<MessageTranslation> personal = translateText(conversationId, m.contactId(), (String) item[2],
                        stored.source(), target, region)
                        .map(t -> new MessageTranslation(stored.messageId(), INBOUND, stored.source(), target,
                                t.outcome().name(), t.translated() ? t.text() : null, t.engine(), t.confidence(),
                                t.via(), t.detail(), 0, false));
                personal.onSuccess(t -> {
                    if (t.translated()) { // the page may have shown it as pending: fill it in
                        vertx.eventBus().publish(ChatHub.agentAddress(agentId), new JsonObject()
                                .put("type", "translation").put("conversationId", conversationId)
                                .put("messageId", t.messageId()).put("language", t.target()).put("text", t.text())
                                .put("source", t.source()).put("engine", t.engine()));
                    }
                });
                Promise<MessageTranslation> shown = Promise.promise();
                long timer = vertx.setTimer(Math.max(1, waitMillis), x -> shown.tryComplete(new MessageTranslation(
                        stored.messageId(), INBOUND, stored.source(), target, PENDING, null, null, 0, List.of(),
                        "translation into " + target + " in progress", 0, false)));
                personal.onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    shown.tryComplete(ar.succeeded() ? ar.result() : new MessageTranslation(stored.messageId(),
                            INBOUND, stored.source(), target, Translation.Outcome.FAILED.name(), null, null, 0,
                            List.of(), String.valueOf(ar.cause().getMessage()), 0, false));
                });
                each.add(shown.future());
            }
            return Future.all(each).map(all -> {
                List<MessageTranslation> out = new java.util.ArrayList<>();
                for (int i = 0; i < each.size(); i++) {
                    out.add(all.resultAt(i));
                }
                return out;
            });
        });
    }

    /** The agent reads the message's own language: nothing to show but the original. */
    private static MessageTranslation sameAs(MessageTranslation stored, String target) {
        return new MessageTranslation(stored.messageId(), stored.direction(), stored.source(), target,
                Translation.Outcome.SAME_LANGUAGE.name(), null, null, 1.0, List.of(), null, stored.attempts(), false);
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
        return correct(messageId, agentId, corrected, null);
    }

    /**
     * As {@link #correct(String, String, String)}, for the translation into {@code target} the agent saw (null: the
     * stored one). A correction of an agent's own on-demand translation (another language than the stored one) goes
     * into the contact's translation memory only; the stored translation follows the assigned agent.
     */
    public Future<MessageTranslation> correct(String messageId, String agentId, String corrected, String target) {
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
            boolean own = target != null && !target.isBlank() && !target.equals(row.target());
            LanguagePair pair;
            try {
                pair = LanguagePair.of(row.source(), own ? target : row.target());
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
            Translation t = Translation.done(corrected.strip(), MEMORY_ENGINE, 1.0, List.of());
            if (own) {
                return store.write(c -> {
                    String segmentId = TranslationRecords.newId();
                    byte[] sealedSegment = conversations.sealForConversation(c, message.conversationId(),
                            TranslationRecords.SEGMENTS, segmentId, "text_sealed", t.text());
                    TranslationRecords.putSegment(c, segmentId, message.contactId(), "MEMORY",
                            memoryKey(pair, original), sealedSegment, MEMORY_ENGINE, 1.0, List.of(), agentId);
                    return new MessageTranslation(messageId, row.direction(), pair.source(), pair.target(),
                            t.outcome().name(), t.text(), MEMORY_ENGINE, 1.0, List.of(), null, 1, false);
                });
            }
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
        reviewed.putIfAbsent(clientMessageId, Promise.promise());
    }

    /**
     * The review of this reply is over: its reviewed translation is stored, or the reply or its translation failed.
     * A channel reply waiting for it leaves now.
     */
    public void forgetReviewed(String clientMessageId) {
        Promise<Void> review = reviewed.remove(clientMessageId);
        if (review != null) {
            review.tryComplete();
        }
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
            return languageFor(agentId, conversationId).compose(agents -> {
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
