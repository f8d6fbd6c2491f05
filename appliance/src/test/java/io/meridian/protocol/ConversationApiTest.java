package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent REST API of docs/api.md §2, every documented answer, as a script written from that document sees it.
 * Every response passes through {@link #checked}, which fails the test if a body ever shows a Java stack trace.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConversationApiTest {

    private static final String PASSWORD = "Conversation-api-test-pw-1";
    private static final String MISSING_ID = "00000000-0000-0000-0000-000000000000";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession carla;

    @BeforeAll
    static void startNode(Vertx v) {
        vertx = v;
        desk = SignedInNode.start(vertx, dataDir, Map.of());
        node = desk.node();
        web = desk.web();
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /** Verifies that sign-in returns the account and a CSRF token as documented. */
    @Test
    void signInReturnsTheAccountAndACsrfToken() {
        assertEquals("carla", carla.agent().getString("username"));
        assertEquals("Carla", carla.agent().getString("displayName"));
        assertEquals("AGENT", carla.agent().getString("role"));
        assertEquals(false, carla.agent().getBoolean("mustChangePassword"));
        assertFalse(carla.csrfToken().isBlank());

        HttpResponse<Buffer> session = checked(carla.get("/api/v1/session"));
        assertEquals(200, session.statusCode());
        assertEquals("carla", session.bodyAsJsonObject().getJsonObject("agent").getString("username"));
    }

    /** Verifies that every conversation address answers 401 with a problem document when there is no session. */
    @Test
    void withoutSessionEveryAddressAnswers401() {
        String id = openConversation("Sin sesión");
        for (HttpRequest<Buffer> request : List.of(
                web.get(node.port(), AgentSession.HOST, "/api/v1/conversations"),
                web.get(node.port(), AgentSession.HOST, "/api/v1/conversations/" + id),
                web.get(node.port(), AgentSession.HOST, "/api/v1/conversations/" + id + "/messages"))) {
            assertProblem(send(request), 401);
        }
        HttpResponse<Buffer> reply = send(web.post(node.port(), AgentSession.HOST, "/api/v1/conversations/" + id + "/messages")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-CSRF-Token", carla.csrfToken()), replyBody("no-session-1", "hola"));
        assertProblem(reply, 401);
        HttpResponse<Buffer> forged = send(web.get(node.port(), AgentSession.HOST, "/api/v1/conversations")
                .putHeader("Cookie", "meridian_session=forged-" + UUID.randomUUID()));
        assertProblem(forged, 401);
        assertEquals(1, messages(id).size(), "nothing was stored without a session");
    }

    /** Verifies that a write without the CSRF token, or with a wrong one, answers 403 and changes nothing. */
    @Test
    void writesWithoutTheRightCsrfTokenAnswer403() {
        String id = openConversation("CSRF");
        HttpResponse<Buffer> missing = send(web.post(node.port(), AgentSession.HOST, "/api/v1/conversations/" + id + "/messages")
                .putHeader("Cookie", carla.cookie())
                .putHeader("Content-Type", "application/json"), replyBody("csrf-1", "hola"));
        assertProblem(missing, 403);
        HttpResponse<Buffer> wrong = send(web.post(node.port(), AgentSession.HOST, "/api/v1/conversations/" + id + "/close")
                .putHeader("Cookie", carla.cookie())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-CSRF-Token", carla.csrfToken() + "x"), new JsonObject());
        assertProblem(wrong, 403);

        assertEquals(1, messages(id).size());
        assertEquals("open", conversation(id).getString("status"));
    }

    /** Verifies that a body that is not application/json answers 415. */
    @Test
    void nonJsonBodyAnswers415() {
        String id = openConversation("Tipo de contenido");
        HttpResponse<Buffer> response = send(carla.request(HttpMethod.POST, "/api/v1/conversations/" + id + "/messages")
                .putHeader("Content-Type", "text/plain"), Buffer.buffer("clientMessageId=x&text=hola"));
        assertProblem(response, 415);
        assertEquals(1, messages(id).size());
    }

    /** Verifies that malformed JSON and invalid fields or parameters answer 400 with a detail naming the culprit. */
    @Test
    void malformedOrInvalidInputAnswers400NamingTheField() {
        String id = openConversation("Entrada inválida");
        String path = "/api/v1/conversations/" + id + "/messages";

        assertProblem(send(json(HttpMethod.POST, path), Buffer.buffer("{\"clientMessageId\": \"x\", ")), 400);
        assertProblem(send(json(HttpMethod.POST, path), Buffer.buffer("[\"a JSON array\"]")), 400);

        assertDetailNames(send(json(HttpMethod.POST, path), new JsonObject().put("text", "hola")), "clientMessageId");
        assertDetailNames(send(json(HttpMethod.POST, path), replyBody("bad id with spaces", "hola")), "clientMessageId");
        assertDetailNames(send(json(HttpMethod.POST, path), new JsonObject().put("clientMessageId", "no-text-1")), "text");
        assertDetailNames(send(json(HttpMethod.POST, path), replyBody("blank-1", "   ")), "text");
        assertDetailNames(send(json(HttpMethod.POST, path), replyBody("long-1", "x".repeat(8001))), "text");
        assertDetailNames(send(json(HttpMethod.POST, path), new JsonObject().put("clientMessageId", 42).put("text", "hola")),
                "clientMessageId");

        assertDetailNames(checked(carla.get("/api/v1/conversations?status=pending")), "status");
        assertDetailNames(checked(carla.get("/api/v1/conversations?limit=0")), "limit");
        assertDetailNames(checked(carla.get("/api/v1/conversations?limit=501")), "limit");
        assertDetailNames(checked(carla.get(path + "?after=-1")), "after");
        assertDetailNames(checked(carla.get(path + "?limit=many")), "limit");

        assertEquals(1, messages(id).size(), "nothing was stored for the invalid requests");
    }

    /** Verifies that an unknown conversation id answers 404 on every conversation address. */
    @Test
    void unknownConversationAnswers404() {
        String base = "/api/v1/conversations/" + MISSING_ID;
        assertProblem(checked(carla.get(base)), 404);
        assertProblem(checked(carla.get(base + "/messages")), 404);
        assertProblem(checked(carla.postJson(base + "/messages", replyBody("to-nowhere-1", "hola"))), 404);
        assertProblem(checked(carla.postJson(base + "/close", new JsonObject())), 404);
        assertProblem(checked(carla.get("/api/v1/no-such-resource")), 404);
    }

    /** Verifies that replying to a closed conversation answers 409 and stores nothing; closing twice reports changed=false. */
    @Test
    void replyToClosedConversationAnswers409() {
        String id = openConversation("Ya está resuelto");
        HttpResponse<Buffer> closed = checked(carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject()));
        assertEquals(200, closed.statusCode());
        assertEquals(new JsonObject().put("id", id).put("status", "closed").put("changed", true), closed.bodyAsJsonObject());
        HttpResponse<Buffer> again = checked(carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject()));
        assertEquals(false, again.bodyAsJsonObject().getBoolean("changed"));

        HttpResponse<Buffer> reply = checked(carla.postJson("/api/v1/conversations/" + id + "/messages",
                replyBody("late-1", "¿Algo más?")));
        assertProblem(reply, 409);
        assertTrue(reply.bodyAsJsonObject().getString("type").endsWith("conversation-closed"), reply.bodyAsString());
        assertEquals(1, messages(id).size());
    }

    /** Verifies that a reply answers 201 with the stored message, and its resend 200 with the same message, stored once. */
    @Test
    void repeatedClientMessageIdAnswers200WithTheOriginal() {
        String id = openConversation("¿Cuándo abren?");
        JsonObject body = replyBody("reply-" + UUID.randomUUID(), "Abrimos a las nueve.");

        HttpResponse<Buffer> created = checked(carla.postJson("/api/v1/conversations/" + id + "/messages", body));
        HttpResponse<Buffer> repeated = checked(carla.postJson("/api/v1/conversations/" + id + "/messages", body));

        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(200, repeated.statusCode(), repeated.bodyAsString());
        JsonObject message = created.bodyAsJsonObject();
        assertEquals(message, repeated.bodyAsJsonObject());
        assertEquals("agent", message.getString("author"));
        assertEquals("Carla", message.getString("authorName"));
        assertEquals(2, message.getInteger("seq"));
        assertEquals(body.getString("clientMessageId"), message.getString("clientMessageId"));
        assertEquals(2, messages(id).size());
    }

    /** Verifies that list, get and messages return the documented fields, order, status filter and paging by seq. */
    @Test
    void listGetAndMessagesContent() {
        String id = openConversation("Quiero devolver un producto");
        checked(carla.postJson("/api/v1/conversations/" + id + "/messages", replyBody("list-r-1", "Por supuesto.")));
        String newer = openConversation("Otra consulta, más reciente");

        JsonObject conversation = conversation(id);
        assertEquals(id, conversation.getString("id"));
        assertNotNull(conversation.getString("contactId"));
        assertEquals("web", conversation.getString("channel"));
        assertEquals("open", conversation.getString("status"));
        assertNotNull(conversation.getString("createdAt"));
        assertNotNull(conversation.getString("lastMessageAt"));
        assertEquals(2, conversation.getInteger("messageCount"));
        assertTrue(conversation.getString("lastMessagePreview", "").startsWith("Por supuesto"), conversation.encode());

        HttpResponse<Buffer> list = checked(carla.get("/api/v1/conversations"));
        assertEquals(200, list.statusCode());
        List<String> ids = list.bodyAsJsonObject().getJsonArray("conversations").stream()
                .map(c -> ((JsonObject) c).getString("id")).toList();
        assertTrue(ids.indexOf(newer) >= 0 && ids.indexOf(newer) < ids.indexOf(id), "most recent activity first: " + ids);
        HttpResponse<Buffer> limited = checked(carla.get("/api/v1/conversations?limit=1"));
        assertEquals(1, limited.bodyAsJsonObject().getJsonArray("conversations").size());

        checked(carla.postJson("/api/v1/conversations/" + newer + "/close", new JsonObject()));
        List<String> closed = checked(carla.get("/api/v1/conversations?status=closed")).bodyAsJsonObject()
                .getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getString("id")).toList();
        assertTrue(closed.contains(newer) && !closed.contains(id), "closed: " + closed);
        List<String> open = checked(carla.get("/api/v1/conversations?status=open")).bodyAsJsonObject()
                .getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getString("id")).toList();
        assertTrue(open.contains(id) && !open.contains(newer), "open: " + open);

        List<JsonObject> all = messages(id);
        assertEquals(List.of(1, 2), all.stream().map(m -> m.getInteger("seq")).toList());
        assertEquals(List.of("visitor", "agent"), all.stream().map(m -> m.getString("author")).toList());
        assertEquals("Quiero devolver un producto", all.get(0).getString("text"));
        HttpResponse<Buffer> after = checked(carla.get("/api/v1/conversations/" + id + "/messages?after=1&limit=5"));
        assertEquals(List.of(2), after.bodyAsJsonObject().getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getInteger("seq")).toList());
    }

    /** Verifies that /api/v1/live delivers conversation.opened and message events to a signed-in agent. */
    @Test
    void liveSocketDeliversInboxEvents() {
        AgentSession.LiveFeed feed = Await.result(carla.live(), "opening /api/v1/live");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            String id = visitor.say("Necesito ayuda urgente").getJsonObject("message").getString("conversationId");
            JsonObject opened = feed.expect("conversation.opened", id);
            assertEquals("Necesito ayuda urgente", opened.getJsonObject("message").getString("text"));

            visitor.say("¿Hay alguien?");
            JsonObject message = feed.expect("message", id);
            assertEquals("¿Hay alguien?", message.getJsonObject("message").getString("text"));
            assertEquals(2, message.getJsonObject("message").getInteger("seq"));

            checked(carla.postJson("/api/v1/conversations/" + id + "/messages", replyBody("live-r-1", "Aquí estoy.")));
            assertEquals("agent", feed.expect("message", id).getJsonObject("message").getString("author"));

            checked(carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject()));
            feed.expect("conversation.closed", id);
        } finally {
            visitor.close();
            feed.close();
        }
    }

    /**
     * Verifies that each console socket gets each inbox event exactly once (one node-wide subscription fans out to
     * every socket), and that a closed console's socket leaves the others receiving.
     */
    @Test
    void everyConsoleSocketGetsEachInboxEventOnce() {
        List<AgentSession.LiveFeed> feeds = List.of(Await.result(carla.live(), "console 1"),
                Await.result(carla.live(), "console 2"), Await.result(carla.live(), "console 3"));
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            String id = visitor.say("Tengo una pregunta").getJsonObject("message").getString("conversationId");
            feeds.forEach(f -> f.expect("conversation.opened", id));
            Await.result(feeds.get(1).close(), "closing console 2");
            visitor.say("¿Me oyen?");
            checked(carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject()));
            for (AgentSession.LiveFeed feed : List.of(feeds.get(0), feeds.get(2))) {
                assertEquals(2, feed.expect("message", id).getJsonObject("message").getInteger("seq"));
                feed.expect("conversation.closed", id);
                long messages = feed.seen().stream().map(JsonObject::new)
                        .filter(f -> "message".equals(f.getString("type")) && id.equals(f.getString("conversationId")))
                        .count();
                assertEquals(1, messages, "one frame per event on each socket");
            }
        } finally {
            visitor.close();
            feeds.forEach(AgentSession.LiveFeed::close);
        }
    }

    /** Verifies that the /api/v1/live upgrade is refused without a session. */
    @Test
    void liveSocketRefusesAnUpgradeWithoutSession() {
        Throwable refused = Await.failure(AgentSession.LiveFeed.connect(vertx, node.port(), null), "live without session");
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, refused);
        assertEquals(401, rejected.getStatus());
        Throwable forged = Await.failure(AgentSession.LiveFeed.connect(vertx, node.port(),
                "meridian_session=forged-" + UUID.randomUUID()), "live with a forged session");
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, forged).getStatus());
    }

    /** A conversation opened by a visitor through the widget, the way conversations come to exist. */
    private static String openConversation(String firstMessage) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        try {
            visitor.hello(null);
            return visitor.say(firstMessage).getJsonObject("message").getString("conversationId");
        } finally {
            visitor.close();
        }
    }

    private static JsonObject replyBody(String clientMessageId, String text) {
        return new JsonObject().put("clientMessageId", clientMessageId).put("text", text);
    }

    private static HttpRequest<Buffer> json(HttpMethod method, String path) {
        return carla.request(method, path).putHeader("Content-Type", "application/json");
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
        return checked(Await.result(request.send(), "request"));
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
        return send(request, Buffer.buffer(body.encode()));
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
        return checked(Await.result(request.sendBuffer(body), "request"));
    }

    private static List<JsonObject> messages(String id) {
        HttpResponse<Buffer> response = checked(carla.get("/api/v1/conversations/" + id + "/messages"));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject conversation(String id) {
        HttpResponse<Buffer> response = checked(carla.get("/api/v1/conversations/" + id));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** Fails if the body shows anything of a Java stack trace; every response in this class passes through here. */
    private static HttpResponse<Buffer> checked(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        if (body != null) {
            assertFalse(body.contains("at io.") || body.contains("Exception") || body.contains("at java."),
                    "a response body leaks a stack trace: " + body);
        }
        return response;
    }

    /** An RFC 9457 problem document with this status, and type, title and detail filled in. */
    private static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertTrue(String.valueOf(response.getHeader("Content-Type")).startsWith("application/problem+json"),
                "problem content type: " + response.getHeader("Content-Type"));
        JsonObject problem = response.bodyAsJsonObject();
        assertEquals(status, problem.getInteger("status"));
        for (String field : List.of("type", "title", "detail")) {
            assertFalse(problem.getString(field, "").isBlank(), field + " in " + problem);
        }
        return problem;
    }

    private static void assertDetailNames(HttpResponse<Buffer> response, String field) {
        String detail = assertProblem(response, 400).getString("detail");
        assertTrue(detail.contains(field), "detail names '" + field + "': " + detail);
    }
}
