package io.meridian.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restriction of processing on a real node, as an admin reaches it: the REST resource, the contact page's form and
 * notice, a data-subject request answered by restricting, and what a restriction refuses (merges, corrections).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProcessingRestrictionTest {

    private static final String PASSWORD = "Restriction-test-pw-1";

    @TempDir
    Path dir;

    /**
     * Verifies the REST resource (403 for agents, 400 for a bad ground or id, 404 for an unknown contact or none
     * placed, 200 placed with who and why, idempotent), that a merge into or out of a restricted customer and a
     * correction request are refused with 409, that every agent sees the notice on the contact page and admins the
     * lift button, that the console form lifts it, that a restriction request is answered by restricting (and cannot
     * be closed otherwise), and that an erased customer cannot be restricted.
     */
    @Test
    void anAdminRestrictsAndLiftsAndTheRestrictionHolds() {
        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
            AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);
            String rosa = customer(node, "Rosa Restricted", "rosa@example.com");
            String other = customer(node, "Otto Other", "otto@example.com");
            String uri = "/api/v1/contacts/" + rosa + "/restriction";

            assertEquals(403, send(agent, HttpMethod.PUT, uri, new JsonObject().put("ground", "accuracy")).statusCode());
            assertEquals(404, send(admin, HttpMethod.GET, uri, null).statusCode(), "nothing placed yet");
            assertEquals(400, send(admin, HttpMethod.PUT, uri, new JsonObject().put("ground", "boredom")).statusCode());
            assertEquals(400, send(admin, HttpMethod.PUT, uri, new JsonObject()).statusCode());
            assertEquals(400, send(admin, HttpMethod.PUT, "/api/v1/contacts/not-a-uuid/restriction",
                    new JsonObject().put("ground", "accuracy")).statusCode());
            assertEquals(404, send(admin, HttpMethod.PUT, "/api/v1/contacts/" + UUID.randomUUID() + "/restriction",
                    new JsonObject().put("ground", "accuracy")).statusCode());

            HttpResponse<Buffer> placed = send(admin, HttpMethod.PUT, uri, new JsonObject().put("ground", "accuracy"));
            assertEquals(200, placed.statusCode(), placed.bodyAsString());
            JsonObject restriction = placed.bodyAsJsonObject();
            assertEquals("accuracy", restriction.getString("ground"));
            assertEquals(admin.agent().getString("id"), restriction.getString("restrictedBy"));
            HttpResponse<Buffer> again = send(admin, HttpMethod.PUT, uri, new JsonObject().put("ground", "objection"));
            assertEquals(restriction, again.bodyAsJsonObject(), "placing it again keeps the first");
            assertEquals(restriction, send(admin, HttpMethod.GET, uri, null).bodyAsJsonObject());

            // Read-only: no merge either way.
            HttpResponse<Buffer> into = admin.postJson("/api/v1/contacts/" + other + "/merge",
                    new JsonObject().put("into", rosa));
            assertEquals(409, into.statusCode(), into.bodyAsString());
            assertTrue(into.bodyAsString().contains("restricted"), into.bodyAsString());
            assertEquals(409, admin.postJson("/api/v1/contacts/" + rosa + "/merge",
                    new JsonObject().put("into", other)).statusCode());

            // Every agent sees it; admins get the button that lifts it, and no merge form.
            String agentPage = agent.get("/console/contacts/" + rosa).bodyAsString();
            assertTrue(agentPage.contains("class=\"notice restricted\""), agentPage);
            assertFalse(agentPage.contains("restriction-lift"), "agents cannot lift it");
            String adminPage = admin.get("/console/contacts/" + rosa).bodyAsString();
            assertTrue(adminPage.contains("/restriction-lift"), adminPage);
            assertFalse(adminPage.contains("merge-find"), "no merge form on a read-only customer");
            String conversation = Await.result(node.node().node().conversations().conversationsOfContact(rosa),
                    "her conversation").get(0).id();
            String page = agent.get("/console/conversations/" + conversation).bodyAsString();
            assertTrue(page.contains("<p class=\"restricted\">"), "the conversation page says so: " + page);
            String otherPage = agent.get("/console/conversations/" + Await.result(node.node().node().conversations()
                    .conversationsOfContact(other), "his conversation").get(0).id()).bodyAsString();
            assertFalse(otherPage.contains("<p class=\"restricted\">"), "only for the restricted customer");

            // A correction request is refused while it stands.
            String correction = request(admin, rosa, "rectification");
            HttpResponse<Buffer> corrected = admin.postJson("/api/v1/privacy/requests/" + correction + "/correction",
                    new JsonObject().put("name", "Rosa Changed"));
            assertEquals(409, corrected.statusCode(), corrected.bodyAsString());

            // The console's button lifts it.
            assertEquals(403, form(node, agent, "/console/contacts/" + rosa + "/restriction-lift", agent).statusCode());
            assertEquals(302, form(node, admin, "/console/contacts/" + rosa + "/restriction-lift", admin).statusCode());
            assertEquals(404, send(admin, HttpMethod.GET, uri, null).statusCode(), "lifted");
            assertEquals(404, send(admin, HttpMethod.DELETE, uri, null).statusCode(), "nothing left to lift");
            assertEquals(200, admin.postJson("/api/v1/privacy/requests/" + correction + "/correction",
                    new JsonObject().put("name", "Rosa Changed")).statusCode(), "corrections go through again");

            // A restriction request is answered by restricting, on the ground the admin chooses.
            String asked = request(admin, other, "restriction");
            assertEquals(409, admin.postJson("/api/v1/privacy/requests/" + asked + "/completion",
                    new JsonObject().put("note", "done")).statusCode(), "closed only by restricting");
            assertEquals(400, admin.postJson("/api/v1/privacy/requests/" + asked + "/restriction",
                    new JsonObject().put("ground", "whim")).statusCode());
            HttpResponse<Buffer> done = admin.postJson("/api/v1/privacy/requests/" + asked + "/restriction",
                    new JsonObject().put("ground", "legal_claims"));
            assertEquals(200, done.statusCode(), done.bodyAsString());
            assertEquals("done", done.bodyAsJsonObject().getString("status"));
            assertEquals("legal_claims", send(admin, HttpMethod.GET, "/api/v1/contacts/" + other + "/restriction",
                    null).bodyAsJsonObject().getString("ground"));
            String requestPage = admin.get("/console/privacy/requests/" + asked).bodyAsString();
            assertTrue(requestPage.contains("restricted: legal_claims"), requestPage);

            // An erased customer has nothing left to restrict.
            String gone = customer(node, "Gina Gone", "gina@example.com");
            assertEquals(200, admin.postJson("/api/v1/contacts/" + gone + "/erasure", new JsonObject()).statusCode());
            assertEquals(409, send(admin, HttpMethod.PUT, "/api/v1/contacts/" + gone + "/restriction",
                    new JsonObject().put("ground", "accuracy")).statusCode());
        }
    }

    private static String customer(SignedInNode node, String name, String email) {
        String contact = Await.result(node.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("en-GB", "Europe/London", name, email)), "a visitor").contactId();
        Await.result(node.node().node().hub().visitorSays(contact, UUID.randomUUID().toString(),
                "Hello, a question about my order"), "a message");
        return contact;
    }

    private static String request(AgentSession admin, String contactId, String kind) {
        HttpResponse<Buffer> opened = admin.postJson("/api/v1/privacy/requests", new JsonObject()
                .put("contactId", contactId).put("kind", kind).put("verifiedBy", "email_reply"));
        assertEquals(201, opened.statusCode(), opened.bodyAsString());
        return opened.bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> send(AgentSession session, HttpMethod method, String uri, JsonObject body) {
        var request = session.request(method, uri);
        return Await.result(body == null ? request.send() : request.sendJsonObject(body), method + " " + uri);
    }

    private static HttpResponse<Buffer> form(SignedInNode node, AgentSession session, String uri, AgentSession as) {
        return Await.result(node.web().request(HttpMethod.POST, node.node().port(), AgentSession.HOST, uri)
                .putHeader("Cookie", session.cookie()).followRedirects(false)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf", as.csrfToken())), "form " + uri);
    }
}
