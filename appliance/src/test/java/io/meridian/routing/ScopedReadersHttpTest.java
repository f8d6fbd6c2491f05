package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Permission;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin-defined roles over real HTTP: a role scoped to one team or to other regions reads only the customers within
 * its scope (pages, REST, lists, live events), and a role without personal-data.unmasked reads customers masked.
 */
@Timeout(240)
class ScopedReadersHttpTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Front Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
              - {id: ventas, name: Ventas, time-zone: UTC, overflow-rank: 2, languages: [es], hours: {daily: "00:00-24:00"}}
            agents: []
            """;
    private static final Set<Permission> READ_AND_REPLY = Set.of(Permission.CONVERSATIONS_READ,
            Permission.CONVERSATIONS_REPLY, Permission.PERSONAL_DATA_UNMASKED);

    @TempDir
    Path dir;
    private SignedInNode desk;
    private TestNode node;
    private AgentSession boss;

    @BeforeEach
    void setUp() throws Exception {
        desk = RoutingFixture.nodeAloneWithSetup(dir, SETUP);
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
     * Verifies that a role scoped to the desk team lists, opens and hears only the desk's conversation: the other
     * team's conversation, its messages, contact, page and events are "not found" for it, while an admin reads both;
     * and that a role scoped to a region the customers are not homed in reads none of them.
     */
    @Test
    void scopedRoleReadsOnlyItsTeamAndRegion() {
        String english = routed("Hello, I need help with the delivery of my parcel please", "Ann Smith");
        String spanish = routed("Hola, necesito ayuda con la factura de mi pedido, por favor", "Ana Garcia");
        assertEquals("desk", team(english));
        assertEquals("ventas", team(spanish));
        AgentSession scoped = desk.agentWithPermissions("dora", READ_AND_REPLY, Set.of("desk"), Set.of());

        List<String> listed = ids(scoped.get("/api/v1/conversations").bodyAsJsonObject());
        assertEquals(List.of(english), listed, "the desk's conversation only");
        assertEquals(2, ids(boss.get("/api/v1/conversations").bodyAsJsonObject()).size(), "an admin reads both");
        assertEquals(200, scoped.get("/api/v1/conversations/" + english + "/messages").statusCode());
        for (String path : List.of("/api/v1/conversations/" + spanish, "/api/v1/conversations/" + spanish + "/messages",
                "/console/conversations/" + spanish, "/api/v1/contacts/" + contactOf(spanish),
                "/console/contacts/" + contactOf(spanish), "/api/v1/conversations/" + spanish + "/routing")) {
            assertEquals(404, scoped.get(path).statusCode(), path);
            assertEquals(200, boss.get(path).statusCode(), path);
        }
        assertEquals(200, scoped.get("/api/v1/contacts/" + contactOf(english)).statusCode());
        assertEquals(404, scoped.postJson("/api/v1/conversations/" + spanish + "/messages", new JsonObject()
                .put("clientMessageId", UUID.randomUUID().toString()).put("text", "hola")).statusCode(),
                "a reply outside the scope is refused like a read");
        String inbox = scoped.get("/console/inbox?view=all").bodyAsString();
        assertTrue(inbox.contains("data-conversation-id=\"" + english + "\""), inbox);
        assertFalse(inbox.contains("data-conversation-id=\"" + spanish + "\""), inbox);
        String queues = scoped.get("/api/v1/routing/queues").bodyAsString();
        assertTrue(queues.contains("\"desk\"") && !queues.contains("\"ventas\""), queues);

        // Live events: the other team's message is not sent; the desk's is.
        AgentSession.LiveFeed feed = Await.result(scoped.live(), "dora's live connection");
        visitorWrites(spanish, "¿Hay alguna novedad sobre mi factura?");
        visitorWrites(english, "Any news about my parcel?");
        feed.expect("message", english);
        assertFalse(String.join("\n", feed.seen()).contains(spanish), "no event of the other team's conversation");

        // The admin moves the role to the other team: the next request reads the other conversation, and the open
        // live connection, which took its access when it opened, is closed so that it reconnects under the new scope.
        String roleId = desk.roleAdmin().get("/api/v1/roles").bodyAsJsonObject().getJsonArray("roles").stream()
                .map(JsonObject.class::cast).filter(r -> r.getString("name").equals("Role of dora"))
                .findFirst().orElseThrow().getString("id");
        assertEquals(200, Await.result(desk.roleAdmin().request(HttpMethod.PUT, "/api/v1/roles/" + roleId)
                .sendJsonObject(new JsonObject().put("name", "Role of dora")
                        .put("permissions", new JsonArray(List.of("conversations.read")))
                        .put("teams", new JsonArray(List.of("ventas")))), "editing dora's role").statusCode());
        assertEquals(List.of(spanish), ids(scoped.get("/api/v1/conversations").bodyAsJsonObject()));
        Await.until(feed::closed, "the live connection closed after the role changed");

        AgentSession elsewhere = desk.agentWithPermissions("otto", READ_AND_REPLY, Set.of(), Set.of("us"));
        assertEquals(List.of(), ids(elsewhere.get("/api/v1/conversations").bodyAsJsonObject()),
                "customers homed in 'default' are outside a role scoped to 'us'");
        assertEquals(404, elsewhere.get("/console/conversations/" + english).statusCode());
        AgentSession home = desk.agentWithPermissions("hana", READ_AND_REPLY, Set.of(), Set.of("default"));
        assertEquals(2, ids(home.get("/api/v1/conversations").bodyAsJsonObject()).size());
    }

    /**
     * Verifies that a role without personal-data.unmasked reads the customer's name, e-mail address, numbers and
     * name words masked in REST answers, on the conversation page and in live events, cannot open a mail's HTML and
     * is not offered the translation correction, while an admin reads everything as written.
     */
    @Test
    void roleWithoutPersonalDataReadsMasked() {
        String text = "I am Ann Smith, order 48213, write to ann.smith@example.org or call +44 20 7946 0958";
        String id = routed(text, "Ann Smith");
        AgentSession trainee = desk.agentWithPermissions("tess", Set.of(Permission.CONVERSATIONS_READ,
                Permission.CONVERSATIONS_REPLY), Set.of(), Set.of());

        JsonObject plain = boss.get("/api/v1/conversations/" + id + "/messages").bodyAsJsonObject();
        assertEquals(text, plain.getJsonArray("messages").getJsonObject(0).getString("text"));
        String masked = trainee.get("/api/v1/conversations/" + id + "/messages").bodyAsJsonObject()
                .getJsonArray("messages").getJsonObject(0).getString("text");
        assertEquals("I am ••• •••, order •••, write to ••• or call •••", masked);
        JsonObject summary = trainee.get("/api/v1/conversations/" + id).bodyAsJsonObject();
        assertEquals("A••• S•••", summary.getString("contactName"));
        assertFalse(summary.encode().contains("48213") || summary.encode().contains("ann.smith"), summary.encode());

        // The node's own message keeps its times and dates; the customer's name in it is masked all the same.
        Await.result(node.node().hub().systemSays(id, UUID.randomUUID().toString(),
                "Ann Smith, we open again at 09:00 on 8 December"), "a message of the node");
        List<JsonObject> seen = trainee.messages(id);
        assertEquals("••• •••, we open again at 09:00 on 8 December", seen.get(seen.size() - 1).getString("text"));
        String page = trainee.get("/console/conversations/" + id).bodyAsString();
        assertTrue(page.contains("••• •••, we open again at 09:00 on 8 December"), page);
        assertFalse(page.contains("48213") || page.contains("ann.smith@") || page.contains("Ann Smith"), page);
        assertTrue(page.contains("A••• S•••") && page.contains("a•••@example.org"), page);
        String admins = boss.get("/console/conversations/" + id).bodyAsString();
        assertTrue(admins.contains("48213") && admins.contains("Ann Smith"), "an admin reads it as written");

        AgentSession.LiveFeed feed = Await.result(trainee.live(), "tess's live connection");
        visitorWrites(id, "My other order is 77120");
        JsonObject frame = feed.expect("message", id);
        assertEquals("My other order is •••", frame.getJsonObject("message").getString("text"));
        Await.result(feed.close(), "closing the feed");

        String messageId = plain.getJsonArray("messages").getJsonObject(0).getString("id");
        assertEquals(403, trainee.get("/console/messages/" + messageId + "/html").statusCode());

        // Reads with personal data unmasked are in the audit trail (ids only); masked reads are not.
        Await.until(() -> boss.get("/api/v1/audit?after=0&limit=1000").bodyAsString()
                .contains("'boss' read /console/conversations/" + id + " with personal data unmasked"),
                "the admin's read in the audit trail");
        String trail = boss.get("/api/v1/audit?after=0&limit=1000").bodyAsString();
        assertTrue(trail.contains("'boss' read /api/v1/conversations/" + id + "/messages"), trail);
        assertFalse(trail.contains("'tess' read"), "a masked read is not a read of personal data: " + trail);
        assertFalse(trail.contains("Ann Smith") || trail.contains("48213"), "no personal data in the trail");
    }

    private String routed(String text, String name) {
        String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.org";
        String contact = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("en-US", "Europe/London", name, email)), "visitor").contactId();
        String id = Await.result(node.node().conversations().appendVisitorMessage(contact,
                UUID.randomUUID().toString(), text), "message").message().conversationId();
        Await.result(node.node().routing().route(id, text), "routing");
        return id;
    }

    private void visitorWrites(String conversationId, String text) {
        Await.result(node.node().hub().visitorSays(contactOf(conversationId), UUID.randomUUID().toString(), text),
                "a visitor's message");
    }

    private String team(String conversationId) {
        return Await.result(node.node().routing().teamsOf(List.of(conversationId)), "team").get(conversationId);
    }

    private String contactOf(String conversationId) {
        return boss.get("/api/v1/conversations/" + conversationId).bodyAsJsonObject().getString("contactId");
    }

    private static List<String> ids(JsonObject list) {
        return list.getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getString("id")).toList();
    }
}
