package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

/** {@code /api/v1/session} and CSRF on API writes, as a script sees them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionApiTest {

    private static final String PASSWORD = "Session-api-test-pw-1";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static SecurityFixture.AccountStore shared;
    private static AgentAccounts accounts;

    private SecurityFixture.Server server;
    private ApiClient api;

    @BeforeAll
    static void openStore(Vertx v) {
        vertx = v;
        shared = SecurityFixture.AccountStore.open(vertx, dir);
        accounts = shared.accounts();
        SecurityFixture.readyAgent(accounts, "alice", "Alice", Role.AGENT, PASSWORD);
        SecurityFixture.readyAgent(accounts, "timing", "Timing", Role.AGENT, PASSWORD);
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
        api = new ApiClient(vertx, server.port());
    }

    @AfterEach
    void stopServer() {
        api.close();
        server.stop();
    }

    /** Verifies that sign-in answers the agent and a CSRF token with the cookie, GET repeats it, DELETE ends it. */
    @Test
    void signInWhoAmIAndSignOut() {
        HttpResponse<Buffer> signIn = api.signIn("alice", PASSWORD);
        assertEquals(200, signIn.statusCode(), signIn.bodyAsString());
        JsonObject body = signIn.bodyAsJsonObject();
        JsonObject agent = body.getJsonObject("agent");
        assertEquals("alice", agent.getString("username"));
        assertEquals("Alice", agent.getString("displayName"));
        assertEquals("AGENT", agent.getString("role"));
        assertEquals(false, agent.getBoolean("mustChangePassword"));
        assertNotNull(agent.getString("id"));
        assertFalse(body.getString("csrfToken").isBlank());
        assertNotNull(api.cookie(), "the session cookie is set");

        HttpResponse<Buffer> whoAmI = api.get("/api/v1/session");
        assertEquals(200, whoAmI.statusCode());
        assertEquals(body, whoAmI.bodyAsJsonObject());

        assertEquals(204, api.write(HttpMethod.DELETE, "/api/v1/session", null).statusCode());
        assertProblem(api.get("/api/v1/session"), 401, "unauthenticated");
        assertProblem(api.write(HttpMethod.POST, "/api/v1/test/action", new JsonObject()), 401, "unauthenticated");
    }

    /** Verifies that a wrong password and an unknown username get byte-identical problems, in comparable time. */
    @Test
    void wrongPasswordAndUnknownUsernameAnswerIdentically() {
        HttpResponse<Buffer> wrong = api.signIn("timing", "wrong-password-for-timing");
        HttpResponse<Buffer> unknown = api.signIn("no-such-agent", "wrong-password-for-timing");
        assertProblem(wrong, 401, "invalid-credentials");
        assertEquals(wrong.bodyAsString(), unknown.bodyAsString());
        assertEquals(wrong.headers().get("Content-Type"), unknown.headers().get("Content-Type"));
        assertTrue(wrong.cookies().isEmpty() && unknown.cookies().isEmpty(), "no session for a failed sign-in");

        // Both run one Argon2id check: an unknown name must not answer markedly faster than a known one. Without the
        // dummy check it answers in a few ms against ~100 ms, so a 4x margin tells them apart; the tries alternate so
        // that load from other processes falls on both series alike, and medians ignore a stray slow try.
        long[] known = new long[3]; // 3 more failures: "timing" stays under the lockout of 5
        long[] missing = new long[3];
        for (int i = 0; i < known.length; i++) {
            known[i] = signInMillis("timing");
            missing[i] = signInMillis("no-such-agent-2");
        }
        long knownMedian = median(known);
        long missingMedian = median(missing);
        assertTrue(missingMedian * 4 >= knownMedian, "unknown user answered in " + missingMedian
                + " ms (median), known user in " + knownMedian + " ms");
    }

    /** Verifies that API writes need X-CSRF-Token: missing or wrong answers 403 and does nothing, right passes. */
    @Test
    void apiWritesNeedTheCsrfHeader() {
        assertEquals(200, api.signIn("alice", PASSWORD).statusCode());

        HttpResponse<Buffer> missing = Await.result(api.bare(HttpMethod.POST, "/api/v1/test/action")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}")), "no token");
        assertProblem(missing, 403, "csrf");
        HttpResponse<Buffer> wrong = Await.result(api.bare(HttpMethod.POST, "/api/v1/test/action")
                .putHeader("Content-Type", "application/json").putHeader("X-CSRF-Token", api.csrfToken() + "x")
                .sendBuffer(Buffer.buffer("{}")), "wrong token");
        assertProblem(wrong, 403, "csrf");
        HttpResponse<Buffer> signOutWithoutToken = Await.result(api.bare(HttpMethod.DELETE, "/api/v1/session").send(),
                "sign-out without token");
        assertProblem(signOutWithoutToken, 403, "csrf");

        HttpResponse<Buffer> right = api.write(HttpMethod.POST, "/api/v1/test/action", new JsonObject());
        assertEquals(200, right.statusCode());
        assertEquals("alice", right.bodyAsJsonObject().getString("by"));
    }

    /**
     * Verifies that sign-in without a token is accepted only as application/json: the content types a cross-site
     * form can send are refused with 403.
     */
    @Test
    void signInWithoutTokenOnlyAsJson() {
        String credentials = new JsonObject().put("username", "alice").put("password", PASSWORD).encode();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            HttpResponse<Buffer> response = Await.result(api.bare(HttpMethod.POST, "/api/v1/session")
                    .putHeader("Content-Type", type).sendBuffer(Buffer.buffer(credentials)), "sign-in as " + type);
            assertProblem(response, 403, "csrf");
            assertTrue(response.cookies().stream().noneMatch(c -> c.startsWith("meridian_session=")));
        }
        HttpResponse<Buffer> json = Await.result(api.bare(HttpMethod.POST, "/api/v1/session")
                .putHeader("Content-Type", "application/json; charset=utf-8").sendBuffer(Buffer.buffer(credentials)), "JSON");
        assertEquals(200, json.statusCode());
    }

    /** Verifies that a protected API address without a session answers 401 problem+json, and malformed sign-ins 400. */
    @Test
    void withoutSessionProtectedAddressesAnswer401() {
        assertProblem(api.get("/api/v1/test/admin"), 401, "unauthenticated");
        HttpResponse<Buffer> forged = Await.result(api.bare(HttpMethod.GET, "/api/v1/session")
                .putHeader("Cookie", "meridian_session=forged0123456789abcdef0123456789abcdef").send(), "forged cookie");
        assertProblem(forged, 401, "unauthenticated");

        HttpResponse<Buffer> noPassword = Await.result(api.bare(HttpMethod.POST, "/api/v1/session")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", "alice").encode())), "no password");
        assertProblem(noPassword, 400, "invalid-field");
        assertTrue(noPassword.bodyAsJsonObject().getString("detail").startsWith("password"));
        HttpResponse<Buffer> malformed = Await.result(api.bare(HttpMethod.POST, "/api/v1/session")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"username\":")), "malformed");
        assertProblem(malformed, 400, "malformed-json");
    }

    private long signInMillis(String username) {
        long start = System.nanoTime();
        assertEquals(401, api.signIn(username, "wrong-password-for-timing").statusCode());
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] millis) {
        long[] sorted = millis.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        assertTrue(response.bodyAsJsonObject().getString("type").endsWith("/" + type), response.bodyAsString());
    }
}
