package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Author;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.CommittedMessage;
import io.meridian.conversation.MessageLanguage;
import io.meridian.language.DetectedLanguage.Source;
import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipeline's language stage alone: which messages it detects, and that it records them in batches. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageLanguageBatchingTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<List<MessageLanguageRecorder.Detected>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        Await.result(vertx.close(), "closing Vert.x");
    }

    /**
     * Verifies that 500 customer messages give 500 recorded answers in far fewer writes, and that each message's
     * stage answer is its recorded language.
     */
    @Test
    void recordsInBatches() {
        MessageLanguageRecorder recorder = recorder((text, hints) -> new DetectedLanguage("nl", 0.4, Source.TEXT));
        List<Future<Optional<MessageLanguage>>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            answers.add(recorder.detect(message("m-" + i, Author.VISITOR, "Waar is mijn pakket?")));
        }
        Await.until(() -> recorder.recorded() == 500, "500 recorded");
        assertEquals(500, batches.stream().mapToInt(List::size).sum());
        assertTrue(batches.size() <= 500 / 10, "batched: " + batches.size() + " writes");
        assertTrue(batches.stream().allMatch(b -> b.size() <= MessageLanguageRecorder.MAX_BATCH));
        for (int i = 0; i < 500; i++) {
            MessageLanguage answer = Await.result(answers.get(i), "answer " + i).orElseThrow();
            assertEquals("m-" + i, answer.messageId());
            assertEquals("nl", answer.language());
            assertEquals("TEXT", answer.source());
        }
    }

    /** Verifies that agent and system messages are passed with no language and never detected. */
    @Test
    void onlyCustomerMessagesAreDetected() {
        AtomicInteger detections = new AtomicInteger();
        MessageLanguageRecorder recorder = recorder((text, hints) -> {
            detections.incrementAndGet();
            return new DetectedLanguage("en", 1, Source.TEXT);
        });
        assertEquals(Optional.empty(), Await.result(recorder.detect(
                message("a-1", Author.AGENT, "Hello, how can I help?"))));
        assertEquals(Optional.empty(), Await.result(recorder.detect(message("s-1", Author.SYSTEM, "We are closed."))));
        Optional<MessageLanguage> customer = Await.result(recorder.detect(
                message("v-1", Author.VISITOR, "Hi there, my order is late")));
        assertEquals("en", customer.orElseThrow().language());
        assertEquals(1, recorder.recorded());
        assertEquals(1, detections.get());
        assertEquals("v-1", batches.get(0).get(0).messageId());
    }

    /** Verifies that stopping waits until the batch being written is written: no detected answer is dropped. */
    @Test
    void stoppingWaitsForTheWriteInFlight() {
        Promise<Void> written = Promise.promise();
        List<List<MessageLanguageRecorder.Detected>> handed = new CopyOnWriteArrayList<>();
        MessageLanguageRecorder recorder = new MessageLanguageRecorder(vertx,
                LanguageDetection.of((text, hints) -> new DetectedLanguage("nl", 0.4, Source.TEXT)),
                conversationId -> Future.succeededFuture(LanguageHints.none()),
                batch -> {
                    handed.add(List.copyOf(batch));
                    return written.future();
                });
        Await.result(recorder.start(), "starting");
        Future<Optional<MessageLanguage>> answer = recorder.detect(message("m-1", Author.VISITOR, "Waar is het?"));
        Await.until(() -> !handed.isEmpty(), "the batch reaches the store");
        Future<Void> stopped = recorder.stop();
        assertTrue(!stopped.isComplete() && !answer.isComplete(), "the stop waits for the write");
        written.complete();
        Await.result(stopped, "stopping");
        assertEquals("nl", Await.result(answer).orElseThrow().language());
        assertEquals(1, recorder.recorded());
    }

    private MessageLanguageRecorder recorder(LanguageDetector detector) {
        MessageLanguageRecorder recorder = new MessageLanguageRecorder(vertx, LanguageDetection.of(detector),
                conversationId -> Future.succeededFuture(LanguageHints.none()),
                batch -> {
                    batches.add(List.copyOf(batch));
                    return Future.succeededFuture();
                });
        Await.result(recorder.start(), "starting");
        return recorder;
    }

    private static CommittedMessage message(String messageId, Author author, String text) {
        return new CommittedMessage(new ChatMessage(messageId, "c-1", 1, author, "someone", null, null, text,
                Instant.now()), false, false, false);
    }
}
