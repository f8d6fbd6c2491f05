package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account administration over real HTTP: deactivating an agent ends their sessions and live connection and hands
 * their open conversation back to the team's queue; reactivating, a one-time password reset and unlocking.
 */
@Timeout(180)
class AccountAdministrationTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 2}
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
     * Verifies that deactivating Ana (who holds a conversation, online) answers with her account inactive, ends her
     * API session and closes her live connection, puts the conversation back in Desk's queue, and refuses her right
     * password; that an agent may not deactivate and an admin may not deactivate themselves or an unknown account;
     * and that reactivating lets her sign in again.
     */
    @Test
    void deactivationEndsSessionsAndHandsWorkBack() {
        SignedInAgent ana = Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        AgentSession session = AgentSession.open(vertx, desk.web(), node.port(), "ana", RoutingFixture.PASSWORD);
        AgentSession.LiveFeed feed = Await.result(session.live(), "ana's live connection");
        String conversation = newConversation("Hello, where is my parcel?");
        feed.expect("conversation.assigned", conversation);

        assertEquals(403, session.postJson("/api/v1/agents/" + ana.id() + "/deactivate", new JsonObject()).statusCode(),
                "an agent cannot deactivate");
        HttpResponse<Buffer> done = boss.postJson("/api/v1/agents/" + ana.id() + "/deactivate", new JsonObject());
        assertEquals(200, done.statusCode(), done.bodyAsString());
        assertEquals(false, done.bodyAsJsonObject().getBoolean("active"));

        assertEquals(401, session.get("/api/v1/conversations").statusCode(), "her session ended");
        assertTrue(Await.value(() -> feed.closed() ? java.util.Optional.of(true) : java.util.Optional.empty(),
                java.time.Duration.ofSeconds(10), "her live connection closed"));
        RoutingService.Placement placement = Await.result(node.node().routing().placement(conversation), "placement")
                .orElseThrow();
        assertEquals("desk", placement.teamId());
        assertNull(placement.assignedAgentId(), "back in the queue");
        assertTrue(boss.get("/api/v1/conversations/" + conversation + "/routing").bodyAsString().contains("desk"));
        assertTrue(failedSignIn("ana", RoutingFixture.PASSWORD), "a deactivated account cannot sign in");
        JsonObject listed = listed("ana");
        assertEquals(false, listed.getBoolean("active"), listed.encode());

        String bossId = boss.agent().getString("id");
        assertEquals(400, boss.postJson("/api/v1/agents/" + bossId + "/deactivate", new JsonObject()).statusCode());
        assertEquals(404, boss.postJson("/api/v1/agents/" + UUID.randomUUID() + "/deactivate", new JsonObject())
                .statusCode());

        assertEquals(200, boss.postJson("/api/v1/agents/" + ana.id() + "/reactivate", new JsonObject()).statusCode());
        AgentSession.open(vertx, desk.web(), node.port(), "ana", RoutingFixture.PASSWORD);
        Await.result(feed.close(), "closing the feed");
    }

    /**
     * Verifies that a password reset gives a one-time password the old one no longer opens the account with, which
     * signs in and must be changed first, that the console page shows it once and not cached; and that an account
     * locked by wrong passwords is unlocked by the admin and signs in again.
     */
    @Test
    void resetPasswordAndUnlock() {
        SignedInAgent ana = Await.result(node.createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");
        AgentSession before = AgentSession.open(vertx, desk.web(), node.port(), "ana", RoutingFixture.PASSWORD);

        HttpResponse<Buffer> reset = boss.postJson("/api/v1/agents/" + ana.id() + "/password-reset", new JsonObject());
        assertEquals(200, reset.statusCode(), reset.bodyAsString());
        assertEquals("no-store", reset.getHeader("Cache-Control"));
        String oneTime = reset.bodyAsJsonObject().getString("oneTimePassword");
        assertTrue(oneTime.length() >= 20, oneTime);
        assertEquals(401, before.get("/api/v1/conversations").statusCode(), "the sessions before the reset ended");
        assertTrue(failedSignIn("ana", RoutingFixture.PASSWORD), "the old password no longer works");
        AgentSession fresh = AgentSession.open(vertx, desk.web(), node.port(), "ana", oneTime);
        assertEquals(403, fresh.get("/api/v1/conversations").statusCode(), "the one-time password must be changed first");
        assertTrue(listed("ana").getString("oneTimePasswordExpiresAt") != null);

        String page = Await.result(boss.request(HttpMethod.POST, "/console/agents/" + ana.id() + "/password-reset")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("csrf=" + boss.csrfToken())), "resetting from the page").bodyAsString();
        String shown = page.substring(page.indexOf("<code>") + 6, page.indexOf("</code>"));
        assertTrue(shown.length() >= 20 && !shown.equals(oneTime), page);
        assertFalse(boss.get("/console/agents").bodyAsString().contains(shown), "shown once, never again");

        for (int i = 0; i < 5; i++) {
            assertTrue(failedSignIn("ana", "not the password " + i));
        }
        assertTrue(listed("ana").getString("lockedUntil") != null, "locked after five failures");
        HttpResponse<Buffer> unlocked = boss.postJson("/api/v1/agents/" + ana.id() + "/unlock", new JsonObject());
        assertEquals(new JsonObject().put("wasLocked", true), unlocked.bodyAsJsonObject());
        AgentSession.open(vertx, desk.web(), node.port(), "ana", shown);
    }

    private boolean failedSignIn(String username, String password) {
        return Await.result(AgentSession.signIn(vertx, desk.web(), node.port(), username, password)
                .map(signedIn -> false).otherwise(e -> true), "signing in as " + username);
    }

    private JsonObject listed(String username) {
        return boss.get("/api/v1/agents").bodyAsJsonObject().getJsonArray("agents").stream()
                .map(JsonObject.class::cast).filter(a -> username.equals(a.getString("username"))).findFirst()
                .orElseThrow();
    }

    private String newConversation(String text) {
        String contact = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("en-US", "America/New_York", null, null)), "visitor").contactId();
        String id = Await.result(node.node().conversations().appendVisitorMessage(contact, UUID.randomUUID().toString(),
                text), "message").message().conversationId();
        Await.result(node.node().routing().route(id, text), "routing");
        return id;
    }
}
