package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.Role;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The widget protocol of docs/api.md §1 as a widget written from that document experiences it, on each store engine.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class WidgetProtocolTest {

    @Parameter
    StoreEngine engine;

    private static final String PASSWORD = "Widget-protocol-test-pw-1";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static AgentSession alice;

    @BeforeParameterizedClassInvocation
    static void startNode(StoreEngine engine) {
        vertx = Vertx.vertx();
        desk = SignedInNode.start(vertx, dataDir.resolve(engine.configName()), TestStores.nodeOverrides(engine));
        node = desk.node();
        alice = desk.agent("alice", "Alice", Role.AGENT, PASSWORD);
    }

    @AfterParameterizedClassInvocation
    static void stopNode() {
        if (desk != null) {
            desk.stop();
            desk = null;
        }
        vertx.close().await();
    }

    /** Verifies that a first hello is welcomed with a new token, no conversation, the limits, and that ping gets pong. */
    @Test
    void helloWithoutTokenWelcomesANewVisitor() {
        WidgetVisitor first = WidgetVisitor.open(vertx, node.port());
        WidgetVisitor second = WidgetVisitor.open(vertx, node.port());
        try {
            JsonObject welcome = first.hello(null);
            assertFalse(welcome.getString("visitorToken", "").isBlank(), "a new token: " + welcome);
            assertTrue(welcome.containsKey("conversationId") && welcome.getValue("conversationId") == null, welcome.encode());
            assertNull(welcome.getValue("status"), welcome.encode());
            assertEquals(new JsonArray(), welcome.getJsonArray("messages"));
            assertEquals(65536, welcome.getJsonObject("limits").getInteger("maxFrameBytes"));
            assertEquals(8000, welcome.getJsonObject("limits").getInteger("maxTextChars"));

            assertNotEquals(welcome.getString("visitorToken"), second.hello(null).getString("visitorToken"),
                    "every new visitor gets a token of its own");

            Await.result(first.send(new JsonObject().put("type", "ping")), "sending ping");
            first.expect("pong");
        } finally {
            first.close();
            second.close();
        }
    }

    /** Verifies that messages are acknowledged in order with seq 1, 2 and are readable by an agent once acknowledged. */
    @Test
    void messagesAreAcknowledgedWithConsecutiveSeq() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            JsonObject first = visitor.say("c-1-" + UUID.randomUUID(), "Hola, mi pedido no ha llegado");
            JsonObject second = visitor.say("c-2-" + UUID.randomUUID(), "Es el pedido 4411");

            assertFalse(first.getBoolean("duplicate"));
            JsonObject m1 = first.getJsonObject("message");
            JsonObject m2 = second.getJsonObject("message");
            assertEquals(1, m1.getInteger("seq"));
            assertEquals(2, m2.getInteger("seq"));
            assertEquals("visitor", m1.getString("author"));
            assertEquals("Hola, mi pedido no ha llegado", m1.getString("text"));
            assertEquals(first.getString("clientMessageId"), m1.getString("clientMessageId"));
            assertNotNull(m1.getString("messageId"));
            assertNotNull(m1.getString("at"));
            assertEquals(m1.getString("conversationId"), m2.getString("conversationId"));

            // An ack means committed: another reader sees both messages at once, in seq order.
            List<JsonObject> stored = alice.messages(m1.getString("conversationId"));
            assertEquals(List.of(m1.getString("messageId"), m2.getString("messageId")),
                    stored.stream().map(m -> m.getString("messageId")).toList());
        } finally {
            visitor.close();
        }
    }

    /** Verifies that resending a clientMessageId, on the same or a new connection, returns the original and stores it once. */
    @Test
    void resendIsAcknowledgedAsDuplicateAndStoredOnce() {
        String clientMessageId = UUID.randomUUID().toString();
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String token = visitor.hello(null).getString("visitorToken");
        JsonObject original = visitor.say(clientMessageId, "¿Dónde está mi paquete?");
        JsonObject resent = visitor.say(clientMessageId, "¿Dónde está mi paquete?");
        Await.result(visitor.close(), "closing the first connection");

        WidgetVisitor reconnected = WidgetVisitor.open(vertx, node.port());
        try {
            reconnected.hello(token);
            JsonObject resentAfterReconnect = reconnected.say(clientMessageId, "¿Dónde está mi paquete?");

            assertFalse(original.getBoolean("duplicate"));
            for (JsonObject ack : List.of(resent, resentAfterReconnect)) {
                assertTrue(ack.getBoolean("duplicate"), ack.encode());
                assertEquals(original.getJsonObject("message").getString("messageId"),
                        ack.getJsonObject("message").getString("messageId"));
                assertEquals(1, ack.getJsonObject("message").getInteger("seq"));
            }
            String conversationId = original.getJsonObject("message").getString("conversationId");
            List<JsonObject> stored = alice.messages(conversationId);
            assertEquals(1, stored.size(), "stored once: " + stored);
            assertEquals(1, conversation(conversationId).getInteger("messageCount"));
        } finally {
            reconnected.close();
        }
    }

    /** Verifies that reconnecting with the token welcomes the visitor back with the whole history, or the part after lastSeq. */
    @Test
    void reconnectWithTokenReturnsTheHistory() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String token = visitor.hello(null).getString("visitorToken");
        JsonObject ack = visitor.say("Necesito cambiar la dirección de entrega");
        String conversationId = ack.getJsonObject("message").getString("conversationId");
        visitor.say("Calle Mayor 5, Madrid");
        Await.result(visitor.close(), "closing the first connection");
        assertEquals(201, reply(conversationId, "Claro, ya está cambiada.").statusCode());

        WidgetVisitor reloaded = WidgetVisitor.open(vertx, node.port());
        WidgetVisitor partial = WidgetVisitor.open(vertx, node.port());
        try {
            JsonObject welcome = reloaded.hello(token);
            assertEquals(token, welcome.getString("visitorToken"));
            assertEquals(conversationId, welcome.getString("conversationId"));
            assertEquals("open", welcome.getString("status"));
            JsonArray history = welcome.getJsonArray("messages");
            assertEquals(List.of(1, 2, 3), history.stream().map(m -> ((JsonObject) m).getInteger("seq")).toList());
            assertEquals(List.of("visitor", "visitor", "agent"),
                    history.stream().map(m -> ((JsonObject) m).getString("author")).toList());
            assertEquals("Claro, ya está cambiada.", history.getJsonObject(2).getString("text"));
            assertEquals("Alice", history.getJsonObject(2).getString("authorName"));

            Await.result(partial.send(new JsonObject().put("type", "hello").put("visitorToken", token).put("lastSeq", 2)),
                    "sending hello with lastSeq");
            JsonArray rest = partial.expect("welcome").getJsonArray("messages");
            assertEquals(1, rest.size(), rest.encode());
            assertEquals(3, rest.getJsonObject(0).getInteger("seq"));
        } finally {
            reloaded.close();
            partial.close();
        }
    }

    /** Verifies that an agent's reply through the REST API reaches the visitor's open socket as a message frame. */
    @Test
    void agentReplyReachesTheVisitorLive() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            String conversationId = visitor.say("¿Tienen la talla 42?").getJsonObject("message").getString("conversationId");

            assertEquals(201, reply(conversationId, "Sí, la tenemos en azul.").statusCode());

            JsonObject live = visitor.expect(f -> "message".equals(f.getString("type"))
                    && "agent".equals(f.getJsonObject("message").getString("author")), "the agent's reply");
            JsonObject message = live.getJsonObject("message");
            assertEquals("Sí, la tenemos en azul.", message.getString("text"));
            assertEquals("Alice", message.getString("authorName"));
            assertEquals(conversationId, message.getString("conversationId"));
            assertEquals(2, message.getInteger("seq"));
        } finally {
            visitor.close();
        }
    }

    /** Verifies that closing is announced to the visitor and that writing again opens a new conversation that is live too. */
    @Test
    void closedConversationIsAnnouncedAndTheNextMessageOpensANewOne() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            String first = visitor.say("Gracias, eso era todo").getJsonObject("message").getString("conversationId");

            HttpResponse<Buffer> closed = alice.postJson("/api/v1/conversations/" + first + "/close", new JsonObject());
            assertEquals(200, closed.statusCode(), closed.bodyAsString());
            JsonObject announcement = visitor.expect("conversation.closed");
            assertEquals(first, announcement.getString("conversationId"));

            JsonObject reopened = visitor.say("Perdón, una pregunta más").getJsonObject("message");
            String second = reopened.getString("conversationId");
            assertNotEquals(first, second);
            assertEquals(1, reopened.getInteger("seq"));
            assertEquals("closed", conversation(first).getString("status"));
            assertEquals("open", conversation(second).getString("status"));

            // The socket now follows the new conversation: replies there reach the visitor.
            assertEquals(201, reply(second, "Dígame.").statusCode());
            visitor.expect(f -> "message".equals(f.getString("type"))
                    && "Dígame.".equals(f.getJsonObject("message").getString("text")), "the reply in the new conversation");
        } finally {
            visitor.close();
        }
    }

    private static HttpResponse<Buffer> reply(String conversationId, String text) {
        return alice.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", "r-" + UUID.randomUUID()).put("text", text));
    }

    private static JsonObject conversation(String conversationId) {
        HttpResponse<Buffer> response = alice.get("/api/v1/conversations/" + conversationId);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }
}
