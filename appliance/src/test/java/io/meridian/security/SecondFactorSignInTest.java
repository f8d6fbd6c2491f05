package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.e2e.MarkerScanner;
import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * Two-step sign-in on a node whose clock the test moves, with real TOTP codes computed from the secret the enrolment
 * page shows: admins must set it up; codes work once; recovery codes once each; wrong codes lock like wrong passwords.
 */
@Timeout(180)
class SecondFactorSignInTest {

    private static final String PASSWORD = "two steps are safer";
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>");

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies, by the REST API and the console pages, an admin made to set up the second factor (every other route
     * 403 until then), enrolment with the app's code, ten recovery codes shown once, sign-in needing a code (the one
     * just used refused, the next step's accepted), a recovery code working once, five wrong codes locking the name
     * (then even a right code waits), and the secret sealed (not in any file of the data directory).
     */
    @Test
    void adminsSetItUpAndSignInWithCodes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:10Z"));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_SECURITY_MFA_REQUIRED_ROLES", "ADMIN"),
                clock);
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        HttpResponse<Buffer> blocked = boss.get("/api/v1/agents");
        assertEquals(403, blocked.statusCode());
        assertTrue(blocked.bodyAsString().contains("second-factor-setup-required"), blocked.bodyAsString());
        assertEquals(302, noRedirects(boss, HttpMethod.GET, "/console", null).statusCode(), "the console sends to setup");

        String page = boss.get("/console/two-step").bodyAsString();
        Matcher m = SECRET.matcher(page);
        assertTrue(m.find() && page.contains("data:image/svg+xml;base64,"), page);
        byte[] secret = Totp.decode(m.group(1).replace(" ", ""));
        HttpResponse<Buffer> wrong = noRedirects(boss, HttpMethod.POST, "/console/two-step/confirm",
                MultiMap.caseInsensitiveMultiMap().add("code", "000000"));
        assertEquals(400, wrong.statusCode());
        HttpResponse<Buffer> on = noRedirects(boss, HttpMethod.POST, "/console/two-step/confirm",
                MultiMap.caseInsensitiveMultiMap().add("code", code(secret, clock)));
        assertEquals(200, on.statusCode(), on.bodyAsString());
        List<String> recovery = new ArrayList<>();
        Matcher r = RECOVERY.matcher(on.bodyAsString());
        while (r.find()) {
            recovery.add(r.group(1));
        }
        assertEquals(10, recovery.size(), on.bodyAsString());
        assertEquals(200, boss.get("/api/v1/agents").statusCode(), "set up: the routes open");
        assertTrue(boss.get("/console/two-step").bodyAsString().contains("Recovery codes left: 10."));

        // Signing in again: the password alone is not enough.
        assertEquals("second-factor-required", problem(signIn("boss", PASSWORD, null)));
        assertEquals("second-factor-rejected", problem(signIn("boss", PASSWORD, code(secret, clock))),
                "the code used to turn it on works once");
        clock.set(Instant.parse("2026-12-07T09:00:40Z"));
        assertEquals(200, signIn("boss", PASSWORD, code(secret, clock)).statusCode());
        assertEquals(200, signIn("boss", PASSWORD, recovery.get(0)).statusCode());
        assertEquals("second-factor-rejected", problem(signIn("boss", PASSWORD, recovery.get(0))),
                "a recovery code works once");

        // The console's form: the password, then the code page, then in.
        clock.set(Instant.parse("2026-12-07T09:21:10Z"));
        WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        try {
            String base = desk.node().baseUrl();
            HttpResponse<Buffer> login = Await.result(browser.getAbs(base + "/console/login").send(), "login page");
            String cookie = cookie(login, null);
            HttpResponse<Buffer> password = Await.result(browser.postAbs(base + "/console/login")
                    .putHeader("Cookie", cookie).sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "boss")
                            .add("password", PASSWORD).add("csrf", csrf(login.bodyAsString()))), "the password");
            assertEquals("/console/login/code", password.getHeader("Location"));
            cookie = cookie(password, cookie);
            assertEquals(302, Await.result(browser.getAbs(base + "/api/v1/agents").putHeader("Cookie", cookie).send(),
                    "not signed in yet").statusCode() == 401 ? 302 : 0, "the code is still owed");
            HttpResponse<Buffer> codePage = Await.result(browser.getAbs(base + "/console/login/code")
                    .putHeader("Cookie", cookie).send(), "the code page");
            assertTrue(codePage.bodyAsString().contains("Enter your code"), codePage.bodyAsString());
            HttpResponse<Buffer> in = Await.result(browser.postAbs(base + "/console/login/code")
                    .putHeader("Cookie", cookie).sendForm(MultiMap.caseInsensitiveMultiMap()
                            .add("code", code(secret, clock)).add("csrf", csrf(codePage.bodyAsString()))), "the code");
            assertEquals("/console", in.getHeader("Location"), in.bodyAsString());
            cookie = cookie(in, cookie);
            assertEquals(200, Await.result(browser.getAbs(base + "/api/v1/agents").putHeader("Cookie", cookie).send(),
                    "signed in").statusCode());
        } finally {
            browser.close();
        }

        // Five wrong codes in a row lock the name, password sign-ins too (the sign-in above started the count again).
        for (int i = 0; i < 4; i++) {
            assertEquals("second-factor-rejected", problem(signIn("boss", PASSWORD, "12345" + i)));
        }
        HttpResponse<Buffer> locked = signIn("boss", PASSWORD, "999999");
        assertEquals(423, locked.statusCode(), locked.bodyAsString());
        clock.set(Instant.parse("2026-12-07T09:22:10Z"));
        assertEquals(423, signIn("boss", PASSWORD, code(secret, clock)).statusCode(), "locked: even the right code");

        // Lost phone and codes: another admin resets the second factor; it is set up again at the next sign-in.
        AgentSession deputy = desk.agent("deputy", "Deputy", Role.ADMIN, PASSWORD);
        assertEquals(403, deputy.get("/api/v1/agents").statusCode(), "the deputy must set it up first too");
        byte[] deputySecret = enrol(deputy, clock);
        assertEquals(200, deputy.get("/api/v1/agents").statusCode());
        assertTrue(deputySecret.length == 20);
        HttpResponse<Buffer> reset = Await.result(deputy.request(HttpMethod.POST, "/api/v1/agents/"
                + boss.agent().getString("id") + "/second-factor-reset").send(), "reset");
        assertEquals(200, reset.statusCode(), reset.bodyAsString());
        assertEquals(true, reset.bodyAsJsonObject().getBoolean("hadSecondFactor"));
        assertEquals(401, boss.get("/api/v1/session").statusCode(), "the boss's sessions ended");
        assertEquals(401, boss.get("/api/v1/agents").statusCode());

        desk.stop();
        desk = null;
        String base32 = org.bouncycastle.util.encoders.Base32.toBase32String(secret);
        assertEquals(List.of(), new MarkerScanner(base32).hits(dir.resolve("data")), "the secret in clear");
    }

    /**
     * Verifies an agent (not required) turning it on from the settings page's link and off again with a code, and the
     * enrolment page as the agent sees it in English and Japanese (target/screenshots/two-step-{en,ja}.png).
     */
    @Test
    void agentsChooseItAndTheEnrolmentPageReads() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:10Z"));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_SECURITY_MFA_REQUIRED_ROLES", "ADMIN"),
                clock);
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        assertEquals(200, ana.get("/api/v1/session").statusCode(), "not required of agents");
        assertTrue(ana.get("/console/settings").bodyAsString().contains("href=\"/console/two-step\""));
        String page = ana.get("/console/two-step").bodyAsString();
        Matcher m = SECRET.matcher(page);
        assertTrue(m.find(), page);
        byte[] secret = Totp.decode(m.group(1).replace(" ", ""));
        assertEquals(200, noRedirects(ana, HttpMethod.POST, "/console/two-step/confirm",
                MultiMap.caseInsensitiveMultiMap().add("code", code(secret, clock))).statusCode());
        clock.set(Instant.parse("2026-12-07T09:00:40Z"));
        HttpResponse<Buffer> off = noRedirects(ana, HttpMethod.POST, "/console/two-step/remove",
                MultiMap.caseInsensitiveMultiMap().add("code", code(secret, clock)));
        assertEquals(302, off.statusCode(), off.bodyAsString());
        assertEquals(200, signIn("ana", PASSWORD, null).statusCode(), "off: the password is enough again");

        Browsers.requireInstalled();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        try (Browsers browsers = new Browsers(Files.createDirectories(dir.resolve("profiles")))) {
            for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                var browser = browsers.open("two-step-" + tag, language);
                browser.manage().window().setSize(new Dimension(1366, 768));
                browser.get(desk.node().baseUrl() + "/console/login");
                browser.findElement(By.name("username")).sendKeys("ana");
                browser.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                Browsers.waitUntil(browser, "signed in", d -> !d.findElements(By.cssSelector("form.logout")).isEmpty());
                browser.get(desk.node().baseUrl() + "/console/two-step");
                Browsers.waitUntil(browser, "the QR code", d -> !d.findElements(By.cssSelector("img.qr")).isEmpty());
                Files.write(shots.resolve("two-step-" + tag + ".png"),
                        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                long width = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "return document.querySelector('img.qr').naturalWidth;");
                assertTrue(width > 0, "the QR code renders");
                assertTrue(!browser.getPageSource().contains("??"), "an untranslated key");
                browsers.close(browser);
            }
        }
    }

    /** Turns two-step sign-in on for {@code who} from the setup page; returns the secret. */
    private byte[] enrol(AgentSession who, MutableClock clock) {
        Matcher m = SECRET.matcher(who.get("/console/two-step").bodyAsString());
        assertTrue(m.find());
        byte[] secret = Totp.decode(m.group(1).replace(" ", ""));
        assertEquals(200, noRedirects(who, HttpMethod.POST, "/console/two-step/confirm",
                MultiMap.caseInsensitiveMultiMap().add("code", code(secret, clock))).statusCode());
        return secret;
    }

    private HttpResponse<Buffer> signIn(String username, String password, String code) {
        JsonObject body = new JsonObject().put("username", username).put("password", password);
        if (code != null) {
            body.put("code", code);
        }
        return Await.result(desk.web().postAbs(desk.node().baseUrl() + "/api/v1/session")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "sign-in");
    }

    private static String problem(HttpResponse<Buffer> answer) {
        assertEquals(401, answer.statusCode(), answer.bodyAsString());
        String type = answer.bodyAsJsonObject().getString("type");
        return type.substring(type.lastIndexOf('/') + 1);
    }

    private HttpResponse<Buffer> noRedirects(AgentSession who, HttpMethod method, String path, MultiMap form) {
        WebClient plain = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        try {
            var request = plain.requestAbs(method, desk.node().baseUrl() + path).putHeader("Cookie", who.cookie());
            if (form == null) {
                return Await.result(request.send(), method + " " + path);
            }
            form.add("csrf", who.csrfToken());
            return Await.result(request.sendForm(form), method + " " + path);
        } finally {
            plain.close();
        }
    }

    private static String code(byte[] secret, MutableClock clock) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    /** The session cookie a response sets, else the one the client had. */
    private static String cookie(HttpResponse<Buffer> response, String had) {
        return response.cookies().stream().filter(c -> c.startsWith("meridian_session="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElse(had);
    }
}
