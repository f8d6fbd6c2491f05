package io.meridian.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The customer beside the open conversation, over real HTTP, in the agent's console language. */
@Timeout(120)
class CustomerPanelHttpTest {

    @TempDir
    Path dir;
    private SignedInNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * Verifies that the panel names the customer's language and browser languages in the agent's language (English,
     * then Japanese), shows the customer's local time with the time zone, the weekday being today's in Madrid, and
     * lists the customer's other conversations when they come back.
     */
    @Test
    void namesLanguagesAndLocalTime() {
        node = SignedInNode.alone(dir, Map.of());
        AgentSession agent = node.agent("ana", "Ana", Role.AGENT, "correct horse battery staple");
        var conversations = node.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", null, null)), "visitor").contactId();
        Await.result(conversations.recordVisitorContext(contact, List.of("es-ES", "en-GB"), "es-ES"), "context");
        Await.result(conversations.recordContactLanguage(contact, "es"), "language");
        String id = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                "Hola, ¿dónde está mi pedido?"), "message").message().conversationId();

        String panel = panel(agent.get("/console/conversations/" + id).bodyAsString());
        assertTrue(panel.contains("<dd class=\"customer-language\">Spanish (es)</dd>"), panel);
        assertTrue(panel.contains("Spanish (Spain) (es-ES), English (United Kingdom) (en-GB)"), panel);
        String weekday = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH).withZone(ZoneId.of("Europe/Madrid"))
                .format(Instant.now());
        Matcher time = Pattern.compile("<dd class=\"customer-local-time\">(\\w+) [^<]+<span class=\"meta\">"
                + "Europe/Madrid</span></dd>").matcher(panel);
        assertTrue(time.find(), panel);
        assertEquals(weekday, time.group(1));

        String japanese = panel(Await.result(agent.request(HttpMethod.GET, "/console/conversations/" + id)
                .putHeader("Accept-Language", "ja").send(), "in Japanese").bodyAsString());
        assertTrue(japanese.contains("<h2>顧客</h2>") && japanese.contains("スペイン語 (es)"), japanese);

        // The customer comes back: the new conversation's panel lists the closed one, and not itself.
        Await.result(node.node().node().hub().close(id), "closing");
        String next = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                "Hola otra vez"), "a new message").message().conversationId();
        String again = panel(agent.get("/console/conversations/" + next).bodyAsString());
        assertTrue(again.contains("<a href=\"/console/conversations/" + id + "\">"), again);
        assertTrue(again.contains("status-closed"), again);
        assertFalse(again.contains("/console/conversations/" + next + "\""), "not the open conversation itself");
    }

    /**
     * Verifies the e-mail address and phone number masked by default (and whole when the policy says so), a phone
     * number that is none refused, search finding the customer by their number, and, for web chat, the page
     * the visitor's widget is on and the page before it, without query or fragment, shown while the widget is
     * connected and gone once it disconnects.
     */
    @Test
    void maskedAddressAndTheVisitorsPage() throws Exception {
        node = SignedInNode.alone(dir, Map.of());
        AgentSession agent = node.agent("ana", "Ana", Role.AGENT, "correct horse battery staple");
        WidgetVisitor visitor = WidgetVisitor.open(node.vertx(), node.node().port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "en-GB")
                .put("page", "https://shop.example.com/checkout?email=maria%40example.com#pay")
                .put("referrer", "https://www.example.org/search?q=kettle")), "hello");
        visitor.expect("welcome");
        Await.result(visitor.send(new JsonObject().put("type", "profile").put("phone", "call me maybe")),
                "no phone number");
        visitor.expectError("invalid_frame");
        Await.result(visitor.send(new JsonObject().put("type", "profile").put("name", "Maria")
                .put("email", "maria.lopez@example.com").put("phone", "+34 612 345 678")), "profile");
        visitor.expect("profile.saved");
        String id = visitor.say("Is my kettle on its way?").getJsonObject("message").getString("conversationId");

        String panel = panel(agent.get("/console/conversations/" + id).bodyAsString());
        assertTrue(panel.contains("<dd class=\"customer-email\">m\u2022\u2022\u2022@example.com</dd>"), panel);
        assertFalse(panel.contains("maria.lopez"), panel);
        assertTrue(panel.contains("<dd class=\"customer-phone\" dir=\"ltr\">+34 \u2022\u2022\u2022 \u2022\u2022\u2022 "
                + "\u202278</dd>"), panel);
        assertFalse(panel.contains("612"), panel);
        Await.until(() -> agent.get("/api/v1/search?q=0034%20612%20345%20678").bodyAsJsonObject()
                .getInteger("total") == 0 && agent.get("/api/v1/search?q=%2B34%20612%20345%20678")
                .bodyAsJsonObject().getInteger("total") == 1,
                "the customer found by the number as they gave it");
        assertTrue(panel.contains("<span class=\"url\" dir=\"ltr\">https://shop.example.com/checkout</span>"), panel);
        assertTrue(panel.contains("<span class=\"url\" dir=\"ltr\">https://www.example.org/search</span>"), panel);
        assertFalse(panel.contains("maria%40") || panel.contains("q=kettle") || panel.contains("#pay"), panel);

        Await.result(visitor.close(), "closing the widget");
        Await.until(() -> !panel(agent.get("/console/conversations/" + id).bodyAsString()).contains("customer-page"),
                "the page gone with the widget");
        assertEquals("https://shop.example.com/p", io.meridian.conversation.VisitorPages.kept(
                "https://shop.example.com/p?utm=" + "x".repeat(600)), "a long query goes, the page stays");
        assertEquals(null, io.meridian.conversation.VisitorPages.kept("javascript:alert(1)"));
        node.close();
        node = null;

        try (SignedInNode unmasked = SignedInNode.alone(dir, Map.of("MERIDIAN_SECURITY_MASK_CONTACT_DETAILS", "false"))) {
            AgentSession again = unmasked.signIn("ana", "correct horse battery staple");
            String whole = panel(again.get("/console/conversations/" + id).bodyAsString());
            assertTrue(whole.contains("<dd class=\"customer-email\">maria.lopez@example.com</dd>"), whole);
            assertTrue(whole.contains("<dd class=\"customer-phone\" dir=\"ltr\">+34 612 345 678</dd>"), whole);
        }
    }

    private static String panel(String page) {
        int from = page.indexOf("<section class=\"customer-panel\"");
        assertTrue(from >= 0, page);
        return page.substring(from, page.indexOf("</section>", from));
    }
}
