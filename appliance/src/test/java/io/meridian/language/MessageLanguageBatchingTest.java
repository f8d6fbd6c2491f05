package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChatHub;
import io.meridian.language.DetectedLanguage.Source;
import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The recorder alone on a real event bus: which events it takes, and that it writes in batches. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageLanguageBatchingTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<List<MessageLanguageRecorder.Detected>> batches = new CopyOnWriteArrayList<>();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        Await.result(vertx.close(), "closing Vert.x");
    }

    /** Verifies that 500 customer messages give 500 recorded answers in far fewer writes, and every one is announced. */
    @Test
    void recordsInBatches() {
        MessageLanguageRecorder recorder = recorder((text, hints) -> new DetectedLanguage("nl", 0.4, Source.TEXT));
        for (int i = 0; i < 500; i++) {
            vertx.eventBus().publish(ChatHub.INBOX_ADDRESS, event("m-" + i, "visitor", "Waar is mijn pakket?"));
        }
        Await.until(() -> recorder.recorded() == 500, "500 recorded");
        assertEquals(500, batches.stream().mapToInt(List::size).sum());
        assertTrue(batches.size() <= 500 / 10, "batched: " + batches.size() + " writes");
        assertTrue(batches.stream().allMatch(b -> b.size() <= MessageLanguageRecorder.MAX_BATCH));
        Await.until(() -> announced.size() == 500, "each detection announced");
    }

    /** Verifies that agent and system messages, and events without a message, are left alone. */
    @Test
    void onlyCustomerMessagesAreDetected() {
        AtomicInteger detections = new AtomicInteger();
        MessageLanguageRecorder recorder = recorder((text, hints) -> {
            detections.incrementAndGet();
            return new DetectedLanguage("en", 1, Source.TEXT);
        });
        vertx.eventBus().publish(ChatHub.INBOX_ADDRESS, event("a-1", "agent", "Hello, how can I help?"));
        vertx.eventBus().publish(ChatHub.INBOX_ADDRESS, event("s-1", "system", "We are closed."));
        vertx.eventBus().publish(ChatHub.INBOX_ADDRESS, new JsonObject().put("type", "conversation.closed"));
        vertx.eventBus().publish(ChatHub.INBOX_ADDRESS, event("v-1", "visitor", "Hi there, my order is late"));
        Await.until(() -> recorder.recorded() == 1, "the customer's message recorded");
        assertEquals(1, detections.get());
        assertEquals("v-1", batches.get(0).get(0).messageId());
    }

    private MessageLanguageRecorder recorder(LanguageDetector detector) {
        vertx.eventBus().<JsonObject>consumer(MessageLanguageRecorder.DETECTED_ADDRESS,
                m -> announced.add(m.body().getString("messageId")));
        return new MessageLanguageRecorder(vertx, LanguageDetection.of(detector),
                conversationId -> Future.succeededFuture(LanguageHints.none()),
                batch -> {
                    batches.add(List.copyOf(batch));
                    return Future.succeededFuture();
                }).start();
    }

    private static JsonObject event(String messageId, String author, String text) {
        return new JsonObject().put("type", "message").put("conversationId", "c-1")
                .put("message", new JsonObject().put("messageId", messageId).put("conversationId", "c-1")
                        .put("author", author).put("text", text));
    }
}
