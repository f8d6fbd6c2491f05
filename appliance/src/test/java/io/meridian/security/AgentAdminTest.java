package io.meridian.security;

import static io.meridian.security.SessionApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin's account pages and API, and that agents cannot reach them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentAdminTest {

    private static final String PASSWORD = "Agent-admin-test-pw-1";
    private static final String INITIAL = "Initial-password-for-new-1";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static SecurityFixture.AccountStore shared;
    private static AgentAccounts accounts;

    private SecurityFixture.Server server;

    @BeforeAll
    static void openStore(Vertx v) {
        vertx = v;
        shared = SecurityFixture.AccountStore.open(vertx, dir);
        accounts = shared.accounts();
        SecurityFixture.readyAgent(accounts, "root", "Root Admin", Role.ADMIN, PASSWORD);
        SecurityFixture.readyAgent(accounts, "agnes", "Agnes", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void closeStore() {
        if (shared != null) {
            shared.close();
        }
    }

    @BeforeEach
    void startServer() {
        server = shared.startServer(Map.of());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** Verifies that an agent gets 403 on the accounts page and API, and cannot create an account. */
    @Test
    void agentsCannotManageAccounts() {
        try (ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port());
                ApiClient api = new ApiClient(vertx, server.port())) {
            assertEquals(302, browser.signIn("agnes", PASSWORD).statusCode());
            HttpResponse<Buffer> page = browser.get("/console/agents");
            assertEquals(403, page.statusCode());
            assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
            String token = browser.tokenFrom("/console/password");
            HttpResponse<Buffer> post = browser.post("/console/agents", form(token, "mallory", "Mallory", "ADMIN", INITIAL));
            assertEquals(403, post.statusCode());

            assertEquals(200, api.signIn("agnes", PASSWORD).statusCode());
            assertProblem(api.get("/api/v1/agents"), 403, "forbidden");
            assertProblem(api.write(HttpMethod.POST, "/api/v1/agents", account("mallory", "Mallory", "ADMIN", INITIAL)),
                    403, "forbidden");
        }
        assertTrue(Await.result(accounts.list(), "listing").stream().noneMatch(a -> a.username().equals("mallory")));
    }

    /**
     * Verifies that an admin creates an agent on the console page, the page lists it, and the new agent can sign in
     * with the initial password but must change it first.
     */
    @Test
    void anAdminCreatesAnAgentWhoCanSignIn() {
        try (ConsoleBrowser admin = new ConsoleBrowser(vertx, server.port())) {
            assertEquals(302, admin.signIn("root", PASSWORD).statusCode());
            String token = admin.tokenFrom("/console/agents");
            HttpResponse<Buffer> created = admin.post("/console/agents", form(token, "Bruno", "Bruno B.", "AGENT", INITIAL));
            assertEquals(302, created.statusCode(), created.bodyAsString());
            assertEquals("/console/agents?created=bruno", created.getHeader("Location"));
            String list = admin.get("/console/agents?created=bruno").bodyAsString();
            assertTrue(list.contains("Account <strong>bruno</strong> created"), list);
            assertTrue(list.contains("<td>Bruno B.</td>"), list);
        }
        try (ConsoleBrowser bruno = new ConsoleBrowser(vertx, server.port())) {
            HttpResponse<Buffer> signIn = bruno.signIn("bruno", INITIAL);
            assertEquals(302, signIn.statusCode());
            assertEquals("/console/password", signIn.getHeader("Location"));
        }
    }

    /** Verifies that form errors re-render the page with a message and the typed values, and store nothing. */
    @Test
    void formErrorsKeepTheTypedValues() {
        try (ConsoleBrowser admin = new ConsoleBrowser(vertx, server.port())) {
            assertEquals(302, admin.signIn("root", PASSWORD).statusCode());
            HttpResponse<Buffer> shortPassword = admin.post("/console/agents",
                    form(admin.tokenFrom("/console/agents"), "carmen", "Carmen", "AGENT", "short"));
            assertEquals(400, shortPassword.statusCode());
            assertTrue(shortPassword.bodyAsString().contains("The password must be at least 12 characters."));
            assertTrue(shortPassword.bodyAsString().contains("value=\"carmen\""));

            HttpResponse<Buffer> taken = admin.post("/console/agents",
                    form(admin.tokenFrom("/console/agents"), "AGNES", "Agnes Two", "AGENT", INITIAL));
            assertEquals(409, taken.statusCode());
            assertTrue(taken.bodyAsString().contains("The username &#39;agnes&#39; is taken."), taken.bodyAsString());
        }
        assertTrue(Await.result(accounts.list(), "listing").stream().noneMatch(a -> a.username().equals("carmen")));
    }

    /** Verifies that a display name with HTML in it is shown escaped on the accounts page, never as markup. */
    @Test
    void htmlInADisplayNameIsEscaped() {
        Await.result(accounts.create("scripted", "<script>x</script>", Role.AGENT, INITIAL.toCharArray()), "creating");
        try (ConsoleBrowser admin = new ConsoleBrowser(vertx, server.port())) {
            assertEquals(302, admin.signIn("root", PASSWORD).statusCode());
            String page = admin.get("/console/agents").bodyAsString();
            assertTrue(page.contains("&lt;script&gt;x&lt;/script&gt;"), page);
            assertFalse(page.contains("<script>x</script>"), page);
        }
    }

    /**
     * Verifies the JSON twin: list, create with 201 and a Location that answers, 409 for a taken name, 400 naming
     * the field for invalid input.
     */
    @Test
    void theAccountsApiCreatesAndLists() {
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            assertEquals(200, api.signIn("root", PASSWORD).statusCode());

            HttpResponse<Buffer> created = api.write(HttpMethod.POST, "/api/v1/agents",
                    account("dmitri", "Dmitri", "ADMIN", INITIAL));
            assertEquals(201, created.statusCode(), created.bodyAsString());
            JsonObject agent = created.bodyAsJsonObject();
            assertEquals("dmitri", agent.getString("username"));
            assertEquals("ADMIN", agent.getString("role"));
            assertEquals(true, agent.getBoolean("mustChangePassword"));
            String location = created.getHeader("Location");
            assertEquals("/api/v1/agents/" + agent.getString("id"), location);
            assertEquals(agent, api.get(location).bodyAsJsonObject());
            assertProblem(api.get("/api/v1/agents/00000000-0000-0000-0000-000000000000"), 404, "not-found");

            JsonArray all = api.get("/api/v1/agents").bodyAsJsonObject().getJsonArray("agents");
            assertTrue(all.stream().map(JsonObject.class::cast).anyMatch(a -> a.getString("username").equals("dmitri")));
            assertTrue(all.stream().map(JsonObject.class::cast).noneMatch(a -> a.containsKey("passwordHash")
                    || a.containsKey("password")), "no secrets in the list");

            assertProblem(api.write(HttpMethod.POST, "/api/v1/agents", account("Dmitri", "Again", "AGENT", INITIAL)),
                    409, "username-taken");
            assertDetailStartsWith(api.write(HttpMethod.POST, "/api/v1/agents", account("erin", "Erin", "AGENT", "short")),
                    "password");
            assertDetailStartsWith(api.write(HttpMethod.POST, "/api/v1/agents", account("erin", "Erin", "BOSS", INITIAL)),
                    "role");
            assertDetailStartsWith(api.write(HttpMethod.POST, "/api/v1/agents", account("erin x", "Erin", "AGENT", INITIAL)),
                    "username");
            assertDetailStartsWith(api.write(HttpMethod.POST, "/api/v1/agents",
                    new JsonObject().put("username", "erin").put("role", "AGENT").put("password", INITIAL)), "displayName");
        }
        try (ApiClient dmitri = new ApiClient(vertx, server.port())) {
            HttpResponse<Buffer> signIn = dmitri.signIn("dmitri", INITIAL);
            assertEquals(200, signIn.statusCode());
            assertEquals(true, signIn.bodyAsJsonObject().getJsonObject("agent").getBoolean("mustChangePassword"));
        }
    }

    private static void assertDetailStartsWith(HttpResponse<Buffer> response, String field) {
        assertProblem(response, 400, "invalid-field");
        assertTrue(response.bodyAsJsonObject().getString("detail").startsWith(field), response.bodyAsString());
    }

    private static MultiMap form(String token, String username, String displayName, String role, String password) {
        return MultiMap.caseInsensitiveMultiMap().add("csrf", token).add("username", username)
                .add("displayName", displayName).add("role", role).add("password", password);
    }

    private static JsonObject account(String username, String displayName, String role, String password) {
        return new JsonObject().put("username", username).put("displayName", displayName).put("role", role)
                .put("password", password);
    }
}
