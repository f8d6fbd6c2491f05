package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the widget endpoint does with frames a broken or hostile client sends (docs/api.md §1.3): each is answered with
 * the documented error code, nothing is stored for it, and the connection goes on working.
 * The node runs with a rate limit of 10 frames a minute per connection, low enough to test flooding quickly and
 * still above what every other test here sends on one connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WidgetBadInputTest {

    private static final String PASSWORD = "Widget-bad-input-test-pw-1";
    private static final int RATE_LIMIT = 10;

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static AgentSession agent;

    @BeforeAll
    static void startNode(Vertx v) {
        vertx = v;
        desk = SignedInNode.start(vertx, dataDir,
                Map.of("MERIDIAN_WIDGET_RATE_LIMIT_MESSAGES_PER_MINUTE", String.valueOf(RATE_LIMIT)));
        node = desk.node();
        agent = desk.agent("bruno", "Bruno", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /** Verifies that a frame that is not JSON gets malformed_json and the connection still works. */
    @Test
    void malformedJson() {
        rejectedThenStillWorking(v -> v.sendText("{\"type\":\"message\",\"text\":"), "malformed_json");
    }

    /** Verifies that a JSON array instead of an object gets malformed_json and the connection still works. */
    @Test
    void jsonArrayInsteadOfObject() {
        rejectedThenStillWorking(v -> v.sendText("[{\"type\":\"message\",\"clientMessageId\":\"arr-1\",\"text\":\"hi\"}]"),
                "malformed_json");
    }

    /** Verifies that a frame without a type gets invalid_frame and the connection still works. */
    @Test
    void missingType() {
        rejectedThenStillWorking(v -> v.send(new JsonObject().put("clientMessageId", "no-type-1").put("text", "hola")),
                "invalid_frame");
    }

    /** Verifies that a frame whose type is not a string gets invalid_frame and the connection still works. */
    @Test
    void typeOfTheWrongKind() {
        rejectedThenStillWorking(v -> v.send(new JsonObject().put("type", 7)), "invalid_frame");
    }

    /** Verifies that an unknown frame type gets unknown_type and the connection still works. */
    @Test
    void unknownType() {
        rejectedThenStillWorking(v -> v.send(new JsonObject().put("type", "teleport")), "unknown_type");
    }

    /** Verifies that a second hello on one connection gets invalid_frame and the connection still works. */
    @Test
    void secondHello() {
        rejectedThenStillWorking(v -> v.send(new JsonObject().put("type", "hello")), "invalid_frame");
    }

    /** Verifies that a clientMessageId with forbidden characters gets invalid_frame and is not stored. */
    @Test
    void invalidClientMessageId() {
        rejectedThenStillWorking(v -> v.send(WidgetVisitor.message("not a valid id!", "hola")), "invalid_frame");
    }

    /** Verifies that a clientMessageId over 64 characters gets invalid_frame and is not stored. */
    @Test
    void overlongClientMessageId() {
        rejectedThenStillWorking(v -> v.send(WidgetVisitor.message("x".repeat(65), "hola")), "invalid_frame");
    }

    /** Verifies that a message of only white space gets invalid_frame naming its clientMessageId, and is not stored. */
    @Test
    void emptyText() {
        JsonObject error = rejectedThenStillWorking(v -> v.send(WidgetVisitor.message("blank-1", "   ")), "invalid_frame");
        assertEquals("blank-1", error.getString("clientMessageId"));
    }

    /** Verifies that a text over maxTextChars (in a frame under maxFrameBytes) gets too_large and is not stored. */
    @Test
    void textOverMaxTextChars() {
        rejectedThenStillWorking(v -> v.send(WidgetVisitor.message("long-text-1", "a".repeat(8001))), "too_large");
    }

    /** Verifies that a frame over 64 KiB but under four times that gets too_large, and the connection survives it. */
    @Test
    void frameOverMaxFrameBytes() {
        rejectedThenStillWorking(v -> v.send(WidgetVisitor.message("big-frame-1", "b".repeat(70_000))), "too_large");
    }

    /** Verifies that a binary frame gets binary_not_supported and the connection still works. */
    @Test
    void binaryFrame() {
        rejectedThenStillWorking(v -> v.sendBinary(Buffer.buffer("{\"type\":\"ping\"}")), "binary_not_supported");
    }

    /** Verifies that a message before hello gets hello_required naming the message, and is not stored. */
    @Test
    void messageBeforeHello() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            Await.result(visitor.send(WidgetVisitor.message("early-1", "¿Hola?")), "sending a message before hello");
            assertEquals("early-1", visitor.expectError("hello_required").getString("clientMessageId"));

            visitor.hello(null);
            JsonObject ack = visitor.say("after-hello-1", "¿Hola?");
            List<JsonObject> stored = agent.messages(ack.getJsonObject("message").getString("conversationId"));
            assertEquals(List.of("after-hello-1"), stored.stream().map(m -> m.getString("clientMessageId")).toList());
        } finally {
            visitor.close();
        }
    }

    /** Verifies that a frame over four times maxFrameBytes is not read at all: the socket is closed with 1009. */
    @Test
    void frameOverFourTimesTheLimitClosesTheSocket() {
        // A client frame limit of 8 x 64 KiB makes the client send the text as one frame, not as continuations.
        WidgetVisitor visitor = Await.result(WidgetVisitor.connect(vertx, node.port(), 8 * 65536), "widget connection");
        try {
            visitor.hello(null);
            visitor.send(WidgetVisitor.message("huge-1", "h".repeat(4 * 65536 + 1024)));
            assertEquals((short) 1009, Await.result(visitor.closed(), "the server closing the socket"));
        } finally {
            visitor.close();
        }
    }

    /**
     * Verifies that a message over four times maxFrameBytes sent as several continuation frames is not buffered either:
     * the socket is closed with 1009 rather than left open with the message silently dropped.
     */
    @Test
    void fragmentedMessageOverFourTimesTheLimitClosesTheSocket() {
        // The default client frame limit (4 x 64 KiB) splits this text into a full frame and a continuation.
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            visitor.send(WidgetVisitor.message("huge-2", "h".repeat(4 * 65536 + 1024)));
            assertEquals((short) 1009, Await.result(visitor.closed(), "the server closing the socket"));
        } finally {
            visitor.close();
        }
    }

    /**
     * Verifies that past the rate limit frames get rate_limited and are not stored, and that past twice the limit the
     * socket is closed with 1008.
     */
    @Test
    void floodIsRefusedThenDisconnected() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        List<String> accepted = new ArrayList<>();
        String conversationId = null;
        // Frames 2..10: within the limit, each stored.
        for (int i = 2; i <= RATE_LIMIT; i++) {
            String id = "flood-ok-" + i;
            conversationId = visitor.say(id, "mensaje " + i).getJsonObject("message").getString("conversationId");
            accepted.add(id);
        }
        // Frames 11..20: over the limit, refused one by one.
        for (int i = RATE_LIMIT + 1; i <= 2 * RATE_LIMIT; i++) {
            Await.result(visitor.send(WidgetVisitor.message("flood-refused-" + i, "mensaje " + i)), "sending frame " + i);
            visitor.expectError("rate_limited");
        }
        // Frame 21: past twice the limit, the server hangs up.
        visitor.send(WidgetVisitor.message("flood-refused-" + (2 * RATE_LIMIT + 1), "otra vez"));
        assertEquals((short) 1008, Await.result(visitor.closed(), "the server closing the socket"));
        visitor.close();

        List<JsonObject> stored = agent.messages(conversationId);
        assertEquals(accepted, stored.stream().map(m -> m.getString("clientMessageId")).toList());
    }

    /**
     * Says hello, sends the bad frame, expects the error with {@code code}, then proves the connection still works by
     * sending a valid message and getting its ack; finally checks that only that valid message was stored.
     */
    private JsonObject rejectedThenStillWorking(Consumer<WidgetVisitor> badFrame, String code) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            badFrame.accept(visitor);
            JsonObject error = visitor.expectError(code);
            assertFalse(error.getString("reason", "").isBlank(), "a readable reason: " + error);

            String validId = "valid-" + UUID.randomUUID();
            JsonObject ack = visitor.say(validId, "Ahora sí, un mensaje correcto");
            assertFalse(ack.getBoolean("duplicate"));
            assertEquals(1, ack.getJsonObject("message").getInteger("seq"), "the bad frame took no seq");

            List<JsonObject> stored = agent.messages(ack.getJsonObject("message").getString("conversationId"));
            assertEquals(List.of(validId), stored.stream().map(m -> m.getString("clientMessageId")).toList());
            assertTrue(visitor.unclaimed().stream().noneMatch(f -> "error".equals(f.getString("type"))),
                    "no further error frames: " + visitor.unclaimed());
            return error;
        } finally {
            visitor.close();
        }
    }
}
