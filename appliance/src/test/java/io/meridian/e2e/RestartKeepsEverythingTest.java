package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A node stopped and started again on the same data directory carries on where it left off, and only with its key. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartKeepsEverythingTest {

    private static final String AGENT_PASSWORD = "correct horse battery staple 42";
    private static final String VISITOR_TEXT = "Hola, mi pedido no ha llegado";
    private static final String AGENT_TEXT = "Lo siento, sale hoy mismo";

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private WebClient web;
    private TestNode running;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.web = WebClient.create(vertx);
    }

    @AfterEach
    void tearDown() {
        web.close();
        if (running != null) {
            Await.result(running.stop(), "stopping the node after a failure");
        }
    }

    /**
     * Verifies that after a restart on the same data directory the agent can still sign in, the conversation and its
     * messages read back unchanged over REST and the widget protocol, a resent visitor message is still recognised as
     * a duplicate, new messages continue the sequence, and the first admin account is not created a second time.
     */
    @Test
    void historyAndAccountsSurviveARestart() {
        running = start(Map.of(), "first start");
        assertTrue(running.node().firstAdminPassword().isPresent(), "a fresh data directory gets a first admin");
        Await.result(running.createAgent("alice", "Alice", Role.AGENT, AGENT_PASSWORD), "creating the agent");
        Written written = writeConversation();
        stop();

        running = start(Map.of(), "restart");
        assertTrue(running.node().firstAdminPassword().isEmpty(), "the first admin is not created again on restart");
        AgentSession agent = signIn();

        List<JsonObject> open = agent.conversations("status=open");
        assertTrue(open.stream().anyMatch(c -> written.conversationId().equals(c.getString("id"))),
                "the conversation is still listed: " + open);
        List<JsonObject> messages = agent.messages(written.conversationId());
        assertEquals(List.of("1 visitor " + VISITOR_TEXT, "2 agent " + AGENT_TEXT), summaries(messages));

        try (VisitorChat visitor = VisitorChat.connect(vertx, running.baseUrl())) {
            JsonObject welcome = visitor.hello(new JsonObject()
                    .put("visitorToken", written.visitorToken()).put("lastSeq", 0)
                    .put("locale", "es-ES").put("timeZone", "Europe/Madrid"));
            assertEquals(written.conversationId(), welcome.getString("conversationId"), "the visitor is recognised");
            assertEquals("open", welcome.getString("status"));
            assertEquals(List.of("1 visitor " + VISITOR_TEXT, "2 agent " + AGENT_TEXT),
                    summaries(welcome.getJsonArray("messages")));

            JsonObject resent = visitor.say(written.visitorClientMessageId(), VISITOR_TEXT);
            assertTrue(resent.getBoolean("duplicate"), "a resend of a stored message is a duplicate: " + resent.encode());
            assertEquals(written.visitorMessageId(), resent.getJsonObject("message").getString("messageId"));

            JsonObject next = visitor.say(UUID.randomUUID().toString(), "¿Y el número de seguimiento?");
            assertFalse(next.getBoolean("duplicate"));
            assertEquals(3, next.getJsonObject("message").getInteger("seq"), "the sequence continues without a gap");
        }
    }

    /**
     * Verifies that starting on an existing data directory with a different key store password fails with an error
     * that says what is wrong without printing either password, and that the data is untouched: a start with the
     * right password afterwards serves the same conversation.
     */
    @Test
    void aWrongKeyStorePasswordIsRefusedClearly() {
        running = start(Map.of(), "first start");
        Await.result(running.createAgent("alice", "Alice", Role.AGENT, AGENT_PASSWORD), "creating the agent");
        Written written = writeConversation();
        stop();

        String wrong = "not-the-" + TestNode.KEYSTORE_PASSWORD;
        Throwable refused = Await.failure(TestNode.start(vertx, dataDir, Map.of("MERIDIAN_KEYSTORE_PASSWORD", wrong)),
                "start with the wrong key store password");
        // The top-level message is what an operator reads first: it alone must say what is wrong.
        String headline = String.valueOf(refused.getMessage());
        String lower = headline.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("key store") || lower.contains("keystore"), "the error names the key store: " + headline);
        assertTrue(lower.contains("password"), "the error says the password may be the problem: " + headline);
        String chain = messages(refused);
        assertFalse(chain.contains(wrong) || chain.contains(TestNode.KEYSTORE_PASSWORD),
                "the error must not print a password: " + chain);

        running = start(Map.of(), "start with the right password after the refused one");
        AgentSession agent = signIn();
        List<JsonObject> messages = agent.messages(written.conversationId());
        assertEquals(List.of("1 visitor " + VISITOR_TEXT, "2 agent " + AGENT_TEXT), summaries(messages));
    }

    /** A visitor writes, the agent answers over REST; returns what a restarted node must remember. */
    private Written writeConversation() {
        AgentSession agent = signIn();
        try (VisitorChat visitor = VisitorChat.connect(vertx, running.baseUrl())) {
            JsonObject welcome = visitor.hello(new JsonObject().put("locale", "es-ES").put("timeZone", "Europe/Madrid"));
            String clientMessageId = UUID.randomUUID().toString();
            JsonObject ack = visitor.say(clientMessageId, VISITOR_TEXT);
            JsonObject stored = ack.getJsonObject("message");
            HttpResponse<?> reply = agent.reply(stored.getString("conversationId"), UUID.randomUUID().toString(), AGENT_TEXT);
            assertEquals(201, reply.statusCode(), "reply stored: " + reply.bodyAsString());
            visitor.awaitMessage(AGENT_TEXT);
            return new Written(welcome.getString("visitorToken"), stored.getString("conversationId"),
                    clientMessageId, stored.getString("messageId"));
        }
    }

    private TestNode start(Map<String, String> overrides, String what) {
        return Await.result(TestNode.start(vertx, dataDir, overrides), what);
    }

    private void stop() {
        Await.result(running.stop(), "stopping the node");
        running = null;
    }

    private AgentSession signIn() {
        return AgentSession.open(vertx, web, running.baseUrl(), "alice", AGENT_PASSWORD);
    }

    /** "seq author text" per message: compact, and a failure shows the whole history. */
    private static List<String> summaries(Iterable<?> messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> (JsonObject) m)
                .map(m -> m.getInteger("seq") + " " + m.getString("author") + " " + m.getString("text"))
                .toList();
    }

    /** Every message in the cause chain: the one a wrapper adds may be the clear one, or hide it. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private record Written(String visitorToken, String conversationId, String visitorClientMessageId,
            String visitorMessageId) {
    }
}
