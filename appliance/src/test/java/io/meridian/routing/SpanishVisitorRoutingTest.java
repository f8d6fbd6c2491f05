package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ConversationFacts;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real node (HTTP, widget WebSocket, Derby), with routing's clock fixed: a visitor from Mexico writes
 * in Spanish while only the Americas team is open, and lands with the Spanish-speaking agent there; when every team is
 * closed, the visitor gets the off-hours reply in Spanish with the opening time in their own time zone.
 */
@Timeout(120)
class SpanishVisitorRoutingTest {

    private static final String SETUP = """
            teams:
              - id: apac
                name: Asia-Pacific
                time-zone: Asia/Tokyo
                overflow-rank: 1
                languages: [ja, zh, en]
                hours: {mon-fri: ["09:00-18:00"]}
              - id: emea
                name: Europe
                names: {es: Europa, ja: ヨーロッパ}
                time-zone: Europe/Berlin
                overflow-rank: 2
                languages: [de, fr, es, en]
                hours: {mon-fri: ["08:00-12:00"]}
                holidays: [de.ics]
              - id: americas
                name: Americas
                time-zone: America/New_York
                overflow-rank: 3
                languages: [en, es]
                hours: {mon-fri: ["09:00-18:00"]}
            agents:
              - {username: john, teams: [americas], languages: {en: native}, max-conversations: 2}
              - {username: carlos, teams: [americas], languages: {es: native, en: fluent}, max-conversations: 2}
              - {username: hans, teams: [emea], languages: {de: native, es: fluent}, max-conversations: 2}
            """;
    private static final String DE_ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN",
            "BEGIN:VEVENT", "UID:1@t", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY",
            "SUMMARY:Neujahr", "END:VEVENT", "END:VCALENDAR", "");

    @TempDir
    Path dir;
    private Vertx vertx;
    private WebClient web;
    private TestNode node;

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), SETUP, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("conf/calendars/de.ics"), DE_ICS, StandardCharsets.UTF_8);
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        web.close();
        Await.result(vertx.close(), "closing vert.x");
    }

    /** Verifies that a Spanish message at 11:00 New York time goes to Carlos in the Americas, with the reason recorded. */
    @Test
    void spanishVisitorLandsWithSpanishSpeakingAgentInTheAmericas() {
        // Wednesday 2026-03-11 15:00Z: New York 11:00 (open), Berlin 16:00 (closed), Tokyo 00:00 Thursday (closed).
        start(Instant.parse("2026-03-11T15:00:00Z"));
        SignedInAgent john = agent("john", "John Smith");
        SignedInAgent carlos = agent("carlos", "Carlos Ruiz");
        agent("hans", "Hans Weber");
        // John comes online first, so he has been idle longest: only the language can make Carlos win.
        AgentSession johnSession = online("john");
        AgentSession carlosSession = online("carlos");
        online("hans");
        AgentSession.LiveFeed carlosFeed = Await.result(carlosSession.live(), "Carlos's live feed");

        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "es-MX")
                .put("timeZone", "America/Mexico_City").put("languages", new JsonArray().add("es-MX").add("es"))),
                "hello");
        visitor.expect("welcome");
        JsonObject ack = visitor.say("Hola, necesito ayuda con mi pedido, no ha llegado todavía.");
        String conversationId = ack.getJsonObject("message").getString("conversationId");

        JsonObject assigned = carlosFeed.expect("conversation.assigned", conversationId);
        assertEquals(carlos.id(), assigned.getString("agentId"));
        assertEquals("americas", assigned.getString("teamId"));

        JsonObject routing = until(carlosSession, "/api/v1/conversations/" + conversationId + "/routing",
                r -> "assigned".equals(r.getString("state")));
        assertEquals(carlos.id(), routing.getString("agentId"));
        assertEquals("es", routing.getString("language"));
        String reason = routing.getJsonArray("timeline").getJsonObject(0).getString("text");
        assertTrue(reason.contains("Americas is open") && reason.contains("Carlos Ruiz") && reason.contains("es"), reason);
        assertTrue(reason.contains("Closed: Europe."), reason);

        ConversationFacts facts = Await.result(node.node().conversations().facts(conversationId), "facts").orElseThrow();
        assertEquals("MX", facts.country());
        assertEquals("America/Mexico_City", facts.timeZone());
        assertEquals("es", facts.language());
        assertEquals(java.util.List.of("es-MX", "es"), facts.browserLanguages());

        JsonObject agents = johnSession.get("/api/v1/routing/agents").bodyAsJsonObject();
        JsonObject johnView = agents.getJsonArray("agents").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("id").equals(john.id())).findFirst().orElseThrow();
        assertEquals(0, johnView.getInteger("active"), "John, who speaks no Spanish, got nothing");
        Await.result(carlosFeed.close(), "closing the feed");
        Await.result(visitor.close(), "closing the widget");
    }

    /**
     * Verifies the console and collaboration around a routed conversation: the timeline on the conversation page, the
     * routing and teams pages, a private note whose @mention reaches the colleague live, and a transfer with a note.
     */
    @Test
    void notesMentionsTransferAndConsolePages() {
        start(Instant.parse("2026-03-11T15:00:00Z"));
        SignedInAgent john = agent("john", "John Smith");
        agent("carlos", "Carlos Ruiz");
        Await.result(node.createAgent("boss", "The Boss", Role.ADMIN, RoutingFixture.PASSWORD), "admin");
        AgentSession johnSession = online("john");
        AgentSession carlos = online("carlos");
        AgentSession.LiveFeed johnFeed = Await.result(johnSession.live(), "John's live feed");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "es-ES")
                .put("timeZone", "Europe/Madrid").put("languages", new JsonArray().add("es-ES"))), "hello");
        visitor.expect("welcome");
        String id = visitor.say("Hola, tengo una pregunta sobre mi cuenta.").getJsonObject("message")
                .getString("conversationId");
        until(carlos, "/api/v1/conversations/" + id + "/routing", r -> "assigned".equals(r.getString("state")));

        HttpResponse<?> page = carlos.get("/console/conversations/" + id);
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("Assigned to <strong>Carlos Ruiz</strong>"), page.bodyAsString());
        assertTrue(page.bodyAsString().contains("Americas is open"));
        HttpResponse<?> routingPage = carlos.get("/console/routing");
        assertEquals(200, routingPage.statusCode());
        assertTrue(routingPage.bodyAsString().contains("Americas"));

        HttpResponse<?> note = carlos.postJson("/api/v1/conversations/" + id + "/notes",
                new JsonObject().put("text", "@john can you check the <account> history? Customer is upset."));
        assertEquals(201, note.statusCode(), note.bodyAsString());
        assertEquals(new JsonArray().add("john"), note.bodyAsJsonObject().getJsonArray("mentioned"));
        JsonObject mention = johnFeed.expect("mention", id);
        assertEquals("Carlos Ruiz", mention.getString("from"));
        assertTrue(mention.getString("text").contains("<account> history"));

        HttpResponse<?> transfer = carlos.postJson("/api/v1/conversations/" + id + "/transfer",
                new JsonObject().put("agentId", john.id()).put("note", "Account question, over to you"));
        assertEquals(200, transfer.statusCode(), transfer.bodyAsString());
        JsonObject after = transfer.bodyAsJsonObject();
        assertEquals(john.id(), after.getString("agentId"));
        JsonArray timeline = after.getJsonArray("timeline");
        assertTrue(timeline.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("kind").equals("NOTE")
                && e.getJsonArray("mentions").contains("john")));
        assertTrue(timeline.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("kind").equals("TRANSFER_NOTE")
                && e.getString("text").equals("Account question, over to you")));
        assertTrue(timeline.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("kind").equals("TRANSFERRED")));
        // The note never reaches the customer.
        assertTrue(visitor.unclaimed().stream().noneMatch(f -> f.encode().contains("upset")), visitor.unclaimed().toString());
        HttpResponse<?> escaped = johnSession.get("/console/conversations/" + id);
        assertTrue(escaped.bodyAsString().contains("&lt;account&gt; history"), "note text is HTML-escaped");

        AgentSession boss = AgentSession.open(vertx, web, node.port(), "boss", RoutingFixture.PASSWORD);
        HttpResponse<?> teams = boss.get("/console/teams");
        assertEquals(200, teams.statusCode());
        assertTrue(teams.bodyAsString().contains("America/New_York"));
        assertTrue(teams.bodyAsString().contains("es: Europa\nja: ヨーロッパ"), "the team's names, to edit");
        // Saving Europe from its form (names as lines) keeps the names.
        HttpResponse<?> saved = Await.result(boss.request(io.vertx.core.http.HttpMethod.POST, "/console/teams")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("csrf", boss.csrfToken())
                        .add("id", "emea").add("name", "Europe").add("timeZone", "Europe/Berlin")
                        .add("overflowRank", "2").add("languages", "de, fr, es, en").add("holidays", "de.ics")
                        .add("hours", "mon-fri: 08:00-12:00").add("names", "es: Europa\nzh-TW: 歐洲\n")), "saving Europe");
        assertEquals(302, saved.statusCode());
        assertEquals(java.util.Map.of("es", "Europa", "zh-TW", "歐洲"),
                node.node().routing().team("emea").orElseThrow().names());
        assertEquals(403, carlos.get("/console/teams").statusCode(), "teams are for admins");
        HttpResponse<?> badTeam = Await.result(boss.request(io.vertx.core.http.HttpMethod.PUT,
                "/api/v1/routing/teams/americas").putHeader("Content-Type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer(new JsonObject().put("time-zone", "America/Nowhere")
                        .put("hours", new JsonObject().put("daily", "09:00-17:00")).encode())), "PUT team");
        assertEquals(400, badTeam.statusCode());
        assertTrue(badTeam.bodyAsString().contains("teams[americas].time-zone"), badTeam.bodyAsString());
        Await.result(johnFeed.close(), "closing the feed");
        Await.result(visitor.close(), "closing the widget");
    }

    /** Verifies the off-hours reply: Spanish, opening time in the visitor's zone, queued for the team opening first. */
    @Test
    void offHoursReplyInSpanishWithOpeningTimeInVisitorsZone() {
        // Saturday 2026-03-14 18:00Z: every team closed. Europe opens first for Spanish: Monday 08:00 Berlin = 07:00Z,
        // which is 01:00 in Mexico City (no daylight saving there since 2022).
        start(Instant.parse("2026-03-14T18:00:00Z"));
        agent("carlos", "Carlos Ruiz");
        AgentSession carlos = online("carlos");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "es-MX")
                .put("timeZone", "America/Mexico_City").put("languages", new JsonArray().add("es-MX"))), "hello");
        visitor.expect("welcome");
        String conversationId = visitor.say("Buenas tardes, quiero cambiar mi dirección de envío.")
                .getJsonObject("message").getString("conversationId");

        JsonObject messages = until(carlos, "/api/v1/conversations/" + conversationId + "/messages",
                m -> m.getJsonArray("messages").size() >= 2);
        JsonObject reply = messages.getJsonArray("messages").getJsonObject(1);
        assertEquals("system", reply.getString("author"));
        String text = reply.getString("text");
        assertTrue(text.startsWith("Gracias por su mensaje"), text);
        // The team as a Spanish reader knows it (names: {es: Europa}).
        assertTrue(text.contains("equipo Europa") && text.contains("16 de marzo") && text.contains("1:00"), text);
        JsonObject frame = visitor.expect(f -> "message".equals(f.getString("type"))
                && "system".equals(f.getJsonObject("message").getString("author")), "the off-hours reply frame");
        assertEquals(text, frame.getJsonObject("message").getString("text"));

        JsonObject routing = carlos.get("/api/v1/conversations/" + conversationId + "/routing").bodyAsJsonObject();
        assertEquals("queued", routing.getString("state"));
        assertEquals("emea", routing.getString("teamId"));
        assertTrue(routing.getJsonArray("timeline").getJsonObject(0).getString("text").contains("Off hours"));
        JsonObject queues = carlos.get("/api/v1/routing/queues").bodyAsJsonObject();
        JsonObject emea = queues.getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(q -> q.getString("teamId").equals("emea")).findFirst().orElseThrow();
        assertEquals(1, emea.getInteger("waiting"));
        assertEquals(false, emea.getBoolean("open"));
        Await.result(visitor.close(), "closing the widget");
    }

    private void start(Instant now) {
        // A node's start can take long on a busy build machine (it loads language models): wait up to two minutes.
        node = slowly(TestNode.start(vertx, dir.resolve("node"), Map.of(
                "MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString(),
                "MERIDIAN_ROUTING_TEMPLATES_DIR", Path.of("../conf/templates").toAbsolutePath().toString()),
                Clock.fixed(now, ZoneOffset.UTC)));
    }

    private static <T> T slowly(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the node did not start within 2 minutes", e);
        }
    }

    private SignedInAgent agent(String username, String displayName) {
        return Await.result(node.createAgent(username, displayName, Role.AGENT, RoutingFixture.PASSWORD), "agent " + username);
    }

    private AgentSession online(String username) {
        AgentSession s = AgentSession.open(vertx, web, node.port(), username, RoutingFixture.PASSWORD);
        HttpResponse<?> r = Await.result(s.request(io.vertx.core.http.HttpMethod.PUT, "/api/v1/routing/presence")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer(new JsonObject().put("presence", "online").encode())),
                "presence");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return s;
    }

    /** Polls a GET until the JSON answer matches (routing runs just after the visitor's message is acknowledged). */
    private static JsonObject until(AgentSession session, String uri, Predicate<JsonObject> done) {
        return Await.value(() -> {
            HttpResponse<?> r = session.get(uri);
            return r.statusCode() == 200 ? Optional.of(r.bodyAsJsonObject()).filter(done) : Optional.<JsonObject>empty();
        }, Duration.ofSeconds(20), "a matching answer from " + uri);
    }
}
