package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.config.MeridianConfig;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent before chatting where the visitor's home region asks for it (docs/privacy.md): the widget is told the text
 * in the visitor's language, nothing the visitor writes is stored before they agree, the agreement is recorded with
 * the text's version, language and digest, and a withdrawal by the visitor or an agent stops the chat until they
 * agree again.
 */
@Timeout(120)
class ConsentTest {

    private static final String PASSWORD = "correct horse battery staple";
    /** The shipped texts, as an installation has them. */
    private static final Path TEMPLATES = Path.of("..", "conf", "templates");

    @TempDir
    Path dir;
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /**
     * Verifies the whole way: asked in German, a message and a pre-chat answer refused before agreeing (and nothing
     * stored), an outdated version refused with the text in force, the agreement recorded and the message then
     * stored, a reconnection not asked again, an agent's withdrawal stopping the open connection, the visitor's own
     * withdrawal, and the API's answers and errors.
     */
    @Test
    void nothingIsStoredBeforeTheVisitorAgreesAndWithdrawalStopsTheChat() throws Exception {
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_NODE_REGION", "eu", "MERIDIAN_CONSENT_REGIONS", "eu",
                "MERIDIAN_CONSENT_VERSION", "2026-12", "MERIDIAN_CONSENT_PRIVACY_NOTICE_URL",
                "https://www.example.com/privacy", "MERIDIAN_ROUTING_TEMPLATES_DIR",
                TEMPLATES.toAbsolutePath().toString()));
        Vertx vertx = desk.vertx();
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);

        WidgetVisitor lena = WidgetVisitor.open(vertx, desk.node().port());
        Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-AT")), "hello");
        JsonObject welcome = lena.expect("welcome");
        JsonObject asked = welcome.getJsonObject("consent");
        String german = germanText();
        assertEquals(new JsonObject().put("required", true).put("given", false).put("version", "2026-12")
                .put("language", "de").put("text", german).put("digest", sha256(german))
                .put("privacyNoticeUrl", "https://www.example.com/privacy"), asked);

        Await.result(lena.send(WidgetVisitor.message("early-1", "Hallo, meine Bestellung 4711 fehlt")), "too early");
        assertEquals("early-1", lena.expectError("consent_required").getString("clientMessageId"));
        Await.result(lena.send(new JsonObject().put("type", "profile").put("name", "Lena Vogel")), "the form early");
        lena.expectError("consent_required");
        assertEquals(List.of(), ana.conversations(""), "nothing stored before the visitor agreed");

        Await.result(lena.send(new JsonObject().put("type", "consent").put("version", "2025-01")), "an old version");
        JsonObject outdated = lena.expectError("consent_outdated");
        assertEquals("2026-12", outdated.getJsonObject("consent").getString("version"));
        Await.result(lena.send(new JsonObject().put("type", "consent").put("version", "2026-12")
                .put("digest", sha256("an older wording"))), "a text that changed since it was shown");
        assertEquals(sha256(german), lena.expectError("consent_outdated").getJsonObject("consent")
                .getString("digest"), "the text in force, to show again");
        Await.result(lena.send(new JsonObject().put("type", "consent").put("version", "2026-12")
                .put("digest", sha256(german))), "agreeing");
        assertEquals("2026-12", lena.expect("consent.recorded").getString("version"));
        Await.result(lena.send(new JsonObject().put("type", "consent").put("version", "2026-12")), "agreeing twice");
        lena.expect("consent.recorded");
        String conversationId = lena.say("early-1", "Hallo, meine Bestellung 4711 fehlt").getJsonObject("message")
                .getString("conversationId");
        String contactId = ana.get("/api/v1/conversations/" + conversationId).bodyAsJsonObject()
                .getString("contactId");
        String token = welcome.getString("visitorToken");

        WidgetVisitor again = WidgetVisitor.open(vertx, desk.node().port());
        JsonObject back = again.hello(token);
        assertTrue(back.getJsonObject("consent").getBoolean("given"), "not asked again: " + back.encode());
        Await.result(again.close(), "the second tab closing");

        JsonObject history = ana.get("/api/v1/contacts/" + contactId + "/consents").bodyAsJsonObject();
        assertEquals(true, history.getBoolean("required"));
        JsonObject record = history.getJsonArray("consents").getJsonObject(0);
        assertEquals(List.of("2026-12", "de", sha256(german), "web"), List.of(record.getString("version"),
                record.getString("textLanguage"), record.getString("textDigest"), record.getString("channel")));
        assertNull(record.getString("withdrawnAt"));

        // The customer withdraws by mail; the agent records it: the widget still open is stopped at its next message.
        var withdrawn = Await.result(ana.request(io.vertx.core.http.HttpMethod.POST, "/api/v1/contacts/" + contactId
                + "/consents/withdrawal").send(), "a withdrawal, no body");
        assertEquals(new JsonObject().put("withdrawn", 1), withdrawn.bodyAsJsonObject());
        Await.result(lena.send(WidgetVisitor.message("after-1", "Noch da?")), "after the withdrawal");
        lena.expectError("consent_required");
        Await.result(lena.send(new JsonObject().put("type", "consent").put("version", "2026-12")), "again");
        lena.expect("consent.recorded");
        lena.say("after-1", "Noch da?");
        Await.result(lena.send(new JsonObject().put("type", "consent.withdraw")), "the visitor withdraws");
        JsonObject gone = lena.expect("consent.withdrawn");
        assertFalse(gone.getJsonObject("consent").getBoolean("given"));
        JsonArray all = ana.get("/api/v1/contacts/" + contactId + "/consents").bodyAsJsonObject()
                .getJsonArray("consents");
        assertEquals(List.of("visitor", "ana"), all.stream().map(JsonObject.class::cast)
                .map(r -> r.getString("withdrawnBy")).toList(), "newest first");
        assertEquals(2, ana.messages(conversationId).size(), "the two messages sent with consent, no more");

        String page = ana.get("/console/contacts/" + contactId).bodyAsString();
        assertTrue(page.contains("Consent") && page.contains("2026-12") && page.contains("by the customer"), page);
        assertEquals(400, ana.get("/api/v1/contacts/not-a-uuid/consents").statusCode());
        assertEquals(404, ana.get("/api/v1/contacts/00000000-0000-0000-0000-000000000000/consents").statusCode());
        assertEquals(404, ana.postJson("/api/v1/contacts/00000000-0000-0000-0000-000000000000/consents/withdrawal",
                new JsonObject()).statusCode());
        assertEquals(401, Await.result(desk.web().get(desk.node().port(), "127.0.0.1", "/api/v1/contacts/" + contactId
                + "/consents").send(), "without a session").statusCode());
        Await.result(lena.close(), "closing");
    }

    /** Verifies that where the region does not ask, the welcome says so and the visitor chats at once. */
    @Test
    void aRegionThatDoesNotAskDoesNotBlock() {
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_NODE_REGION", "us", "MERIDIAN_CONSENT_REGIONS", "eu"));
        WidgetVisitor sam = WidgetVisitor.open(desk.vertx(), desk.node().port());
        assertEquals(new JsonObject().put("required", false), sam.hello(null).getJsonObject("consent"));
        sam.say("Hello there");
        Await.result(sam.send(new JsonObject().put("type", "consent").put("version", "1")), "agreeing, unasked");
        sam.expectError("invalid_frame");
        Await.result(sam.close(), "closing");
    }

    /** Verifies that malformed consent settings stop the start, naming the key and the value. */
    @Test
    void wrongSettingsAreNamed() {
        for (Map<String, String> bad : List.of(Map.of("MERIDIAN_CONSENT_REGIONS", "EU West"),
                Map.of("MERIDIAN_CONSENT_VERSION", "one two"),
                Map.of("MERIDIAN_CONSENT_PRIVACY_NOTICE_URL", "http://www.example.com/privacy"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(dir, null, bad,
                    new Properties()));
            String key = bad.keySet().iterator().next().substring("MERIDIAN_".length()).toLowerCase()
                    .replaceFirst("_", ".").replace('_', '-');
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains(bad.values().iterator().next()),
                    e.getMessage());
        }
    }

    private static String germanText() throws Exception {
        return Files.readAllLines(TEMPLATES.resolve("de").resolve("consent.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("##")).reduce((a, b) -> a + "\n" + b).orElseThrow().strip();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                text.getBytes(StandardCharsets.UTF_8)));
    }
}
