package io.meridian.security;

import static io.meridian.security.SessionApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.PasswordHasher;
import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The first admin's way in: one-time password from the file, forced password change, file gone afterwards. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FirstAdminTest {

    private static final String NEW_PASSWORD = "The admin's own password 1";

    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private Path passwordFile;
    private SecurityFixture.Server server;
    private String oneTimePassword;

    @BeforeEach
    void firstStart(Vertx v) throws Exception {
        vertx = v;
        store = SecurityFixture.openStore(vertx, dir);
        AgentAccounts accounts = new AgentAccounts(vertx, store, new PasswordHasher(), 5, Duration.ofMinutes(15));
        passwordFile = dir.resolve("initial-admin-password");
        Await.result(accounts.bootstrapFirstAdmin(passwordFile), "bootstrapping the first admin");
        oneTimePassword = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        server = SecurityFixture.start(vertx, SecurityFixture.config(dir, Map.of()), accounts, passwordFile,
                SecurityFixture.quickThrottle());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            SecurityFixture.closeStore(vertx, store);
        }
    }

    /**
     * Verifies the console flow: the sign-in page hints at the file; the one-time password signs in but every page
     * leads to /console/password; after the change the file is gone, pages open, the one-time password is dead.
     */
    @Test
    void theFirstAdminMustReplaceTheOneTimePasswordFromTheFile() {
        try (ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            assertTrue(browser.get("/console/login").bodyAsString().contains("initial-admin-password"),
                    "the sign-in page points to the file while it exists");

            HttpResponse<Buffer> signIn = browser.signIn("admin", oneTimePassword);
            assertEquals(302, signIn.statusCode(), signIn.bodyAsString());
            assertEquals("/console/password", signIn.getHeader("Location"));
            HttpResponse<Buffer> page = browser.get("/console/test/page");
            assertEquals(302, page.statusCode());
            assertEquals("/console/password", page.getHeader("Location"));
            assertEquals(302, browser.get("/console/agents").statusCode());

            String token = browser.tokenFrom("/console/password");
            HttpResponse<Buffer> changed = browser.post("/console/password", MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("current", oneTimePassword).add("new", NEW_PASSWORD).add("confirm", NEW_PASSWORD));
            assertEquals(302, changed.statusCode(), changed.bodyAsString());
            assertEquals("/console/password?changed=1", changed.getHeader("Location"));
            assertTrue(browser.get("/console/password?changed=1").bodyAsString().contains("Your password was changed"));

            assertFalse(Files.exists(passwordFile), "the one-time password file is deleted");
            assertEquals("page for admin", browser.get("/console/test/page").bodyAsString());
            assertEquals(200, browser.get("/console/agents").statusCode());
        }
        try (ConsoleBrowser stranger = new ConsoleBrowser(vertx, server.port())) {
            HttpResponse<Buffer> login = stranger.get("/console/login");
            assertEquals(200, login.statusCode());
            assertFalse(login.bodyAsString().contains("initial-admin-password"), "no hint once the file is gone");
        }
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            assertProblem(api.signIn("admin", oneTimePassword), 401, "invalid-credentials");
            assertEquals(200, api.signIn("admin", NEW_PASSWORD).statusCode());
        }
    }

    /** Verifies that the password form refuses a mismatch, a short password and the current one, keeping the old. */
    @Test
    void thePasswordFormEnforcesItsRules() {
        try (ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            assertEquals(302, browser.signIn("admin", oneTimePassword).statusCode());
            assertRefused(browser, oneTimePassword, NEW_PASSWORD, NEW_PASSWORD + "x", "confirmation differ");
            assertRefused(browser, oneTimePassword, "short-pw", "short-pw", "at least 12 characters");
            assertRefused(browser, oneTimePassword, oneTimePassword, oneTimePassword, "must differ from the current password");
            assertRefused(browser, "not-the-current-password", NEW_PASSWORD, NEW_PASSWORD, "current password is wrong");
            assertTrue(Files.exists(passwordFile));
        }
    }

    /**
     * Verifies the API flow: sign-in says mustChangePassword, other calls answer 403 password-change-required, and
     * POST /api/v1/session/password clears it with a new session and token.
     */
    @Test
    void theApiAsksForThePasswordChangeFirst() {
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            HttpResponse<Buffer> signIn = api.signIn("admin", oneTimePassword);
            assertEquals(200, signIn.statusCode());
            assertEquals(true, signIn.bodyAsJsonObject().getJsonObject("agent").getBoolean("mustChangePassword"));
            assertProblem(api.get("/api/v1/test/admin"), 403, "password-change-required");
            assertProblem(api.get("/api/v1/agents"), 403, "password-change-required");

            String oldToken = api.csrfToken();
            HttpResponse<Buffer> changed = api.write(HttpMethod.POST, "/api/v1/session/password",
                    new JsonObject().put("current", oneTimePassword).put("new", NEW_PASSWORD));
            assertEquals(200, changed.statusCode(), changed.bodyAsString());
            api.keepSession(changed);
            assertNotEquals(oldToken, api.csrfToken());
            assertEquals(false, changed.bodyAsJsonObject().getJsonObject("agent").getBoolean("mustChangePassword"));
            assertEquals(200, api.get("/api/v1/test/admin").statusCode());
            assertFalse(Files.exists(passwordFile));
        }
    }

    private static void assertRefused(ConsoleBrowser browser, String current, String next, String confirm, String message) {
        String token = browser.tokenFrom("/console/password");
        HttpResponse<Buffer> refused = browser.post("/console/password", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("current", current).add("new", next).add("confirm", confirm));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains(message), refused.bodyAsString());
        assertFalse(refused.bodyAsString().contains(next), "no password is echoed into the page");
    }
}
