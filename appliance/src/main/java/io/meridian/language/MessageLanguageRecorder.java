package io.meridian.language;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.MessageLanguage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects the language of every customer message this node stores and records it on the message (language,
 * confidence, source). It follows the committed messages this node announces ({@link ChatHub#INBOX_ADDRESS}, local
 * consumer: in a cluster each node handles the messages it stored), detects on a small worker pool of its own, records
 * the answers in batches (one store write for up to {@value #MAX_BATCH} messages, at most {@value #BATCH_DELAY_MS} ms
 * late) and then publishes {@value #DETECTED_ADDRESS} for each, so that other capabilities can use the answer
 * without detecting again.
 * <p>
 * Detection never holds up a message: the customer's message is stored and acknowledged first. If more than
 * {@value #MAX_PENDING} messages wait for detection, further ones are left without a language (and counted), so a
 * flood cannot exhaust memory.
 */
public final class MessageLanguageRecorder {

    /** Event-bus address of the {@code {messageId, conversationId, language, confidence, source}} events. */
    public static final String DETECTED_ADDRESS = "meridian.language.detected";
    static final int MAX_PENDING = 10_000;
    static final int MAX_BATCH = 200;
    static final long BATCH_DELAY_MS = 20;
    private static final int THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(MessageLanguageRecorder.class);

    /** A detection waiting to be recorded. */
    public record Detected(String messageId, String conversationId, DetectedLanguage language) {
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
    private List<Detected> batch = new ArrayList<>();
    private long flushTimer = -1;
    private WorkerExecutor executor;
    private MessageConsumer<JsonObject> consumer;

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

    public MessageLanguageRecorder start() {
        executor = vertx.createSharedWorkerExecutor("meridian-language", THREADS);
        consumer = vertx.eventBus().localConsumer(ChatHub.INBOX_ADDRESS, this::onInboxEvent);
        return this;
    }

    /** Stops following messages; what is detected already is still recorded. */
    public Future<Void> stop() {
        flush();
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered.eventually(() -> executor == null ? Future.succeededFuture() : executor.close());
    }

    /** Messages whose language was recorded since start. */
    public long recorded() {
        return recorded.get();
    }

    /** Messages left without a language because too many were waiting. */
    public long skipped() {
        return skipped.get();
    }

    private void onInboxEvent(Message<JsonObject> event) {
        JsonObject body = event.body();
        JsonObject message = body == null ? null : body.getJsonObject("message");
        if (message == null || !"visitor".equals(message.getString("author"))) {
            return;
        }
        String messageId = message.getString("messageId");
        String conversationId = message.getString("conversationId");
        String text = message.getString("text");
        if (messageId == null || conversationId == null) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            if (skipped.incrementAndGet() % 1000 == 1) {
                LOG.warn("Language detection is {} messages behind; {} messages so far stored without a language",
                        MAX_PENDING, skipped.get());
            }
            return;
        }
        detection.settled()
                .compose(v -> hintsOfConversation.apply(conversationId).otherwise(LanguageHints.none()))
                .compose(hints -> executor.executeBlocking(() -> detection.detect(text, hints), false))
                .onSuccess(language -> add(new Detected(messageId, conversationId, language)))
                .onFailure(e -> {
                    pending.decrementAndGet();
                    LOG.warn("The language of message {} was not detected: {}", messageId, e.toString());
                });
    }

    private void add(Detected detected) {
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
        List<Detected> toRecord;
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
        sink.record(toRecord)
                .onSuccess(stored -> {
                    recorded.addAndGet(toRecord.size());
                    for (Detected d : toRecord) {
                        vertx.eventBus().publish(DETECTED_ADDRESS, new JsonObject()
                                .put("messageId", d.messageId())
                                .put("conversationId", d.conversationId())
                                .put("language", d.language().language())
                                .put("confidence", d.language().confidence())
                                .put("source", d.language().source().name()));
                    }
                })
                .onFailure(e -> LOG.warn("The languages of {} messages were not recorded: {}", toRecord.size(),
                        e.toString()))
                .onComplete(ar -> pending.addAndGet(-toRecord.size()));
    }
}
