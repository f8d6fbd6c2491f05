package io.meridian.language;

import io.meridian.console.Messages;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.CommittedMessage;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.MessageLanguage;
import io.meridian.conversation.MessagePipeline;
import io.meridian.lifecycle.Lifecycle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message pipeline's language stage: detects the language of every customer message this node stores, once, and
 * records it on the message (language, confidence, source). It detects on a small worker pool of its own and records
 * the answers in batches (one store write for up to {@value #MAX_BATCH} messages, at most {@value #BATCH_DELAY_MS} ms
 * late); the stage completes for a message once its language is recorded, and the later stages (routing,
 * translation) use that answer instead of detecting again.
 * <p>
 * Detection never holds up a message: the customer's message is stored and acknowledged first. If more than
 * {@value #MAX_PENDING} messages wait for detection, further ones are left without a language (and counted), so a
 * flood cannot exhaust memory.
 */
public final class MessageLanguageRecorder implements MessagePipeline.LanguageStage, Lifecycle {

    static final int MAX_PENDING = 10_000;
    static final int MAX_BATCH = 200;
    static final long BATCH_DELAY_MS = 20;
    private static final int THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(MessageLanguageRecorder.class);

    /** A detection waiting to be recorded. */
    public record Detected(String messageId, String conversationId, DetectedLanguage language) {
    }

    /** A detection and the stage's answer for its message, given once it is recorded. */
    private record Waiting(Detected detected, Promise<Optional<MessageLanguage>> answer) {
    }

    /** Records detections; completes once they are stored. */
    @FunctionalInterface
    public interface Sink {
        Future<?> record(List<Detected> batch);
    }

    private final Vertx vertx;
    private final LanguageDetection detection;
    private final Function<String, Future<LanguageHints>> hintsOfConversation;
    private final Sink sink;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Object lock = new Object();
    private List<Waiting> batch = new ArrayList<>();
    /** Completes when every batch handed to the sink so far is written (or failed). Guarded by {@code lock}. */
    private Future<Void> writes = Future.succeededFuture();
    private long flushTimer = -1;
    private WorkerExecutor executor;

    /**
     * @param hintsOfConversation what is known about the language of a conversation's contact (fails or is
     *                            {@link LanguageHints#none()} when nothing is)
     */
    public MessageLanguageRecorder(Vertx vertx, LanguageDetection detection,
            Function<String, Future<LanguageHints>> hintsOfConversation, Sink sink) {
        this.vertx = vertx;
        this.detection = detection;
        this.hintsOfConversation = hintsOfConversation;
        this.sink = sink;
    }

    /**
     * Hints from what the conversation service keeps about the contact: the language detected from what they wrote
     * before, and the browser's languages (the contact's locale when only that is known).
     */
    public static Function<String, Future<LanguageHints>> hintsFrom(ConversationService conversations) {
        return conversationId -> conversations.facts(conversationId).map(found -> found
                .map(f -> new LanguageHints(f.language(), f.browserLanguages().isEmpty() && f.locale() != null
                        ? List.of(f.locale()) : f.browserLanguages()))
                .orElse(LanguageHints.none()));
    }

    /** Records into the conversation service's messages, one write per batch. */
    public static Sink sinkOf(ConversationService conversations) {
        return batch -> conversations.recordMessageLanguages(batch.stream()
                .map(d -> new MessageLanguage(d.messageId(), d.language().language(),
                        d.language().confidence(), d.language().source().name()))
                .toList());
    }

    @Override
    public Future<Void> start() {
        executor = vertx.createSharedWorkerExecutor("meridian-language", THREADS);
        return Future.succeededFuture();
    }

    /** Stops detecting; completes once what is detected already is recorded. */
    @Override
    public Future<Void> stop() {
        flush();
        Future<Void> written;
        synchronized (lock) {
            written = writes;
        }
        return written.eventually(() -> executor == null ? Future.succeededFuture() : executor.close());
    }

    /** Messages whose language was recorded since start. */
    public long recorded() {
        return recorded.get();
    }

    /** Messages left without a language because too many were waiting. */
    public long skipped() {
        return skipped.get();
    }

    /** Detects and records the language of a customer's message; empty for any other message. */
    @Override
    public Future<Optional<MessageLanguage>> detect(CommittedMessage committed) {
        if (!committed.fromCustomer()) {
            return Future.succeededFuture(Optional.empty());
        }
        ChatMessage message = committed.message();
        String messageId = message.id();
        String conversationId = message.conversationId();
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            if (skipped.incrementAndGet() % 1000 == 1) {
                LOG.warn("Language detection is {} messages behind; {} messages so far stored without a language",
                        MAX_PENDING, skipped.get());
            }
            return Future.succeededFuture(Optional.empty());
        }
        Promise<Optional<MessageLanguage>> answer = Promise.promise();
        detection.settled()
                .compose(v -> hintsOfConversation.apply(conversationId).otherwise(LanguageHints.none()))
                .compose(hints -> executor.executeBlocking(() -> detection.detect(message.text(), hints), false))
                .onSuccess(language -> add(new Waiting(new Detected(messageId, conversationId, language), answer)))
                .onFailure(e -> {
                    pending.decrementAndGet();
                    answer.fail(e);
                });
        return answer.future();
    }

    private void add(Waiting detected) {
        boolean full;
        synchronized (lock) {
            batch.add(detected);
            full = batch.size() >= MAX_BATCH;
            if (!full && flushTimer < 0) {
                flushTimer = vertx.setTimer(BATCH_DELAY_MS, id -> flush());
            }
        }
        if (full) {
            flush();
        }
    }

    private void flush() {
        List<Waiting> toRecord;
        synchronized (lock) {
            if (flushTimer >= 0) {
                vertx.cancelTimer(flushTimer);
                flushTimer = -1;
            }
            if (batch.isEmpty()) {
                return;
            }
            toRecord = batch;
            batch = new ArrayList<>();
        }
        Future<?> written = sink.record(toRecord.stream().map(Waiting::detected).toList());
        synchronized (lock) {
            writes = Future.join(writes, written).<Void>mapEmpty().otherwiseEmpty();
        }
        written
                .onSuccess(stored -> {
                    recorded.addAndGet(toRecord.size());
                    for (Waiting w : toRecord) {
                        Detected d = w.detected();
                        w.answer().complete(Optional.of(new MessageLanguage(d.messageId(), d.language().language(),
                                d.language().confidence(), d.language().source().name())));
                    }
                })
                .onFailure(e -> {
                    LOG.warn("The languages of {} messages were not recorded: {}", toRecord.size(), e.toString());
                    toRecord.forEach(w -> w.answer().fail(e));
                })
                .onComplete(ar -> pending.addAndGet(-toRecord.size()));
    }
}
