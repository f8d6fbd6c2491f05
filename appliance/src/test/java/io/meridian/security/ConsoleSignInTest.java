package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Signing in and out of the console with a browser's cookie jar, CSRF on forms, and the session cookie's flags. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleSignInTest {

    private static final String PASSWORD = "Console-sign-in-test-pw-1";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static SecurityFixture.AccountStore shared;
    private static AgentAccounts accounts;

    private SecurityFixture.Server server;
    private ConsoleBrowser browser;

    @BeforeAll
    static void openStore(Vertx v) {
        vertx = v;
        shared = SecurityFixture.AccountStore.open(vertx, dir);
        accounts = shared.accounts();
        SecurityFixture.readyAgent(accounts, "carla", "Carla", Role.AGENT, PASSWORD);
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
        browser = new ConsoleBrowser(vertx, server.port());
    }

    @AfterEach
    void stopServer() {
        browser.close();
        server.stop();
    }

    /**
     * Verifies that a protected page sends a visitor to the sign-in page remembering it, and that signing in with
     * the right password returns there and opens it.
     */
    @Test
    void signingInReturnsToTheRequestedPage() {
        HttpResponse<Buffer> before = browser.get("/console/test/page");
        assertEquals(302, before.statusCode());
        assertEquals("/console/login?next=%2Fconsole%2Ftest%2Fpage", before.getHeader("Location"));

        String token = browser.tokenFrom(before.getHeader("Location"));
        HttpResponse<Buffer> signIn = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("username", "carla").add("password", PASSWORD).add("next", "/console/test/page"));
        assertEquals(302, signIn.statusCode(), signIn.bodyAsString());
        assertEquals("/console/test/page", signIn.getHeader("Location"));

        HttpResponse<Buffer> page = browser.get("/console/test/page");
        assertEquals(200, page.statusCode());
        assertEquals("page for carla", page.bodyAsString());
    }

    /** Verifies that the console's home address itself is guarded, and signing in without {@code next} lands there. */
    @Test
    void theConsoleHomeIsGuardedAndTheDefaultTarget() {
        HttpResponse<Buffer> before = browser.get("/console");
        assertEquals(302, before.statusCode());
        assertEquals("/console/login?next=%2Fconsole", before.getHeader("Location"));

        HttpResponse<Buffer> signIn = browser.signIn("carla", PASSWORD);
        assertEquals("/console", signIn.getHeader("Location"));
        assertEquals("inbox of carla", browser.get("/console").bodyAsString());
        assertEquals("/console", browser.get("/console/login").getHeader("Location"), "signed in: no second sign-in form");
    }

    /**
     * Verifies that HEAD answers as GET would, without a body: the sign-in page 200 with its content type, a guarded
     * page the same redirect, an unknown address 404 (monitors and proxies probe with HEAD).
     */
    @Test
    void headAnswersAsGetWithoutABody() {
        HttpResponse<Buffer> get = browser.get("/console/login");
        HttpResponse<Buffer> head = browser.head("/console/login");
        assertEquals(200, head.statusCode());
        assertEquals(get.getHeader("Content-Type"), head.getHeader("Content-Type"));
        assertTrue(head.body() == null || head.body().length() == 0, "no body on HEAD");

        HttpResponse<Buffer> guarded = browser.head("/console/test/page");
        assertEquals(302, guarded.statusCode());
        assertEquals("/console/login?next=%2Fconsole%2Ftest%2Fpage", guarded.getHeader("Location"));
        assertEquals(404, browser.head("/console/no-such-page").statusCode());
    }

    /** Verifies that a wrong password and an unknown username get the same page and status, and no access. */
    @Test
    void wrongPasswordAndUnknownUsernameGetTheSameAnswer() {
        HttpResponse<Buffer> wrong = browser.signIn("carla", "not-the-password-at-all");
        HttpResponse<Buffer> unknown = browser.signIn("nobody", "not-the-password-at-all");

        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertTrue(wrong.bodyAsString().contains("Unknown username or wrong password."), wrong.bodyAsString());
        // The pages differ only in the username typed, which the form shows again.
        assertEquals(wrong.bodyAsString().replace("value=\"carla\"", "value=\"?\""),
                unknown.bodyAsString().replace("value=\"nobody\"", "value=\"?\""));
        assertFalse(wrong.bodyAsString().contains("not-the-password-at-all"), "the password is never echoed");
        assertEquals(302, browser.get("/console/test/page").statusCode());
    }

    /**
     * Verifies that the sign-in form is refused without the pre-login session's token, or with a wrong one, and that
     * the refusal page carries a fresh form that then works.
     */
    @Test
    void theSignInFormNeedsTheSessionsCsrfToken() {
        MultiMap noToken = MultiMap.caseInsensitiveMultiMap().add("username", "carla").add("password", PASSWORD);
        HttpResponse<Buffer> missing = browser.post("/console/login", noToken);
        assertEquals(403, missing.statusCode());
        assertTrue(missing.bodyAsString().contains("expired"), missing.bodyAsString());

        HttpResponse<Buffer> wrong = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", "forged-token").add("username", "carla").add("password", PASSWORD));
        assertEquals(403, wrong.statusCode());
        assertEquals(302, browser.get("/console/test/page").statusCode(), "still signed out");

        String fresh = ConsoleBrowser.csrfField(wrong.bodyAsString()).orElseThrow();
        HttpResponse<Buffer> retry = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", fresh).add("username", "carla").add("password", PASSWORD));
        assertEquals(302, retry.statusCode(), "the form of the refusal page works");
    }

    /** Verifies that a console form post needs the session's token: missing or wrong answers 403, right one passes. */
    @Test
    void consoleWritesNeedTheSessionsCsrfToken() {
        assertEquals(302, browser.signIn("carla", PASSWORD).statusCode());

        HttpResponse<Buffer> missing = browser.post("/console/test/action", MultiMap.caseInsensitiveMultiMap().add("x", "1"));
        assertEquals(403, missing.statusCode());
        HttpResponse<Buffer> wrong = browser.post("/console/test/action",
                MultiMap.caseInsensitiveMultiMap().add("csrf", "not-the-token"));
        assertEquals(403, wrong.statusCode());

        String token = browser.tokenFrom("/console/password");
        HttpResponse<Buffer> right = browser.post("/console/test/action", MultiMap.caseInsensitiveMultiMap().add("csrf", token));
        assertEquals(200, right.statusCode());
        assertEquals("done", right.bodyAsString());
    }

    /** Verifies that a {@code next} pointing anywhere but this console is ignored after sign-in. */
    @Test
    void aForeignNextAddressIsIgnored() {
        for (String next : List.of("https://evil.example/", "//evil.example/console", "/console/../\\evil", "/consolex")) {
            try (ConsoleBrowser fresh = new ConsoleBrowser(vertx, server.port())) {
                String token = fresh.tokenFrom("/console/login");
                HttpResponse<Buffer> signIn = fresh.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                        .add("csrf", token).add("username", "carla").add("password", PASSWORD).add("next", next));
                assertEquals(302, signIn.statusCode());
                assertEquals("/console", signIn.getHeader("Location"), "next=" + next);
            }
        }
    }

    /**
     * Verifies that the session cookie is HttpOnly and SameSite=Strict, not Secure on a plain-HTTP node, and that
     * signing in replaces the session id.
     */
    @Test
    void theSessionCookieIsHttpOnlyStrictAndReplacedAtSignIn() {
        HttpResponse<Buffer> loginPage = browser.get("/console/login");
        Set<String> flags = attributes(sessionSetCookie(loginPage));
        assertTrue(flags.contains("httponly"), flags.toString());
        assertTrue(flags.contains("samesite=strict"), flags.toString());
        assertFalse(flags.contains("secure"), flags.toString());
        String before = browser.sessionCookie().orElseThrow();

        String token = ConsoleBrowser.csrfField(loginPage.bodyAsString()).orElseThrow();
        HttpResponse<Buffer> signIn = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("username", "carla").add("password", PASSWORD));
        assertEquals(302, signIn.statusCode());
        String after = browser.sessionCookie().orElseThrow();
        assertNotEquals(before, after, "a new session id at sign-in");
        assertTrue(attributes(sessionSetCookie(signIn)).containsAll(Set.of("httponly", "samesite=strict")));
    }

    /** Verifies that with tls.enabled the session cookie is also marked Secure. */
    @Test
    void theSessionCookieIsSecureWhenTlsIsEnabled() {
        SecurityFixture.Server tlsConfigured = shared.startServer(Map.of("MERIDIAN_TLS_ENABLED", "true"));
        try (ConsoleBrowser other = new ConsoleBrowser(vertx, tlsConfigured.port())) {
            Set<String> flags = attributes(sessionSetCookie(other.get("/console/login")));
            assertTrue(flags.containsAll(Set.of("secure", "httponly", "samesite=strict")), flags.toString());
        } finally {
            tlsConfigured.stop();
        }
    }

    /** Verifies that signing out destroys the session: the old cookie no longer opens anything. */
    @Test
    void signingOutEndsTheSession() {
        assertEquals(302, browser.signIn("carla", PASSWORD).statusCode());
        String oldCookie = browser.sessionCookie().orElseThrow();
        String token = browser.tokenFrom("/console/password");

        HttpResponse<Buffer> out = browser.post("/console/logout", MultiMap.caseInsensitiveMultiMap().add("csrf", token));
        assertEquals(302, out.statusCode());
        assertEquals("/console/login", out.getHeader("Location"));
        assertEquals(302, browser.get("/console/test/page").statusCode());

        try (ApiClient replay = new ApiClient(vertx, server.port())) {
            HttpResponse<Buffer> replayed = Await.result(replay.bare(io.vertx.core.http.HttpMethod.GET, "/console/test/page")
                    .putHeader("Cookie", "meridian_session=" + oldCookie).send(), "replaying the old cookie");
            assertEquals(302, replayed.statusCode());
        }
    }

    /** A Set-Cookie header's attributes after the value, in lower case (attribute names ignore case). */
    private static Set<String> attributes(String setCookie) {
        return Arrays.stream(setCookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static String sessionSetCookie(HttpResponse<Buffer> response) {
        return response.cookies().stream()
                .filter(c -> c.startsWith("meridian_session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie set: " + response.cookies()));
    }
}
