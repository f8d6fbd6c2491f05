package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing console over real HTTP, posted the way a browser posts its forms (the CSRF token as a form field):
 * holiday calendars uploaded as .ics files, teams and profiles deleted, the VIP mark set from the conversation page,
 * and the routing board the page redraws live.
 */
@Timeout(180)
class RoutingConsoleHttpTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
              - {id: night, name: Night, time-zone: UTC, overflow-rank: 2, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk, night], languages: [en], max-conversations: 1}
            queue:
              rules:
                - {name: vip, tag: vip, priority: 100}
            """;
    private static final String GOOD_ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN",
            "BEGIN:VEVENT", "UID:1@t", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY",
            "SUMMARY:New Year", "END:VEVENT", "END:VCALENDAR", "");
    /** Line 7 is a DTSTART ical4j cannot read. */
    private static final String BAD_ICS = GOOD_ICS.replace("DTSTART;VALUE=DATE:20270101", "DTSTART;VALUE=DATE:2027x101");

    @TempDir
    Path dir;
    private Vertx vertx;
    private SignedInNode desk;
    private WebClient web;
    private TestNode node;
    private AgentSession boss;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        desk = RoutingFixture.nodeWithSetup(vertx, dir, SETUP);
        node = desk.node();
        web = desk.web();
        boss = desk.agent("boss", "The Boss", Role.ADMIN, RoutingFixture.PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies that an .ics file uploaded with the form is stored under its own name made safe, that a file that does
     * not parse is refused naming the file, the line and the property while the calendar in force stays, and that a
     * file too large, not UTF-8, or sent without the CSRF token is refused.
     */
    @Test
    void calendarFileUpload() {
        HttpResponse<Buffer> stored = upload(boss.csrfToken(), "", "Company Days 2027.ics", GOOD_ICS.getBytes(StandardCharsets.UTF_8));
        assertEquals(302, stored.statusCode(), stored.bodyAsString());
        assertEquals("/console/teams?saved=calendar", stored.getHeader("Location"));
        assertEquals(GOOD_ICS, calendarText("company-days-2027.ics"));
        assertTrue(boss.get("/console/teams?saved=calendar").bodyAsString().contains("company-days-2027.ics"));

        HttpResponse<Buffer> bad = upload(boss.csrfToken(), "company-days-2027.ics", "holidays-v2.ics",
                BAD_ICS.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        String page = bad.bodyAsString();
        assertTrue(page.contains("uploaded holidays-v2.ics: not a valid iCalendar file: line 7 (DTSTART): Text "
                + "&#39;2027x101&#39; could not be parsed"), page);
        assertTrue(page.contains("The setup in force is unchanged."), page);
        assertEquals(GOOD_ICS, calendarText("company-days-2027.ics"), "the calendar in force stays");
        // In the admin's language the page says the setup stays; the parser's detail names file, line and property.
        MultipartForm again = MultipartForm.create().attribute("name", "company-days-2027.ics")
                .attribute("csrf", boss.csrfToken())
                .binaryFileUpload("file", "holidays-v2.ics", Buffer.buffer(BAD_ICS.getBytes(StandardCharsets.UTF_8)),
                        "text/calendar");
        String german = Await.result(post(boss, "/console/teams/calendars").putHeader("Accept-Language", "de-DE,de")
                .sendMultipartForm(again), "uploading a bad calendar in German").bodyAsString();
        assertTrue(german.contains("line 7 (DTSTART)") && german.contains("Die geltende Konfiguration bleibt unverändert.")
                && !german.contains("The setup in force is unchanged."), german);

        byte[] huge = (GOOD_ICS + "X-FILLER:" + "x".repeat(600 * 1024) + "\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> tooLarge = upload(boss.csrfToken(), "", "huge.ics", huge);
        assertEquals(400, tooLarge.statusCode());
        assertTrue(tooLarge.bodyAsString().contains("uploaded huge.ics: is 601 KiB; a calendar may be at most 512 KiB"),
                tooLarge.bodyAsString());

        byte[] latin1 = GOOD_ICS.replace("New Year", "Neujahr Bürotag").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<Buffer> notUtf8 = upload(boss.csrfToken(), "", "latin.ics", latin1);
        assertEquals(400, notUtf8.statusCode());
        assertTrue(notUtf8.bodyAsString().contains("uploaded latin.ics: is not UTF-8 text"), notUtf8.bodyAsString());

        HttpResponse<Buffer> forged = upload(null, "", "forged.ics", GOOD_ICS.getBytes(StandardCharsets.UTF_8));
        assertEquals(403, forged.statusCode());
        assertFalse(boss.get("/api/v1/routing/setup").bodyAsJsonObject().getJsonArray("calendars").contains("forged.ics"));
        assertTrue(node.node().routing().calendar("latin.ics").isEmpty(), "nothing stored from a refused file");

        HttpResponse<Buffer> pasted = form("/console/teams/calendars", boss.csrfToken(),
                MultiMap.caseInsensitiveMultiMap().add("name", "pasted.ics").add("ics", GOOD_ICS));
        assertEquals(302, pasted.statusCode(), pasted.bodyAsString());
        assertEquals(GOOD_ICS, calendarText("pasted.ics"));
    }

    /**
     * Verifies deleting from the Teams page: refused with the reason while conversations wait, done when the admin
     * names the team to move them to; and a profile deleted through the API (then unknown: 404).
     */
    @Test
    void deleteTeamAndProfile() {
        String waiting = queuedConversation("Hello, where is my parcel?");
        HttpResponse<Buffer> refused = form("/console/teams/desk/delete", boss.csrfToken(),
                MultiMap.caseInsensitiveMultiMap().add("moveTo", ""));
        assertEquals(409, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("Team Desk still has 1 waiting conversation: choose a team to move "
                + "them to, or transfer them first. The team was not deleted."), refused.bodyAsString());
        assertTrue(setupTeams().contains("desk"), "the team stays");

        HttpResponse<Buffer> noToken = form("/console/teams/desk/delete", null,
                MultiMap.caseInsensitiveMultiMap().add("moveTo", "night"));
        assertEquals(403, noToken.statusCode());
        assertTrue(setupTeams().contains("desk"));

        HttpResponse<Buffer> moved = form("/console/teams/desk/delete", boss.csrfToken(),
                MultiMap.caseInsensitiveMultiMap().add("moveTo", "night"));
        assertEquals(302, moved.statusCode(), moved.bodyAsString());
        assertEquals("/console/teams?saved=team-deleted", moved.getHeader("Location"));
        assertFalse(setupTeams().contains("desk"));
        JsonObject routing = boss.get("/api/v1/conversations/" + waiting + "/routing").bodyAsJsonObject();
        assertEquals("queued", routing.getString("state"));
        assertEquals("night", routing.getString("teamId"));

        HttpResponse<Buffer> deleted = Await.result(boss.request(HttpMethod.DELETE, "/api/v1/routing/agents/ana").send(),
                "DELETE profile");
        assertEquals(200, deleted.statusCode(), deleted.bodyAsString());
        assertFalse(deleted.bodyAsJsonObject().getJsonArray("agents").contains("ana"));
        HttpResponse<Buffer> again = Await.result(boss.request(HttpMethod.DELETE, "/api/v1/routing/agents/ana").send(),
                "DELETE profile again");
        assertEquals(404, again.statusCode());
        assertTrue(again.bodyAsString().contains("No agent profile 'ana'"), again.bodyAsString());
        HttpResponse<Buffer> apiTeam = Await.result(boss.request(HttpMethod.DELETE, "/api/v1/routing/teams/night").send(),
                "DELETE team with a waiting conversation");
        assertEquals(409, apiTeam.statusCode());
        assertTrue(apiTeam.bodyAsString().contains("still has 1 waiting conversation"), apiTeam.bodyAsString());
    }

    /**
     * Verifies the VIP button of the conversation page (an agent, not only admins): it tags the customer, the page
     * then shows the mark and the button to remove it, and the waiting conversation's priority rises.
     */
    @Test
    void vipFromTheConversationPage() {
        SignedInAgent ana = Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        AgentSession session = AgentSession.open(vertx, web, node.port(), "ana", RoutingFixture.PASSWORD);
        String id = queuedConversation("Hello, my order has not arrived");
        String before = session.get("/console/conversations/" + id).bodyAsString();
        assertTrue(before.contains("name=\"vip\" value=\"on\""), before);
        assertFalse(before.contains("class=\"badge vip\""));

        assertEquals(403, form(session, "/console/conversations/" + id + "/vip", null,
                MultiMap.caseInsensitiveMultiMap().add("vip", "on")).statusCode(), "no CSRF token, no change");
        HttpResponse<Buffer> marked = form(session, "/console/conversations/" + id + "/vip", session.csrfToken(),
                MultiMap.caseInsensitiveMultiMap().add("vip", "on"));
        assertEquals(302, marked.statusCode(), marked.bodyAsString());
        assertEquals("/console/conversations/" + id, marked.getHeader("Location"));

        String contactId = Await.result(node.node().conversations().facts(id), "facts").orElseThrow().contactId();
        assertTrue(session.get("/api/v1/contacts/" + contactId + "/tags").bodyAsJsonObject().getJsonArray("tags")
                .contains("vip"));
        String after = session.get("/console/conversations/" + id).bodyAsString();
        assertTrue(after.contains("class=\"badge vip\""), after);
        assertTrue(after.contains("<p class=\"contact-tags\">Customer&#39;s tags: <span class=\"badge tag\">vip</span></p>"),
                "the customer's tags listed: " + after);
        assertTrue(after.contains("name=\"vip\" value=\"off\""), after);
        assertTrue(after.contains("Priority 0 → 100: Ana tagged the customer vip."), after);
        String german = session.request(io.vertx.core.http.HttpMethod.GET, "/console/conversations/" + id)
                .putHeader("Accept-Language", "de").send().toCompletionStage().toCompletableFuture().join()
                .bodyAsString();
        assertTrue(german.contains("Priorität 0 → 100: Ana hat dem Kunden das Tag vip gegeben."),
                "the reason in the console's language: " + german);
        JsonObject routing = session.get("/api/v1/conversations/" + id + "/routing").bodyAsJsonObject();
        assertEquals(100, routing.getInteger("priority"));
        assertEquals(ana.id(), Await.result(node.node().accounts().find(ana.id()), "ana").orElseThrow().id());
    }

    /** Verifies the board the routing page redraws live: the queue's waiting count and an agent's presence. */
    @Test
    void routingBoardShowsQueuesAndPresence() {
        Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        String page = boss.get("/console/routing").bodyAsString();
        assertTrue(page.contains("data-fragment=\"/console/routing/board\""), page);
        assertTrue(page.contains("data-live=\"routing\""));
        String empty = boss.get("/console/routing/board").bodyAsString();
        assertTrue(empty.contains("<tr data-team-id=\"desk\">"), empty);
        assertFalse(empty.contains("<!DOCTYPE"), "the board alone, without the layout");
        assertEquals("0", waitingCell(empty, "desk"), empty);

        queuedConversation("Hello, I have a question");
        String one = boss.get("/console/routing/board").bodyAsString();
        assertEquals("1", waitingCell(one, "desk"), one);

        AgentSession ana = AgentSession.open(vertx, web, node.port(), "ana", RoutingFixture.PASSWORD);
        HttpResponse<Buffer> away = Await.result(ana.request(HttpMethod.PUT, "/api/v1/routing/presence")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("presence", "away").encode())), "presence");
        assertEquals(200, away.statusCode());
        assertTrue(boss.get("/console/routing/board").bodyAsString().contains("data-presence=\"away\""));
        HttpResponse<Buffer> anonymous = Await.result(web.get(node.port(), AgentSession.HOST, "/console/routing/board")
                .followRedirects(false).send(), "the board without signing in");
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.getHeader("Location").startsWith("/console/login"), anonymous.getHeader("Location"));
    }

    private String queuedConversation(String text) {
        String contact = Await.result(node.node().conversations().identifyVisitor(null,
                new io.meridian.conversation.VisitorProfile("en-US", "America/New_York", null, null)), "visitor")
                .contactId();
        String id = Await.result(node.node().conversations().appendVisitorMessage(contact, UUID.randomUUID().toString(),
                text), "message").message().conversationId();
        Await.result(node.node().routing().route(id, text), "routing");
        return id;
    }

    private static String waitingCell(String board, String teamId) {
        int row = board.indexOf("<tr data-team-id=\"" + teamId + "\">");
        int cell = board.indexOf("<td class=\"waiting\">", row);
        return board.substring(cell + "<td class=\"waiting\">".length(), board.indexOf("</td>", cell)).strip();
    }

    private java.util.List<Object> setupTeams() {
        return boss.get("/api/v1/routing/setup").bodyAsJsonObject().getJsonObject("document").getJsonArray("teams")
                .stream().map(t -> ((JsonObject) t).getString("id")).map(Object.class::cast).toList();
    }

    private String calendarText(String name) {
        return node.node().routing().calendar(name).map(HolidayCalendar::text).orElse(null);
    }

    /** A multipart form post with an .ics file, as the Teams page's calendar form sends it. */
    private HttpResponse<Buffer> upload(String csrf, String name, String fileName, byte[] content) {
        MultipartForm form = MultipartForm.create().attribute("name", name)
                .binaryFileUpload("file", fileName, Buffer.buffer(content), "text/calendar");
        if (csrf != null) {
            form.attribute("csrf", csrf);
        }
        return Await.result(post(boss, "/console/teams/calendars").sendMultipartForm(form), "uploading " + fileName);
    }

    private HttpResponse<Buffer> form(String path, String csrf, MultiMap fields) {
        return form(boss, path, csrf, fields);
    }

    /** A urlencoded form post, the CSRF token in the form like a browser sends it (no header). */
    private HttpResponse<Buffer> form(AgentSession session, String path, String csrf, MultiMap fields) {
        if (csrf != null) {
            fields.add("csrf", csrf);
        }
        return Await.result(post(session, path).sendForm(fields), "POST " + path);
    }

    private HttpRequest<Buffer> post(AgentSession session, String path) {
        return web.post(node.port(), AgentSession.HOST, path).putHeader("Cookie", session.cookie()).followRedirects(false);
    }
}
