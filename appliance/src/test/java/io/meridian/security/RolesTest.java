package io.meridian.security;

import static io.meridian.security.SessionApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles admins define, on a real node: the REST API and the console page, accounts holding them, and that a request's
 * access is its role's as it is at that request.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RolesTest {

    private static final String ADMIN_PASSWORD = "Role-admin-test-pw-1";

    @TempDir
    static Path dir;

    private static SignedInNode node;
    private static AgentSession admin;

    @BeforeAll
    static void start() {
        node = SignedInNode.alone(dir, Map.of());
        admin = node.roleAdmin();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<Buffer> put(AgentSession session, String uri, JsonObject body) {
        return Await.result(session.request(HttpMethod.PUT, uri).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.encode())), "PUT " + uri);
    }

    private static HttpResponse<Buffer> delete(AgentSession session, String uri) {
        return Await.result(session.request(HttpMethod.DELETE, uri).send(), "DELETE " + uri);
    }

    private static JsonObject role(String name, String... permissions) {
        return new JsonObject().put("name", name).put("permissions", new JsonArray(List.of(permissions)));
    }

    private static String createRole(String name, String... permissions) {
        HttpResponse<Buffer> created = admin.postJson("/api/v1/roles", role(name, permissions));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String id = created.bodyAsJsonObject().getString("id");
        assertEquals("/api/v1/roles/" + id, created.getHeader("Location"));
        return id;
    }

    /** Creates an account of {@code roleId} over the API and signs it in after its first password change. */
    private static AgentSession account(String username, String roleId) {
        HttpResponse<Buffer> created = admin.postJson("/api/v1/agents", new JsonObject().put("username", username)
                .put("displayName", username).put("role", roleId).put("password", "Initial-" + username + "-pw-1"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(roleId, created.bodyAsJsonObject().getString("roleId"));
        assertEquals("AGENT", created.bodyAsJsonObject().getString("role"));
        return Await.result(AgentSession.firstSignIn(node.vertx(), node.web(), node.node().port(), username,
                "Initial-" + username + "-pw-1", "Chosen-" + username + "-pw-1"), "signing in " + username);
    }

    /**
     * Verifies the privacy officer of the issue: a role with privacy.requests and conversations.read reads privacy
     * requests, is refused erasure (naming privacy.erase) and accounts; when the admin takes privacy.requests away,
     * the same session is refused it at its next request, without signing in again.
     */
    @Test
    void aDefinedRoleGivesItsPermissionsAndAChangeAppliesAtTheNextRequest() {
        String id = createRole("Privacy officer", "privacy.requests", "conversations.read");
        AgentSession olga = account("olga", id);
        assertEquals("Privacy officer", olga.get("/api/v1/session").bodyAsJsonObject().getJsonObject("agent")
                .getString("roleName"));

        assertEquals(200, olga.get("/api/v1/privacy/requests").statusCode());
        assertEquals(200, olga.get("/api/v1/conversations").statusCode());
        HttpResponse<Buffer> erase = olga.postJson("/api/v1/contacts/" + UUID.randomUUID() + "/erasure",
                new JsonObject());
        assertProblem(erase, 403, "forbidden");
        assertTrue(erase.bodyAsJsonObject().getString("detail").contains("privacy.erase"), erase.bodyAsString());
        assertProblem(olga.get("/api/v1/agents"), 403, "forbidden");
        assertProblem(olga.get("/api/v1/roles"), 403, "forbidden");

        HttpResponse<Buffer> changed = put(admin, "/api/v1/roles/" + id, role("Privacy officer",
                "conversations.read"));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
        assertEquals(new JsonArray().add("conversations.read"), changed.bodyAsJsonObject().getJsonArray("permissions"));
        assertEquals(1, changed.bodyAsJsonObject().getInteger("accounts"));

        HttpResponse<Buffer> refused = olga.get("/api/v1/privacy/requests");
        assertProblem(refused, 403, "forbidden");
        assertTrue(refused.bodyAsJsonObject().getString("detail").contains("privacy.requests"));
        assertEquals(200, olga.get("/api/v1/conversations").statusCode(), "still signed in, still reading");

        HttpResponse<Buffer> shown = admin.get("/api/v1/agents/" + olga.agent().getString("id"));
        assertEquals(id, shown.bodyAsJsonObject().getString("roleId"));
        assertEquals("Privacy officer", shown.bodyAsJsonObject().getString("roleName"));
    }

    /** Verifies the list with the built-in roles, the permissions list, and each refusal of the roles API. */
    @Test
    void theRolesApiListsAndRefuses() {
        HttpResponse<Buffer> permissions = admin.get("/api/v1/permissions");
        assertEquals(Permission.values().length, permissions.bodyAsJsonObject().getJsonArray("permissions").size());
        String id = createRole("Night shift", "conversations.read", "conversations.reply");

        JsonArray roles = admin.get("/api/v1/roles").bodyAsJsonObject().getJsonArray("roles");
        JsonObject builtInAdmin = roles.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("id").equals("admin")).findFirst().orElseThrow();
        assertTrue(builtInAdmin.getBoolean("builtIn"));
        assertEquals(Permission.values().length, builtInAdmin.getJsonArray("permissions").size());
        assertTrue(roles.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("id").equals(id)
                && !r.getBoolean("builtIn") && r.getInteger("accounts") == 0));
        assertEquals("Night shift", admin.get("/api/v1/roles/" + id).bodyAsJsonObject().getString("name"));

        HttpResponse<Buffer> malformed = Await.result(admin.request(HttpMethod.POST, "/api/v1/roles")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\":")), "malformed");
        assertProblem(malformed, 400, "malformed-json");
        HttpResponse<Buffer> badKey = admin.postJson("/api/v1/roles", role("Broken", "conversations.read",
                "conversations.delete"));
        assertProblem(badKey, 400, "invalid-field");
        assertTrue(badKey.bodyAsJsonObject().getString("detail").contains("conversations.delete"));
        assertProblem(admin.postJson("/api/v1/roles", role("").put("name", 5)), 400, "invalid-field");
        assertProblem(admin.postJson("/api/v1/roles", role("Broken").put("regions", "eu")), 400, "invalid-field");
        assertProblem(admin.postJson("/api/v1/roles", role("Broken").put("regions", new JsonArray().add("EU"))), 400,
                "invalid-field");
        assertProblem(admin.postJson("/api/v1/roles", role("night SHIFT")), 409, "name-taken");
        assertProblem(admin.postJson("/api/v1/roles", role("Admin")), 409, "name-taken");

        String nobody = UUID.randomUUID().toString();
        assertProblem(admin.get("/api/v1/roles/" + nobody), 404, "not-found");
        assertProblem(put(admin, "/api/v1/roles/" + nobody, role("Ghost")), 404, "not-found");
        assertProblem(delete(admin, "/api/v1/roles/" + nobody), 404, "not-found");
        assertProblem(put(admin, "/api/v1/roles/agent", role("Agent plus", "audit.view")), 409, "built-in-role");

        assertProblem(admin.postJson("/api/v1/agents", new JsonObject().put("username", "nora").put("displayName",
                "Nora").put("role", nobody).put("password", "Initial-nora-pw-1")), 400, "invalid-field");
        assertProblem(admin.postJson("/api/v1/agents", new JsonObject().put("username", "nora").put("displayName",
                "Nora").put("role", "supervisor").put("password", "Initial-nora-pw-1")), 400, "invalid-field");

        AgentSession nils = account("nils", id);
        HttpResponse<Buffer> inUse = delete(admin, "/api/v1/roles/" + id);
        assertProblem(inUse, 409, "role-in-use");
        assertTrue(inUse.bodyAsJsonObject().getString("detail").contains("1 account"), inUse.bodyAsString());
        assertEquals(200, put(admin, "/api/v1/agents/" + nils.agent().getString("id") + "/role",
                new JsonObject().put("role", "AGENT")).statusCode());
        assertEquals(204, delete(admin, "/api/v1/roles/" + id).statusCode());
        assertProblem(admin.get("/api/v1/roles/" + id), 404, "not-found");
    }

    /**
     * Verifies that an account's new role ends its sessions, that an admin cannot change the own role, and that the
     * last active admin keeps the admin role, even when an account manager of a defined role asks.
     */
    @Test
    void changingAnAccountsRoleEndsItsSessionsAndKeepsAnAdmin() {
        AgentSession rolf = node.agentWithPermissions("rolf", Set.of(Permission.CONVERSATIONS_READ), Set.of(),
                Set.of());
        String rolfId = rolf.agent().getString("id");
        assertEquals(200, rolf.get("/api/v1/conversations").statusCode());
        assertProblem(rolf.get("/api/v1/agents"), 403, "forbidden");

        HttpResponse<Buffer> made = put(admin, "/api/v1/agents/" + rolfId + "/role", new JsonObject().put("role",
                "admin"));
        assertEquals(200, made.statusCode(), made.bodyAsString());
        assertEquals("ADMIN", made.bodyAsJsonObject().getString("role"));
        assertNull(made.bodyAsJsonObject().getString("roleId"));
        assertProblem(rolf.get("/api/v1/conversations"), 401, "unauthenticated");

        assertProblem(put(admin, "/api/v1/agents/" + admin.agent().getString("id") + "/role",
                new JsonObject().put("role", "AGENT")), 400, "refused");
        assertProblem(put(admin, "/api/v1/agents/" + UUID.randomUUID() + "/role", new JsonObject().put("role",
                "AGENT")), 404, "not-found");
        HttpResponse<Buffer> malformed = Await.result(admin.request(HttpMethod.PUT, "/api/v1/agents/" + rolfId
                + "/role").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[")), "malformed");
        assertProblem(malformed, 400, "malformed-json");

        // Leave role-admin the only active admin: the first admin and rolf go.
        String firstAdmin = admin.get("/api/v1/agents").bodyAsJsonObject().getJsonArray("agents").stream()
                .map(JsonObject.class::cast).filter(a -> a.getString("username").equals("admin")).findFirst()
                .orElseThrow().getString("id");
        assertEquals(200, admin.postJson("/api/v1/agents/" + firstAdmin + "/deactivate", new JsonObject())
                .statusCode());
        assertEquals(200, put(admin, "/api/v1/agents/" + rolfId + "/role", new JsonObject().put("role", "AGENT"))
                .statusCode());
        AgentSession mona = node.agentWithPermissions("mona", Set.of(Permission.ACCOUNTS_MANAGE), Set.of(),
                Set.of());
        HttpResponse<Buffer> last = put(mona, "/api/v1/agents/" + admin.agent().getString("id") + "/role",
                new JsonObject().put("role", "AGENT"));
        assertProblem(last, 400, "refused");
        assertTrue(last.bodyAsJsonObject().getString("detail").contains("last active admin"), last.bodyAsString());
        assertEquals(200, admin.get("/api/v1/session").statusCode(), "the last admin stays signed in");
        assertEquals(200, admin.postJson("/api/v1/agents/" + firstAdmin + "/reactivate", new JsonObject())
                .statusCode());
    }

    /**
     * Verifies the console's roles page: listed in the menu, a role created, changed and deleted through its forms
     * (with the CSRF token, refused without), a form error shown with the typed values, and an account's role changed
     * on the Agents page.
     */
    @Test
    void theConsolePageManagesRoles() {
        try (ConsoleBrowser browser = new ConsoleBrowser(node.vertx(), node.node().port())) {
            assertEquals(302, browser.signIn("role-admin", ADMIN_PASSWORD).statusCode());
            HttpResponse<Buffer> page = browser.get("/console/roles");
            assertEquals(200, page.statusCode());
            assertTrue(page.bodyAsString().contains("href=\"/console/roles\""), "in the menu");
            assertTrue(page.bodyAsString().contains("value=\"privacy.erase\""), "a checkbox per permission");

            String token = browser.tokenFrom("/console/roles");
            HttpResponse<Buffer> noToken = browser.post("/console/roles", MultiMap.caseInsensitiveMultiMap()
                    .add("name", "Without token"));
            assertEquals(403, noToken.statusCode());
            HttpResponse<Buffer> empty = browser.post("/console/roles", MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("name", " ").add("regions", "eu"));
            assertEquals(400, empty.statusCode());
            assertTrue(empty.bodyAsString().contains("The role name is required."), empty.bodyAsString());
            assertTrue(empty.bodyAsString().contains("value=\"eu\""));

            HttpResponse<Buffer> created = browser.post("/console/roles", MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("name", "Weekend <desk>").add("description", "Saturdays")
                    .add("permission", "conversations.read").add("permission", "conversations.reply")
                    .add("regions", "eu, us"));
            assertEquals(302, created.statusCode(), created.bodyAsString());
            String list = browser.get(created.getHeader("Location")).bodyAsString();
            assertTrue(list.contains("Role Weekend &lt;desk&gt; saved."), list);
            assertFalse(list.contains("<desk>"), "escaped");
            String id = node.node().node().accounts().roles().list().stream()
                    .filter(r -> r.name().equals("Weekend <desk>")).findFirst().orElseThrow().id();
            assertTrue(list.contains("data-role-id=\"" + id + "\""));

            String edit = browser.get("/console/roles/" + id).bodyAsString();
            assertTrue(edit.contains("value=\"conversations.reply\" checked"), edit);
            assertTrue(edit.contains("value=\"eu, us\""), edit);
            HttpResponse<Buffer> changed = browser.post("/console/roles/" + id, MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("name", "Weekend desk").add("permission", "conversations.read"));
            assertEquals(302, changed.statusCode(), changed.bodyAsString());
            ConsoleRole now = node.node().node().accounts().roles().get(id).orElseThrow();
            assertEquals("Weekend desk", now.name());
            assertEquals(Set.of(Permission.CONVERSATIONS_READ), now.permissions());
            assertEquals(Set.of(), now.regions());

            AgentSession wendy = account("wendy", id);
            String agents = browser.get("/console/agents").bodyAsString();
            assertTrue(agents.contains(">Weekend desk</option>"), agents);
            HttpResponse<Buffer> inUse = browser.post("/console/roles/" + id + "/delete",
                    MultiMap.caseInsensitiveMultiMap().add("csrf", token));
            assertEquals(409, inUse.statusCode());
            assertTrue(inUse.bodyAsString().contains("Accounts holding the role Weekend desk: 1."));

            HttpResponse<Buffer> moved = browser.post("/console/agents/" + wendy.agent().getString("id") + "/role",
                    MultiMap.caseInsensitiveMultiMap().add("csrf", token).add("role", "AGENT"));
            assertEquals(302, moved.statusCode(), moved.bodyAsString());
            assertTrue(browser.get(moved.getHeader("Location")).bodyAsString()
                    .contains("wendy has a new role and was signed out everywhere."));
            assertProblem(wendy.get("/api/v1/conversations"), 401, "unauthenticated");

            HttpResponse<Buffer> deleted = browser.post("/console/roles/" + id + "/delete",
                    MultiMap.caseInsensitiveMultiMap().add("csrf", token));
            assertEquals(302, deleted.statusCode(), deleted.bodyAsString());
            assertTrue(browser.get(deleted.getHeader("Location")).bodyAsString()
                    .contains("Role Weekend desk deleted."));
            assertTrue(node.node().node().accounts().roles().get(id).isEmpty());
        }
    }
}
