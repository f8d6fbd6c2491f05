package io.meridian.security;

import static io.meridian.security.SessionApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.PasswordHasher;
import io.meridian.store.Store;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
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

/** Account lockout (423, kept across restarts) and source throttling (delays, then 429) over HTTP. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignInLimitsTest {

    private static final String PASSWORD = "Sign-in-limits-test-pw-1";
    private static final int MAX_FAILURES = 3;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private AgentAccounts accounts;
    private SecurityFixture.Server server;

    @BeforeEach
    void open(Vertx v) {
        vertx = v;
        openNode(SecurityFixture.quickThrottle());
        SecurityFixture.readyAgent(accounts, "ivan", "Ivan", Role.AGENT, PASSWORD);
    }

    @AfterEach
    void close() {
        closeNode();
    }

    private void openNode(SourceThrottle throttle) {
        store = SecurityFixture.openStore(vertx, dir);
        accounts = new AgentAccounts(vertx, store, new PasswordHasher(), MAX_FAILURES, Duration.ofMinutes(15));
        server = SecurityFixture.start(vertx, SecurityFixture.config(dir,
                Map.of("MERIDIAN_SECURITY_LOGIN_MAX_FAILURES", Integer.toString(MAX_FAILURES))),
                accounts, dir.resolve("initial-admin-password"), throttle);
    }

    private void closeNode() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (store != null) {
            SecurityFixture.closeStore(vertx, store);
            store = null;
        }
    }

    /**
     * Verifies that max-failures wrong passwords lock the account (423, even with the right password, in the API and
     * the console) and that the lock is still there after the node restarts.
     */
    @Test
    void failuresLockTheAccountAndTheLockSurvivesARestart() {
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertProblem(api.signIn("ivan", "wrong-password-" + i), 401, "invalid-credentials");
            }
            HttpResponse<Buffer> locking = api.signIn("ivan", "wrong-password-last");
            assertProblem(locking, 423, "account-locked");
            assertTrue(Long.parseLong(locking.getHeader("Retry-After")) > 0);
            assertProblem(api.signIn("ivan", PASSWORD), 423, "account-locked");
        }

        closeNode();
        openNode(SecurityFixture.quickThrottle());

        try (ApiClient api = new ApiClient(vertx, server.port());
                ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            assertProblem(api.signIn("ivan", PASSWORD), 423, "account-locked");
            HttpResponse<Buffer> page = browser.signIn("ivan", PASSWORD);
            assertEquals(423, page.statusCode());
            assertTrue(page.bodyAsString().contains("Too many failed sign-ins for this username"), page.bodyAsString());
        }
    }

    /** Verifies that a successful sign-in between failures resets the count, so the account is not locked. */
    @Test
    void aSuccessfulSignInResetsTheCount() {
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            for (int round = 0; round < 2; round++) {
                for (int i = 1; i < MAX_FAILURES; i++) {
                    assertProblem(api.signIn("ivan", "wrong-password-" + i), 401, "invalid-credentials");
                }
                assertEquals(200, api.signIn("ivan", PASSWORD).statusCode(), "round " + round);
            }
        }
    }

    /** Verifies that after a failure the next answer to that address is delayed by the throttle. */
    @Test
    void aFailureSlowsDownTheNextAnswer() {
        closeNode();
        long firstDelay = 400;
        openNode(new SourceThrottle(SourceThrottle.WINDOW, SourceThrottle.REFUSE_AFTER, firstDelay, 5_000,
                System::currentTimeMillis));
        try (ApiClient api = new ApiClient(vertx, server.port())) {
            assertProblem(api.signIn("nobody-1", "wrong-password-x"), 401, "invalid-credentials");
            long start = System.nanoTime();
            assertEquals(200, api.signIn("ivan", PASSWORD).statusCode());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= firstDelay, "answered after " + elapsedMillis + " ms");
        }
    }

    /** Verifies that 20 failures from one address refuse its further sign-ins with 429, on the console and the API. */
    @Test
    void manyFailuresFromOneAddressAnswer429() {
        try (ApiClient api = new ApiClient(vertx, server.port());
                ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            for (int i = 0; i < SourceThrottle.REFUSE_AFTER; i++) {
                // Different names, so the per-account lockout does not hide the per-address limit.
                int status = api.signIn("guess-" + i, "wrong-password").statusCode();
                assertEquals(401, status, "failure " + i);
            }
            HttpResponse<Buffer> refused = api.signIn("ivan", PASSWORD);
            assertProblem(refused, 429, "too-many-attempts");
            assertTrue(Long.parseLong(refused.getHeader("Retry-After")) > 0);

            String token = browser.tokenFrom("/console/login");
            HttpResponse<Buffer> page = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("username", "ivan").add("password", PASSWORD));
            assertEquals(429, page.statusCode());
            assertTrue(page.bodyAsString().contains("Too many failed sign-ins from your address"));
        }
    }
}
