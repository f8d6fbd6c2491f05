package io.meridian.translation;

import io.meridian.conversation.Author;
import io.meridian.conversation.ChannelDelivery;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ContactRestrictions;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.LanguagedMessage;
import io.meridian.crypto.BlindIndex;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.meridian.widget.VisitorTranslations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Translates the messages of conversations and keeps the translations beside the originals
 * ({@link StoredTranslations}). It is the message pipeline's translation stage ({@link #translateForReader}): each
 * customer message, its language detected and the conversation routed, is translated into the language of who reads
 * the conversation ({@link #languageFor}); the stored translation follows when the conversation is assigned or
 * transferred later ({@link #followReader}, {@link InboundTranslations}), and any other agent gets it in their own language on demand
 * ({@link ReaderTranslations}). Agents' replies go the other way ({@link OutgoingTranslations}, with the review step
 * of {@link ReplyReview}); agents' corrections feed the contact's translation memory ({@link Corrections},
 * {@link ContactMemory}); failed translations are retried ({@link RetrySchedule}).
 * <p>
 * This class puts those parts together and keeps the one entry point the pipeline, the console, the API and the node
 * use.
 */
public final class ConversationTranslator implements Lifecycle {

    /** Event-bus address of a {@link TranslationStored} once a translation is stored. */
    public static final String STORED_ADDRESS = "meridian.translation.stored";
    /** How often failed translations are retried in the background. */
    public static final long RETRY_EVERY_MILLIS = 30_000;
    /** The engine of a translation an agent wrote (a correction, a reviewed reply). */
    static final String MEMORY_ENGINE = ContactMemory.ENGINE;

    private final Vertx vertx;
    private final TranslationService service;
    private final GlossaryStore glossary;
    private final ConversationLanguages languages;
    private final StoredTranslations stored;
    private final InboundTranslations inbound;
    private final ReaderTranslations readers;
    private final ReplyReview review;
    private final OutgoingTranslations outgoing;
    private final Corrections corrections;
    private final ConversationService conversations;
    private final ContactRestrictions restrictions;
    private final RetrySchedule retries;

    /**
     * {@code audience}: who reads conversations (agents' reading languages, assignment, teams), which decides the
     * language customer messages are translated into; {@link TranslationAudience#NODE_WIDE} for the node-wide settings.
     */
    public ConversationTranslator(Vertx vertx, Store store, ConversationService conversations, BlindIndex blindIndex,
            GlossaryStore glossary, TranslationService service, String nodeRegion, long retryEveryMillis,
            TranslationAudience audience) {
        this(vertx, store, conversations, blindIndex, glossary, service, nodeRegion, retryEveryMillis, audience,
                ReplyLanguage.AS_SET);
    }

    /** As above, with {@code replyLanguage} telling which language each agent reply is written in. */
    public ConversationTranslator(Vertx vertx, Store store, ConversationService conversations, BlindIndex blindIndex,
            GlossaryStore glossary, TranslationService service, String nodeRegion, long retryEveryMillis,
            TranslationAudience audience, ReplyLanguage replyLanguage) {
        this.vertx = vertx;
        this.conversations = conversations;
        this.restrictions = conversations.restrictions();
        this.service = service;
        this.glossary = glossary;
        ContactMemory memory = new ContactMemory(store, conversations, blindIndex, service, nodeRegion);
        languages = new ConversationLanguages(service, audience, replyLanguage);
        stored = new StoredTranslations(vertx, store, conversations, memory);
        inbound = new InboundTranslations(store, languages, stored);
        readers = new ReaderTranslations(vertx, store, service, languages, memory, stored);
        review = new ReplyReview(store, conversations, service, languages, memory, stored);
        outgoing = new OutgoingTranslations(vertx, store, conversations, service, languages, stored, review);
        corrections = new Corrections(store, memory, stored);
        retries = new RetrySchedule(vertx, store, stored, retryEveryMillis, conversations.restrictions());
    }

    public TranslationService service() {
        return service;
    }

    public GlossaryStore glossary() {
        return glossary;
    }


    /** Starts retrying failed translations in the background. */
    @Override
    public Future<Void> start() {
        retries.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        retries.stop();
        return Future.succeededFuture();
    }

    /**
     * The message pipeline's translation stage. A customer's message whose language is known is translated into the
     * language of who reads the conversation now (routing, before this stage, chose them); an agent's reply, once
     * stored and sent as written, into the customer's language (unless it goes through the review step, which
     * stores the reviewed translation itself); the translation follows on the conversation's address, which the
     * widget forwards to the visitor.
     */
    public Future<Void> translateForReader(LanguagedMessage m) {
        if (!service.settings().enabled()) {
            return Future.succeededFuture();
        }
        ChatMessage message = m.message();
        if (message.author() == Author.VISITOR && m.languageTag().isPresent()) {
            // A customer who restricted the processing of their data (GDPR article 18) is read in their own words.
            return restrictions.conversationRestricted(message.conversationId()).compose(restricted -> restricted
                    ? Future.succeededFuture() : translateInbound(message.id(), m.languageTag().get()).mapEmpty());
        }
        if (message.author() == Author.AGENT && !review.underReview(message.clientMessageId())) {
            return outgoing.ensure(message.id(), message.conversationId()).mapEmpty();
        }
        return Future.succeededFuture();
    }

    /**
     * The message pipeline's reader-changed stage: the conversation was routed, assigned or transferred, so its
     * customer messages follow into the language of who reads them now.
     */
    public Future<Void> followReader(String conversationId) {
        if (!service.settings().enabled()) {
            return Future.succeededFuture();
        }
        return restrictions.conversationRestricted(conversationId).compose(restricted -> restricted
                ? Future.succeededFuture() : retarget(conversationId).mapEmpty());
    }

    /**
     * The language an agent reads and writes in, for a conversation: the agent's reading language, else the
     * conversation's team's first language, else the node-wide {@code translation.agent-language}. With a null
     * {@code agentId}: the assigned agent's reading language (if any is assigned), else as before; this is what
     * customer messages are translated into when they arrive.
     */
    public Future<String> languageFor(String agentId, String conversationId) {
        return languages.languageFor(agentId, conversationId);
    }

    /**
     * The language an agent's reply is written in: the text's own when it is clear about it (an agent who reads
     * German may answer in English), else {@link #languageFor}. Replies are translated from it.
     */
    public Future<String> languageOfReply(String agentId, String conversationId, String text) {
        return languages.languageOfReply(agentId, conversationId, text);
    }

    /**
     * For the console's check before a reply is sent: the language the text is written in and the one the agent
     * expects to write in (reading language, else {@code consoleLanguage}), as JSON ({@code language},
     * {@code expected}, {@code differs}); fails with {@link NoSuchElementException} for an unknown conversation.
     */
    public Future<JsonObject> replyLanguages(String agentId, String conversationId, String text,
            String consoleLanguage) {
        return conversations.facts(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("No conversation " + conversationId));
            }
            return languages.replyLanguages(agentId, conversationId, text, consoleLanguage).map(l -> new JsonObject()
                    .put("language", l.written()).put("expected", l.expected()).put("differs", l.differ()));
        });
    }

    /** Whether replies in this conversation go through the review step: the team's choice, else the node's. */
    public Future<Boolean> reviewsOutgoing(String conversationId) {
        return languages.reviewsOutgoing(conversationId);
    }

    /**
     * Translates a customer's message from its detected language into the language of those who read it
     * ({@link #languageFor} with no agent) and stores it.
     */
    public Future<MessageTranslation> translateInbound(String messageId, String language) {
        return inbound.translate(messageId, language);
    }

    /**
     * The conversation was routed, assigned or transferred: its customer messages' stored translations follow into
     * the language of who reads them now; those already in it stay as they are.
     */
    public Future<Integer> retarget(String conversationId) {
        return inbound.retarget(conversationId);
    }

    /**
     * The conversation's translations as {@code agentId} reads them: in the agent's reading language, translated on
     * demand. Whatever is not done within {@code waitMillis} comes back with status
     * {@value ReaderTranslations#PENDING}; when it is done, the agent's console receives a {@code translation} event on
     * the agent's own address. Nothing of this is stored.
     */
    public Future<List<MessageTranslation>> forReader(String conversationId, String agentId, long waitMillis) {
        // Nothing is translated for a customer who restricted processing: the agent reads the originals.
        return restrictions.conversationRestricted(conversationId).compose(restricted -> restricted
                ? Future.succeededFuture(List.of()) : readers.forReader(conversationId, agentId, waitMillis));
    }

    /**
     * The conversation's translations for a reader of another region whose language is {@code target}: as
     * {@link #forReader}, translated here, in the conversation's home region, under the same residency rules for
     * engines; no message translation stored (the engine's result goes into the contact's translation cache, as for
     * local readers), and nobody told of a late one (the reader asks again).
     */
    public Future<List<MessageTranslation>> forLanguage(String conversationId, String target, long waitMillis) {
        return restrictions.conversationRestricted(conversationId).compose(restricted -> restricted
                ? Future.succeededFuture(List.of()) : readers.forLanguage(conversationId, target, waitMillis));
    }

    /**
     * Translates an agent's reply into the customer's language (the contact's known language, else that of the
     * customer's latest message) and stores it beside the original; nothing when that language is not known or is
     * the agents' own.
     */
    public Future<Optional<MessageTranslation>> translateOutbound(String messageId, String conversationId) {
        return outgoing.translate(messageId, conversationId);
    }

    /** What a channel reply says when it leaves: see {@link OutgoingTranslations#deliveryText}. */
    public Future<String> deliveryText(ChannelDelivery delivery) {
        return outgoing.deliveryText(delivery);
    }

    /**
     * What the agent's reply would read like in the customer's language (the contact's known language), without
     * storing anything: the preview of the review step.
     */
    public Future<Translation> previewOutgoing(String conversationId, String text, String agentLanguage) {
        return review.preview(conversationId, text, agentLanguage);
    }

    /** Announces that the reply with this client id will be sent with an agent-reviewed translation. */
    public void expectReviewed(String clientMessageId) {
        review.expect(clientMessageId);
    }

    /**
     * The review of this reply is over: its reviewed translation is stored, or the reply or its translation failed.
     * A channel reply waiting for it leaves now.
     */
    public void forgetReviewed(String clientMessageId) {
        review.forget(clientMessageId);
    }

    /**
     * Stores the translation the agent reviewed (and possibly edited) as the reply's translation into the customer's
     * language, keeps it in the contact's translation memory for the same text, and sends it to the visitor. The
     * original stays the message itself.
     */
    public Future<MessageTranslation> sendReviewed(String messageId, String conversationId, String agentId,
            String edited) {
        return review.send(messageId, conversationId, agentId, edited);
    }

    /** The stored translations of a conversation's messages, opened. */
    public Future<List<MessageTranslation>> ofConversation(String conversationId) {
        return stored.ofConversation(conversationId);
    }

    /**
     * For the retention job (docs/privacy.md#retention), inside its store work: deletes the translations of these
     * messages, whose texts it erases; how many there were.
     */
    public int forgetTranslations(java.sql.Connection c, java.util.Collection<String> messageIds)
            throws java.sql.SQLException {
        return TranslationRecords.forget(c, messageIds);
    }

    /**
     * For the retention job, inside its store work: deletes the contact's cached and remembered translations made
     * before {@code before} (they hold words of the transcripts it erases).
     */
    public int forgetSegments(java.sql.Connection c, String contactId, java.time.Instant before)
            throws java.sql.SQLException {
        return TranslationRecords.forgetSegments(c, contactId, before);
    }

    /** What the customer's widget shows for the agents' replies: their translations into the customer's language. */
    public VisitorTranslations forVisitors() {
        return conversationId -> stored.ofConversation(conversationId).map(all -> {
            Map<String, VisitorTranslations.Shown> shown = new HashMap<>();
            for (MessageTranslation t : all) {
                if (StoredTranslations.OUTBOUND.equals(t.direction()) && t.translated()) {
                    shown.put(t.messageId(), new VisitorTranslations.Shown(t.target(), t.text()));
                }
            }
            return shown;
        });
    }

    public Future<Optional<MessageTranslation>> ofMessage(String messageId) {
        return stored.ofMessage(messageId);
    }

    /** The conversation of a message, or null when there is no such message. */
    public Future<String> conversationOf(String messageId) {
        return stored.conversationOf(messageId);
    }

    /** An agent's correction of the stored translation: replaces it, and goes into the contact's memory. */
    public Future<MessageTranslation> correct(String messageId, String agentId, String corrected) {
        return correct(messageId, agentId, corrected, null);
    }

    /**
     * As {@link #correct(String, String, String)}, for the translation into {@code target} the agent saw (null: the
     * stored one). A correction of an agent's own on-demand translation (another language than the stored one) goes
     * into the contact's translation memory only; the stored translation follows the assigned agent.
     */
    public Future<MessageTranslation> correct(String messageId, String agentId, String corrected, String target) {
        return corrections.correct(messageId, agentId, corrected, target);
    }

    /** Marks a message's translation as bad (for the glossary and engine owners); false if there is none. */
    public Future<Boolean> flagBad(String messageId) {
        return corrections.flagBad(messageId);
    }

    /** Retries the translations that failed, once each. */
    public Future<Integer> retryFailed() {
        return retries.retryFailed();
    }
}
