package io.meridian.conversation;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every message takes once it is stored and acknowledged, for every channel, in this order (design.md §4):
 * <ol>
 * <li><b>language</b>: the customer message's language is detected, once, and recorded on it;</li>
 * <li><b>automation</b>: the bot and rules act on it (nothing yet);</li>
 * <li><b>tickets</b>: a customer's message opens again the pending or solved ticket its conversation belongs to;</li>
 * <li><b>routing</b>: a message that opened its conversation is routed, using that language;</li>
 * <li><b>translation</b>: the message is translated for whoever reads it now (a customer's message into the reader's
 * language, an agent's reply into the customer's);</li>
 * <li><b>delivery</b>: what waits for the message leaves (a channel reply's outbox);</li>
 * <li><b>indexing</b>: the message becomes findable by search.</li>
 * </ol>
 * Consoles and the customer's widget see the message itself as soon as it is stored ({@link ChatHub}); the stages
 * add to it. Two conversation events take shorter paths: a closed conversation goes to routing (its agent's slot
 * frees), and one whose reader changed (assigned, transferred) goes to translation (its messages follow into the new
 * reader's language); after either, indexing records the conversation's new state.
 * <p>
 * An agent's or system message passes the language stage only once the customer messages before it in its
 * conversation have (their language is recorded), so a reply sent while detection still runs is translated into
 * the customer's language all the same.
 * <p>
 * Each capability brings its stage; the composition root hands them over once, at {@link #start}. A stage that fails
 * is logged with the message id and the path goes on: a routing failure does not keep a message untranslated.
 */
public final class MessagePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(MessagePipeline.class);

    /** Detects and records the language of a customer's message; empty for other messages or when unknown. */
    @FunctionalInterface
    public interface LanguageStage {
        Future<Optional<MessageLanguage>> detect(CommittedMessage message);
    }

    /** A stage acting on a message whose language is decided. */
    @FunctionalInterface
    public interface MessageStage {
        Future<Void> handle(LanguagedMessage message);
    }

    /** A stage acting on an event of a whole conversation. */
    @FunctionalInterface
    public interface ConversationStage {
        Future<Void> handle(String conversationId);
    }

    /**
     * The stages, in the order messages pass them, and the conversation events' stages: {@code reindexing} follows
     * both {@code closed} and {@code readerChanged}.
     */
    public record Stages(LanguageStage language, MessageStage automation, MessageStage tickets, MessageStage routing,
            MessageStage translation, MessageStage delivery, MessageStage indexing, ConversationStage closed,
            ConversationStage readerChanged, ConversationStage reindexing) {

        public Stages {
            Objects.requireNonNull(language, "language stage");
            Objects.requireNonNull(automation, "automation stage");
            Objects.requireNonNull(tickets, "tickets stage");
            Objects.requireNonNull(routing, "routing stage");
            Objects.requireNonNull(translation, "translation stage");
            Objects.requireNonNull(delivery, "delivery stage");
            Objects.requireNonNull(indexing, "indexing stage");
            Objects.requireNonNull(closed, "closed stage");
            Objects.requireNonNull(readerChanged, "reader-changed stage");
            Objects.requireNonNull(reindexing, "reindexing stage");
        }

        /** Without tickets and search: no ticket follows a message, nothing is indexed. */
        public Stages(LanguageStage language, MessageStage automation, MessageStage routing,
                MessageStage translation, MessageStage delivery, ConversationStage closed,
                ConversationStage readerChanged) {
            this(language, automation, nothing(), routing, translation, delivery, nothing(), closed, readerChanged,
                    id -> Future.succeededFuture());
        }
    }

    /** A stage that does nothing: the automation stage until the bot and rules come; indexing without search. */
    public static MessageStage nothing() {
        return message -> Future.succeededFuture();
    }

    private volatile Stages stages;
    /**
     * Per conversation, the language stages of its customer messages still running, joined (detection is bounded).
     */
    private final Map<String, Future<?>> customerLanguages = new ConcurrentHashMap<>();

    /** Hands over the stages; messages pass them from now on. Once only. */
    public synchronized void start(Stages stages) {
        if (this.stages != null) {
            throw new IllegalStateException("the message pipeline is started already");
        }
        this.stages = Objects.requireNonNull(stages, "stages");
    }

    /**
     * Takes a stored message down the path. Completes, never failed, once the last stage is done, with the message
     * and its language.
     */
    public Future<LanguagedMessage> accept(CommittedMessage committed) {
        Stages s = started();
        String id = committed.message().id();
        String conversationId = committed.message().conversationId();
        Future<Optional<MessageLanguage>> language;
        if (committed.fromCustomer()) {
            language = detected(s, committed);
            // Joined with the ones still running for the conversation: a reply waits for every earlier one.
            Future<?> all = customerLanguages.compute(conversationId, (key, earlier) -> earlier == null ? language
                    : Future.join(earlier, language));
            all.onComplete(ar -> customerLanguages.remove(conversationId, all));
        } else {
            // A reply goes into the language of the customer's messages before it, so it waits for theirs.
            language = customerLanguages.getOrDefault(conversationId, Future.succeededFuture())
                    .transform(ar -> detected(s, committed));
        }
        return language
                .map(found -> new LanguagedMessage(committed, found))
                .compose(m -> step("automation", s.automation(), m))
                .compose(m -> step("tickets", s.tickets(), m))
                .compose(m -> committed.opened() ? step("routing", s.routing(), m) : Future.succeededFuture(m))
                .compose(m -> step("translation", s.translation(), m))
                .compose(m -> step("delivery", s.delivery(), m))
                .compose(m -> step("indexing", s.indexing(), m));
    }

    /** A conversation closed: routing frees its agent's slot. Completes, never failed. */
    public Future<Void> closed(String conversationId) {
        Stages s = started();
        return event("closed", s.closed(), conversationId)
                .compose(v -> event("reindexing", s.reindexing(), conversationId));
    }

    /** A conversation has a new reader (assigned, transferred): translation follows. Completes, never failed. */
    public Future<Void> readerChanged(String conversationId) {
        Stages s = started();
        return event("reader-changed", s.readerChanged(), conversationId)
                .compose(v -> event("reindexing", s.reindexing(), conversationId));
    }

    private static Future<Optional<MessageLanguage>> detected(Stages s, CommittedMessage committed) {
        return guarded(() -> s.language().detect(committed)).recover(e -> {
            failed("language", committed.message().id(), e);
            return Future.succeededFuture(Optional.empty());
        });
    }

    private Stages started() {
        Stages s = stages;
        if (s == null) {
            throw new IllegalStateException("the message pipeline is not started");
        }
        return s;
    }

    private static Future<LanguagedMessage> step(String name, MessageStage stage, LanguagedMessage message) {
        return guarded(() -> stage.handle(message)).map(v -> message).recover(e -> {
            failed(name, message.message().id(), e);
            return Future.succeededFuture(message);
        });
    }

    private static Future<Void> event(String name, ConversationStage stage, String conversationId) {
        return guarded(() -> stage.handle(conversationId)).recover(e -> {
            LOG.warn("The {} stage failed for conversation {}: {}", name, conversationId, e.toString());
            return Future.succeededFuture();
        });
    }

    /** A stage's future; a stage that throws instead counts as a failed one. */
    private static <T> Future<T> guarded(Supplier<Future<T>> stage) {
        try {
            return stage.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static void failed(String stage, String messageId, Throwable e) {
        LOG.warn("The {} stage failed for message {}: {}", stage, messageId, e.toString());
    }
}
