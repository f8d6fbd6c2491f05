package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox's rail over real HTTP: each agent's views (mine, waiting in my teams, each of my teams, all open,
 * closed) with counts that follow routing, the conversations each view lists, and views an agent has not got.
 */
@Timeout(180)
class InboxViewsHttpTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Front Desk, names: {ja: フロントデスク}, time-zone: UTC, overflow-rank: 1, languages: [en],
                 hours: {daily: "00:00-24:00"}}
              - {id: night, name: Night Shift, time-zone: UTC, overflow-rank: 2, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
            """;

    @TempDir
    Path dir;
    private Vertx vertx;
    private SignedInNode desk;
    private TestNode node;
    private AgentSession boss;

    @BeforeEach
    void setUp() throws Exception {
        desk = RoutingFixture.nodeAloneWithSetup(dir, SETUP);
        vertx = desk.vertx();
        node = desk.node();
        boss = desk.agent("boss", "The Boss", Role.ADMIN, RoutingFixture.PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /**
     * Verifies that an agent's rail counts the conversations waiting in their team, and theirs once routing hands them
     * one when they come online, that each view lists exactly its conversations, that a team the agent is not in is a 404 for them (an
     * admin sees every team), and that a closed conversation leaves the open views for "closed".
     */
    @Test
    void viewsAndCountsFollowRouting() {
        Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        AgentSession session = AgentSession.open(vertx, desk.web(), node.port(), "ana", RoutingFixture.PASSWORD);
        String first = queuedConversation("Hello, where is my parcel?");
        String second = queuedConversation("Hello, I need an invoice");

        String rail = session.get("/console/inbox").bodyAsString();
        assertFalse(rail.contains("<!DOCTYPE"), "the fragment alone");
        assertEquals(0, count(rail, "mine"), rail);
        assertEquals(2, count(rail, "waiting"), rail);
        assertEquals(2, count(rail, "team:desk"), rail);
        assertEquals(2, count(rail, "all"), rail);
        assertFalse(rail.contains("data-view=\"team:night\""), "ana is not in the night team: " + rail);
        assertTrue(rail.contains(">Front Desk<"), rail);

        // Ana comes online with room for one conversation: routing hands her the one waiting longest.
        AgentSession.LiveFeed feed = Await.result(session.live(), "ana's live connection");
        feed.expect("conversation.assigned", first);
        String after = session.get("/console/inbox?view=mine").bodyAsString();
        assertEquals(1, count(after, "mine"), after);
        assertEquals(1, count(after, "waiting"), after);
        assertEquals(2, count(after, "team:desk"), "held and waiting both count for the team: " + after);
        assertEquals(2, count(after, "all"), after);
        assertTrue(after.contains("data-conversation-id=\"" + first + "\""), after);
        assertFalse(after.contains("data-conversation-id=\"" + second + "\""), after);
        assertTrue(after.contains("aria-current=\"page\"") && after.contains("<h1>Mine</h1>"), after);

        String waiting = session.get("/console/inbox?view=waiting").bodyAsString();
        assertTrue(waiting.contains("data-conversation-id=\"" + second + "\""), waiting);
        assertFalse(waiting.contains("data-conversation-id=\"" + first + "\""), waiting);

        assertEquals(404, session.get("/console?view=team:night").statusCode(), "not ana's team");
        String unknown = session.get("/console/inbox?view=%3Cscript%3E").bodyAsString();
        assertEquals(404, session.get("/console/inbox?view=%3Cscript%3E").statusCode(), unknown);
        assertFalse(unknown.contains("<script>"), unknown);
        String admins = boss.get("/console?view=team:night").bodyAsString();
        assertTrue(admins.contains("<h1>Night Shift</h1>") && admins.contains("data-view=\"team:desk\""), admins);

        Await.result(node.node().hub().close(second), "closing the second");
        // Routing hears of the close just after it is stored.
        Await.until(() -> count(session.get("/console/inbox?view=closed").bodyAsString(), "waiting") == 0,
                "the closed conversation no longer waiting");
        String closed = session.get("/console/inbox?view=closed").bodyAsString();
        assertTrue(closed.contains("data-conversation-id=\"" + second + "\""), closed);
        assertEquals(0, count(closed, "waiting"), closed);
        assertEquals(1, count(closed, "team:desk"), closed);
        assertEquals(1, count(closed, "all"), closed);
        Await.result(feed.close(), "closing ana's live connection");
        String german = Await.result(session.request(HttpMethod.GET, "/console/inbox?view=mine")
                .putHeader("Accept-Language", "de").send(), "in German").bodyAsString();
        assertTrue(german.contains("<h1>Meine</h1>") && german.contains("Wartend in meinen Teams"), german);
        assertTrue(german.contains(">Front Desk<"), "no German name: the team's own");
        String japanese = Await.result(session.request(HttpMethod.GET, "/console/inbox?view=team:desk")
                .putHeader("Accept-Language", "ja").send(), "in Japanese").bodyAsString();
        assertTrue(japanese.contains("<h1>フロントデスク</h1>") && japanese.contains(">フロントデスク<"), japanese);
    }

    /**
     * Verifies the @mentions view: a colleague's note naming the agent counts and lists that conversation for them
     * (open or closed), not for the writer, and the view follows a second mention, newest first.
     */
    @Test
    void mentionsViewListsWhereColleaguesNamedTheAgent() {
        Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        AgentSession ana = AgentSession.open(vertx, desk.web(), node.port(), "ana", RoutingFixture.PASSWORD);
        String first = queuedConversation("Hello, where is my parcel?");
        String second = queuedConversation("Hello, I need an invoice");
        assertEquals(0, count(ana.get("/console/inbox").bodyAsString(), "mentions"));

        assertEquals(201, boss.postJson("/api/v1/conversations/" + first + "/notes",
                new JsonObject().put("text", "@ana can you check the parcel?")).statusCode());
        String rail = ana.get("/console/inbox?view=mentions").bodyAsString();
        assertEquals(1, count(rail, "mentions"), rail);
        assertTrue(rail.contains("data-conversation-id=\"" + first + "\""), rail);
        assertFalse(rail.contains("data-conversation-id=\"" + second + "\""), rail);
        assertEquals(0, count(boss.get("/console/inbox").bodyAsString(), "mentions"), "not the writer's");

        assertEquals(201, boss.postJson("/api/v1/conversations/" + second + "/notes",
                new JsonObject().put("text", "Also this one, @Ana.")).statusCode());
        Await.result(node.node().hub().close(first), "closing the first");
        String both = ana.get("/console/inbox?view=mentions").bodyAsString();
        assertEquals(2, count(both, "mentions"), both);
        assertTrue(both.indexOf("data-conversation-id=\"" + second + "\"")
                < both.indexOf("data-conversation-id=\"" + first + "\""), "newest mention first, closed kept: " + both);
        String japanese = Await.result(ana.request(HttpMethod.GET, "/console/inbox?view=mentions")
                .putHeader("Accept-Language", "ja").send(), "in Japanese").bodyAsString();
        assertTrue(japanese.contains("<h1>@メンション</h1>"), japanese);
    }

    /** The count the rail shows beside {@code view}. */
    private static int count(String rail, String view) {
        Matcher m = Pattern.compile("data-view=\"" + Pattern.quote(view) + "\"[^>]*>.*?<span class=\"view-count\">(\\d+)"
                + "</span>").matcher(rail);
        assertTrue(m.find(), "no count for " + view + " in " + rail);
        return Integer.parseInt(m.group(1));
    }

    private String queuedConversation(String text) {
        String contact = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("en-US", "America/New_York", null, null)), "visitor").contactId();
        String id = Await.result(node.node().conversations().appendVisitorMessage(contact, UUID.randomUUID().toString(),
                text), "message").message().conversationId();
        Await.result(node.node().routing().route(id, text), "routing");
        return id;
    }
}
