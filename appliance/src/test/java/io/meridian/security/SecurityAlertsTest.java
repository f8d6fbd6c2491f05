package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Security alerts mailed to the security address through a real SMTP relay (GreenMail). */
@Timeout(120)
class SecurityAlertsTest {

    private static final String PASSWORD = "alerts reach people";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SignedInNode desk;
    private GreenMail relay;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        if (relay != null) {
            relay.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies the alert for a username locked by five wrong passwords, and for an admin signing in from a second
     * network (127.0.1.0/24 after 127.0.0.0/24; the first sign-in only learns its network), each mailed once to the
     * security address; an agent's new network is no alert.
     */
    @Test
    void aLockoutAndAnAdminsNewNetworkAreMailed() throws Exception {
        ServerSetup[] smtp = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP});
        relay = new GreenMail(smtp);
        relay.start();
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_SECURITY_ALERTS_MAIL_TO",
                "secops@example.com", "MERIDIAN_STAFF_MAIL_SMTP_HOST", "127.0.0.1", "MERIDIAN_STAFF_MAIL_SMTP_PORT",
                String.valueOf(relay.getSmtp().getPort()), "MERIDIAN_STAFF_MAIL_SECURITY", "none"));
        desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        desk.agent("ana", "Ana", Role.AGENT, PASSWORD);

        for (int i = 0; i < 5; i++) {
            assertTrue(signIn("127.0.0.1", "ana", "wrong guess " + i).statusCode() >= 400);
        }
        assertEquals(423, signIn("127.0.0.1", "ana", PASSWORD).statusCode(), "locked");
        assertEquals(200, signIn("127.0.1.1", "boss", PASSWORD).statusCode(), "the boss from another network");
        assertTrue(relay.waitForIncomingEmail(20_000, 2), "two alerts");
        MimeMessage[] got = relay.getReceivedMessages();
        assertEquals(2, got.length);
        String subjects = Arrays.stream(got).map(SecurityAlertsTest::subject).sorted().toList().toString();
        assertTrue(subjects.contains("Security alert: ana locked after failed sign-ins")
                && subjects.contains("Security alert: admin boss signed in from a new network"), subjects);
        String body = Arrays.stream(got).filter(m -> subject(m).contains("new network")).findFirst()
                .map(SecurityAlertsTest::text).orElseThrow();
        assertTrue(body.contains("127.0.1.0/24"), body);
        assertEquals("secops@example.com", got[0].getAllRecipients()[0].toString());

        // No alert for a network known, nor for an agent's: asked directly, so nothing needs waiting for.
        SecurityAlerts alerts = desk.node().node().securityAlerts();
        SignedInAgent boss = new SignedInAgent(idOf("boss"), "boss", "The Boss", Role.ADMIN, false);
        assertEquals(false, Await.result(alerts.signedIn(boss, "127.0.1.9"), "the boss's known network"));
        assertEquals(true, Await.result(alerts.signedIn(boss, "198.51.100.7"), "and a third one"));
        assertEquals(false, Await.result(alerts.signedIn(new SignedInAgent("a-1", "cleo", "Cleo", Role.AGENT, false),
                "203.0.113.5"), "an agent, not an admin"));
        // A defined role that may do more than an agent counts as an admin here; one within an agent's does not.
        SignedInAgent officer = new SignedInAgent("a-2", "olga", "Olga", Role.AGENT, false, new Access(
                "0f1e2d3c-0000-4000-8000-000000000001", "Privacy officer", Set.of(Permission.CONVERSATIONS_READ,
                Permission.PRIVACY_ERASE), Set.of(), Set.of()));
        assertEquals(false, Await.result(alerts.signedIn(officer, "127.0.2.1"), "the officer's first network"));
        assertEquals(true, Await.result(alerts.signedIn(officer, "198.51.100.9"), "the officer's second network"));
        SignedInAgent reader = new SignedInAgent("a-3", "rita", "Rita", Role.AGENT, false, new Access(
                "0f1e2d3c-0000-4000-8000-000000000002", "Readers", Set.of(Permission.CONVERSATIONS_READ), Set.of(),
                Set.of()));
        assertEquals(false, Await.result(alerts.signedIn(reader, "127.0.3.1"), "a reader's first network"));
        assertEquals(false, Await.result(alerts.signedIn(reader, "198.51.100.10"), "a reader is no admin"));
    }

    /**
     * Verifies that an alert is kept for the console even without a mail address: listed by the API and on the page
     * for an account with audit.view, counted in its navigation until someone acknowledges it (once; again changes
     * nothing), refused to an agent, 404 for an unknown id, and the acknowledgement in the audit trail.
     */
    @Test
    void alertsAreListedInTheConsoleUntilAcknowledged() {
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of());
        var boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var cleo = desk.agent("cleo", "Cleo", Role.AGENT, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertTrue(signIn("127.0.0.1", "cleo", "wrong guess " + i).statusCode() >= 400);
        }
        Await.until(() -> boss.get("/api/v1/security-alerts").bodyAsJsonObject().getInteger("unacknowledged") == 1,
                "the lockout listed");
        JsonObject alert = boss.get("/api/v1/security-alerts").bodyAsJsonObject().getJsonArray("alerts")
                .getJsonObject(0);
        assertEquals("security-lockout", alert.getString("kind"));
        assertEquals("cleo", alert.getString("username"));
        assertEquals(null, alert.getString("acknowledgedAt"));
        String page = boss.get("/console/security-alerts").bodyAsString();
        assertTrue(page.contains("Security alert: cleo locked after failed sign-ins") && page.contains("Acknowledge"),
                page);
        assertTrue(page.contains("class=\"nav-alerts\">Security alerts <span class=\"count\""), page);
        assertEquals(403, cleo.get("/console/security-alerts").statusCode());
        assertEquals(403, cleo.get("/api/v1/security-alerts").statusCode());
        assertFalse(cleo.get("/console/settings").bodyAsString().contains("/console/security-alerts"),
                "no link for an account that may not see them");

        String id = alert.getString("id");
        HttpResponse<Buffer> acknowledged = Await.result(boss.request(HttpMethod.POST, "/console/security-alerts/" + id
                + "/acknowledgement").putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("csrf=" + boss.csrfToken())), "acknowledging");
        assertEquals(302, acknowledged.statusCode(), acknowledged.bodyAsString());
        JsonObject after = boss.get("/api/v1/security-alerts").bodyAsJsonObject();
        assertEquals(0, after.getInteger("unacknowledged"));
        assertEquals("boss", after.getJsonArray("alerts").getJsonObject(0).getString("acknowledgedBy"));
        String again = boss.postJson("/api/v1/security-alerts/" + id + "/acknowledgement", new JsonObject())
                .bodyAsString();
        assertEquals(after.getJsonArray("alerts").getJsonObject(0).getString("acknowledgedAt"),
                new JsonObject(again).getString("acknowledgedAt"), "a second acknowledgement changes nothing");
        assertEquals(404, boss.postJson("/api/v1/security-alerts/" + java.util.UUID.randomUUID() + "/acknowledgement",
                new JsonObject()).statusCode());
        assertFalse(boss.get("/console/security-alerts").bodyAsString().contains("<span class=\"count\""),
                "nothing left to acknowledge");
        Await.until(() -> boss.get("/api/v1/audit?after=0&limit=1000").bodyAsString()
                .contains("'boss' acknowledged the security alert " + id), "the acknowledgement audited");
    }

    /**
     * Verifies the volume alerts: an account opening more customer records in an hour than the limit (pages and REST
     * alike), and asking for more exports in a day, each mailed once however much more follows.
     */
    @Test
    void unusualReadAndExportVolumeIsMailedOnce() throws Exception {
        ServerSetup[] smtp = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP});
        relay = new GreenMail(smtp);
        relay.start();
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_SECURITY_ALERTS_MAIL_TO",
                "secops@example.com", "MERIDIAN_STAFF_MAIL_SMTP_HOST", "127.0.0.1", "MERIDIAN_STAFF_MAIL_SMTP_PORT",
                String.valueOf(relay.getSmtp().getPort()), "MERIDIAN_STAFF_MAIL_SECURITY", "none",
                "MERIDIAN_SECURITY_ALERTS_READS_PER_HOUR", "3", "MERIDIAN_SECURITY_ALERTS_EXPORTS_PER_DAY", "1"));
        var boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var conversations = desk.node().node().conversations();
        for (int i = 0; i < 6; i++) {
            String contact = Await.result(conversations.identifyVisitor(null,
                    io.meridian.conversation.VisitorProfile.empty()), "a visitor").contactId();
            assertEquals(200, (i % 2 == 0 ? boss.get("/console/contacts/" + contact)
                    : boss.get("/api/v1/contacts/" + contact)).statusCode());
        }
        for (int i = 0; i < 3; i++) {
            boss.get("/api/v1/privacy/exports/" + java.util.UUID.randomUUID());
        }
        assertTrue(relay.waitForIncomingEmail(20_000, 2), "two alerts");
        MimeMessage[] got = relay.getReceivedMessages();
        String subjects = Arrays.stream(got).map(SecurityAlertsTest::subject).sorted().toList().toString();
        assertEquals(2, got.length, subjects);
        assertTrue(subjects.contains("Security alert: boss opened many customer records")
                && subjects.contains("Security alert: boss asked for many exports of customer data"), subjects);
        assertTrue(Arrays.stream(got).map(SecurityAlertsTest::text).anyMatch(b -> b.contains("3")), "the limit");
    }

    /** Verifies that of many uses counted at once past the limit, exactly one raises the alert. */
    @Test
    void aLimitPassedByManyAtOnceAlertsOnce() throws Exception {
        VolumeLimit limit = new VolumeLimit(10, java.time.temporal.ChronoUnit.HOURS);
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:15:00Z");
        java.util.concurrent.atomic.AtomicInteger raised = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                all.add(pool.submit(() -> {
                    if (limit.count("a-1", now)) {
                        raised.incrementAndGet();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, raised.get());
        assertEquals(false, limit.count("a-1", now.plusSeconds(60)), "told already this hour");
        for (int i = 0; i < 10; i++) {
            assertEquals(false, limit.count("a-1", now.plusSeconds(3600)), "a new hour counts again");
        }
        assertEquals(true, limit.count("a-1", now.plusSeconds(3600)));
        assertEquals(false, limit.count("b-2", now), "another account has its own count");
    }

    private String idOf(String username) {
        return Await.result(desk.node().node().accounts().list(), "accounts").stream()
                .filter(a -> a.username().equals(username)).findFirst().orElseThrow().id();
    }

    /** Verifies the networks alerts compare: IPv4 /24, IPv6 /48, and no name lookup for anything else. */
    @Test
    void networks() {
        assertEquals("203.0.113.0/24", SecurityAlerts.network("203.0.113.77"));
        assertEquals("2001:0db8:0042::/48", SecurityAlerts.network("2001:db8:42:7::1"));
        assertEquals("unknown", SecurityAlerts.network("unknown"));
    }

    private HttpResponse<Buffer> signIn(String from, String username, String password) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(from));
        try {
            return Await.result(client.postAbs(desk.node().baseUrl() + "/api/v1/session")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("password", password)
                            .encode())), "sign-in from " + from);
        } finally {
            client.close();
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
