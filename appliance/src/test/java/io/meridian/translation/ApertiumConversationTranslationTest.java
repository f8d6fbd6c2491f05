package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChatHub;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.ApertiumOnSite;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The real Apertium plugin zip in a real node, against the Apertium APY server on loopback: a Spanish-writing customer
 * and an English-only agent, each reading their own language, with a glossary term and an order number that come
 * through intact. Without APY (or without the built plugin zip) the test fails under CI and is skipped elsewhere.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApertiumConversationTranslationTest {

    private static final String APY = ApertiumOnSite.APY;
    private static final String PASSWORD = "Apertium-agent-pw-1";

    @TempDir
    static Path root;

    private static TestNode node;
    private static ChatHub hub;
    private static WebClient web;
    private static AgentSession admin;
    private static Vertx vertx;

    @BeforeAll
    static void startNode(Vertx v) throws Exception {
        vertx = v;
        Map<String, String> settings = new java.util.HashMap<>(ApertiumOnSite.nodeSettings(root));
        settings.putAll(Map.of(
                "MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_RESIDENCY_FORBID_EGRESS_REGIONS", "eu",
                "MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "8000",
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es,fr,pt",
                "MERIDIAN_LANGUAGE_DETECTION_MODE", "low",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "10"));
        node = Await.result(TestNode.start(vertx, root.resolve("data"), settings), "starting the node");
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        Await.until(() -> node.node().plugins().translationProviders().stream().anyMatch(h -> h.isRunning()),
                "the Apertium instance runs");
        hub = node.node().hub();
        Await.result(node.createAgent("ana", "Ana", Role.ADMIN, PASSWORD), "creating the agent");
        web = WebClient.create(vertx);
        admin = AgentSession.open(vertx, web, node.port(), "ana", PASSWORD);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
    }

    /**
     * Verifies that the customer's Spanish message is translated into English by Apertium, locally although the region
     * forbids egress, with the glossary's approved term and the order number intact, and that the agent reads it over
     * REST beside the original; and that the agent's English reply previews in Spanish with its glossary term and
     * order number intact.
     */
    @Test
    void spanishCustomerAndEnglishAgentEachReadTheirOwnLanguage() {
        HttpResponse<Buffer> imported = Await.result(admin.request(HttpMethod.POST,
                        "/api/v1/translation/glossary?source=es&target=en")
                .putHeader("Content-Type", "text/csv")
                .sendBuffer(Buffer.buffer("source,target\nenvío,consignment\n")), "importing the es-en glossary");
        assertEquals(200, imported.statusCode(), imported.bodyAsString());
        assertEquals(1, imported.bodyAsJsonObject().getInteger("imported"));
        HttpResponse<Buffer> importedEn = admin.postJson("/api/v1/translation/glossary?source=en&target=es",
                new JsonObject().put("terms", new JsonArray().add(new JsonObject().put("source", "voucher")
                        .put("target", "bono regalo"))));
        assertEquals(200, importedEn.statusCode(), importedEn.bodyAsString());

        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String visitorToken = visitor.hello(null).getString("visitorToken");
        JsonObject said = visitor.say("Hola, mi envío del pedido #A-10492 no ha llegado todavía.")
                .getJsonObject("message");
        String conversationId = said.getString("conversationId");
        String messageId = said.getString("messageId");

        java.util.concurrent.atomic.AtomicReference<JsonObject> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(() -> {
            JsonArray list = admin.get("/api/v1/conversations/" + conversationId + "/translations").bodyAsJsonObject()
                    .getJsonArray("translations");
            list.stream().map(JsonObject.class::cast).filter(t -> t.getString("messageId").equals(messageId))
                    .findFirst().ifPresent(seen::set);
            return seen.get() != null;
        }, "the customer's message is translated");
        JsonObject translation = seen.get();
        assertEquals("TRANSLATED", translation.getString("status"), translation.encodePrettily());
        assertEquals("es", translation.getString("source"));
        assertEquals("en", translation.getString("target"));
        assertTrue(translation.getString("engine").startsWith("apertium"), translation.getString("engine"));
        String english = translation.getString("text");
        assertTrue(english.contains("#A-10492"), english);
        assertTrue(english.contains("consignment"), english);
        assertTrue(english.toLowerCase().contains("arrived"), english);
        assertFalse(translation.getBoolean("flagged"));

        HttpResponse<Buffer> preview = admin.postJson("/api/v1/conversations/" + conversationId
                + "/translation-preview", new JsonObject().put("text",
                "Your order #A-10492 leaves tomorrow and we add a voucher."));
        assertEquals(200, preview.statusCode(), preview.bodyAsString());
        JsonObject spanish = preview.bodyAsJsonObject();
        assertEquals("TRANSLATED", spanish.getString("status"), spanish.encodePrettily());
        assertTrue(spanish.getString("text").contains("#A-10492"), spanish.getString("text"));
        assertTrue(spanish.getString("text").contains("bono regalo"), spanish.getString("text"));
        assertTrue(spanish.getString("text").toLowerCase().contains("mañana"), spanish.getString("text"));

        // The agent replies in English; the visitor's widget receives the reply, then its Spanish translation.
        HttpResponse<Buffer> sent = admin.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString())
                        .put("text", "Your order #A-10492 leaves tomorrow."));
        assertTrue(sent.statusCode() / 100 == 2, sent.bodyAsString());
        JsonObject reply = visitor.expect(f -> "message".equals(f.getString("type"))
                && "agent".equals(f.getJsonObject("message").getString("author")), "the agent's reply");
        assertEquals("Your order #A-10492 leaves tomorrow.", reply.getJsonObject("message").getString("text"));
        JsonObject translated = visitor.expect(f -> "translation".equals(f.getString("type")), "its translation");
        assertEquals(reply.getJsonObject("message").getString("messageId"), translated.getString("messageId"));
        assertEquals("es", translated.getString("language"));
        assertTrue(translated.getString("text").contains("#A-10492"), translated.getString("text"));
        assertTrue(translated.getString("text").toLowerCase().contains("mañana"), translated.getString("text"));
        // stored beside the original, as the outgoing translation
        JsonObject outbound = admin.get("/api/v1/conversations/" + conversationId + "/translations")
                .bodyAsJsonObject().getJsonArray("translations").stream().map(JsonObject.class::cast)
                .filter(t -> "OUTBOUND".equals(t.getString("direction"))).findFirst().orElseThrow();
        assertEquals(translated.getString("text"), outbound.getString("text"));
        Await.result(visitor.close());

        // The visitor reloads the page: the history shows the reply as it was read, in Spanish, and their own as written.
        WidgetVisitor reloaded = WidgetVisitor.open(vertx, node.port());
        JsonArray history = reloaded.hello(visitorToken).getJsonArray("messages");
        JsonObject replyAgain = history.stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("messageId").equals(translated.getString("messageId"))).findFirst().orElseThrow();
        assertEquals(new JsonObject().put("language", "es").put("text", translated.getString("text")),
                replyAgain.getJsonObject("translation"), replyAgain.encode());
        assertEquals("Your order #A-10492 leaves tomorrow.", replyAgain.getString("text"), "the original stays beside it");
        JsonObject ownAgain = history.stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("messageId").equals(messageId)).findFirst().orElseThrow();
        assertFalse(ownAgain.containsKey("translation"), ownAgain.encode());
        Await.result(reloaded.close());
    }

    /**
     * Verifies that two agents read the same Spanish message each in their own language through Apertium: Ana (no
     * reading language of her own) the stored English translation, Bruno, who chose French on his settings page, a
     * French translation made on demand (spa-fra), both with the words Apertium gives for "factura".
     */
    @Test
    void twoAgentsReadTheSameCustomerInTheirOwnLanguages() {
        AgentSession bruno = agentReadingFrench("bruno", "Bruno");

        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        JsonObject said = visitor.say("Hola, necesito ayuda con la factura de mi pedido, por favor")
                .getJsonObject("message");
        String conversationId = said.getString("conversationId");
        String stored = Await.value(() -> Await.result(node.node().translator().ofMessage(said.getString("messageId")))
                .filter(MessageTranslation::translated).map(MessageTranslation::text), Duration.ofSeconds(30),
                "the stored translation");
        assertTrue(stored.contains("bill"), stored);

        String anaPage = admin.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(anaPage.contains(stored), anaPage);
        String brunoPage = Await.value(() -> {
            String page = bruno.get("/console/conversations/" + conversationId).bodyAsString();
            return page.contains("translation-pending") ? java.util.Optional.empty() : java.util.Optional.of(page);
        }, Duration.ofSeconds(30), "Bruno's page with his translation");
        assertTrue(brunoPage.contains("facture"), brunoPage);
        assertFalse(brunoPage.contains(stored), "Bruno reads French, not the stored English: " + brunoPage);
        Await.result(visitor.close());
    }

    /**
     * Verifies that a reply written in English by an agent whose settings say French is translated into the Spanish
     * customer's language from English (Apertium eng-spa), not from French; and that the console's check before
     * sending says so (language en, expected fr), says nothing for a French reply, and refuses an unknown
     * conversation (404) and an empty text (400).
     */
    @Test
    void replyIsTranslatedFromTheLanguageItIsWrittenIn() {
        AgentSession carla = agentReadingFrench("carla", "Carla");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        String conversationId = visitor.say("Hola, ¿cuándo sale mi paquete del almacén?").getJsonObject("message")
                .getString("conversationId");

        String english = "Your parcel leaves our warehouse tomorrow morning.";
        JsonObject check = carla.postJson("/api/v1/conversations/" + conversationId + "/reply-language",
                new JsonObject().put("text", english)).bodyAsJsonObject();
        assertEquals(new JsonObject().put("language", "en").put("expected", "fr").put("differs", true), check);
        JsonObject french = carla.postJson("/api/v1/conversations/" + conversationId + "/reply-language",
                new JsonObject().put("text", "Votre colis quitte notre entrepôt demain matin.")).bodyAsJsonObject();
        assertEquals(false, french.getBoolean("differs"), french.encode());
        assertEquals(404, carla.postJson("/api/v1/conversations/" + UUID.randomUUID() + "/reply-language",
                new JsonObject().put("text", english)).statusCode());
        assertEquals(400, carla.postJson("/api/v1/conversations/" + conversationId + "/reply-language",
                new JsonObject().put("text", " ")).statusCode());

        HttpResponse<Buffer> sent = carla.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", english));
        assertTrue(sent.statusCode() / 100 == 2, sent.bodyAsString());
        JsonObject translated = visitor.expect(f -> "translation".equals(f.getString("type")), "the reply's translation");
        assertEquals("es", translated.getString("language"));
        JsonObject outbound = carla.get("/api/v1/conversations/" + conversationId + "/translations")
                .bodyAsJsonObject().getJsonArray("translations").stream().map(JsonObject.class::cast)
                .filter(t -> "OUTBOUND".equals(t.getString("direction"))).findFirst().orElseThrow();
        assertEquals("en", outbound.getString("source"), outbound.encodePrettily());
        assertTrue(outbound.getString("text").toLowerCase().contains("mañana"), outbound.getString("text"));
        Await.result(visitor.close());
    }

    /**
     * Verifies in a real browser (headless Chromium, Spanish) that the widget shows an agent's English reply in
     * Spanish as soon as Apertium has translated it, and still in Spanish after the visitor reloads the page.
     */
    @Test
    void widgetKeepsTheTranslationAfterAReload() throws Exception {
        io.meridian.testing.Browsers.requireInstalled();
        Path profiles = Files.createDirectories(root.resolve("profiles"));
        try (io.meridian.testing.Browsers browsers = new io.meridian.testing.Browsers(profiles)) {
            WebDriver visitor = browsers.open("visitor-es", "es-ES,es");
            visitor.get(node.baseUrl() + "/widget/demo");
            io.meridian.testing.Browsers.waitUntil(visitor, "the launcher",
                    d -> widget(d).findElement(By.cssSelector(".launcher")).isDisplayed());
            widget(visitor).findElement(By.cssSelector(".launcher")).click();
            String hello = "Hola, ¿cuándo llega mi paquete? " + UUID.randomUUID().toString().substring(0, 6);
            io.meridian.testing.Browsers.waitUntil(visitor, "the message box",
                    d -> widget(d).findElement(By.cssSelector("textarea.input")).isEnabled());
            widget(visitor).findElement(By.cssSelector("textarea.input")).sendKeys(hello);
            widget(visitor).findElement(By.cssSelector("button.send")).click();
            String conversationId = io.meridian.testing.Browsers.waitUntil(visitor, "the message stored", d -> {
                var found = admin.get("/api/v1/conversations?status=open").bodyAsJsonObject()
                        .getJsonArray("conversations").stream().map(JsonObject.class::cast)
                        .filter(c -> hello.equals(c.getString("lastMessagePreview"))).findFirst();
                return found.map(c -> c.getString("id")).orElse(null);
            });
            HttpResponse<Buffer> sent = admin.postJson("/api/v1/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", UUID.randomUUID().toString())
                            .put("text", "Your parcel arrives tomorrow morning."));
            assertTrue(sent.statusCode() / 100 == 2, sent.bodyAsString());
            // First the node's side (the stored translation), so a failure says which side fell short.
            String stored = "";
            for (long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                    !stored.contains("mañana") && System.nanoTime() < until; ) {
                java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(200).toNanos());
                stored = admin.get("/api/v1/conversations/" + conversationId + "/translations").bodyAsString();
            }
            assertTrue(stored.contains("mañana"), "the reply translated into Spanish on the node: " + stored);
            String live = io.meridian.testing.Browsers.waitUntil(visitor, "the reply shown in Spanish", d -> {
                String text = theirs(d);
                return text != null && text.toLowerCase().contains("mañana") ? text : null;
            });
            visitor.navigate().refresh();
            io.meridian.testing.Browsers.waitUntil(visitor, "the Spanish reply again after the reload",
                    d -> live.equals(theirs(d)));
            assertEquals("es", widget(visitor).findElement(By.cssSelector("li.message.theirs .text"))
                    .getDomAttribute("lang"));
        }
    }

    /** The widget's shadow root. */
    private static SearchContext widget(WebDriver driver) {
        return driver.findElement(By.cssSelector("div[data-meridian-widget]")).getShadowRoot();
    }

    /** The text of the agent's reply as the widget shows it, or null before it is there. */
    private static String theirs(WebDriver driver) {
        List<WebElement> replies = widget(driver).findElements(By.cssSelector("li.message.theirs .text"));
        return replies.isEmpty() ? null : replies.get(replies.size() - 1).getText();
    }

    /** A new agent who chose French as reading language on the settings page, signed in. */
    private static AgentSession agentReadingFrench(String username, String name) {
        Await.result(node.createAgent(username, name, Role.AGENT, PASSWORD), "creating " + name);
        AgentSession agent = AgentSession.open(vertx, web, node.port(), username, PASSWORD);
        HttpResponse<Buffer> chosen = Await.result(agent.request(HttpMethod.POST, "/console/settings")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("readingLanguage=fr&csrf=" + agent.csrfToken())), name + " reads French");
        assertEquals(302, chosen.statusCode(), chosen.bodyAsString());
        return agent;
    }

    /**
     * Verifies that an Apertium instance pointed at another machine without the admin's explicit permission is
     * refused when it is saved (400 naming the property, nothing stored), not accepted and then failing to start; and
     * that with allowRemoteServer it is saved and counts as remote, so this EU node's forbidden region never uses it.
     */
    @Test
    void aServerOnAnotherMachineIsRefusedWhenSaved() {
        JsonObject far = new JsonObject().put("plugin", "translation-apertium").put("factory", "translation-apertium")
                .put("name", "Far away").put("values", new JsonObject().put("baseUrl", "http://translate.example.com:2737"));
        HttpResponse<Buffer> refused = Await.result(admin.request(HttpMethod.PUT, "/api/v1/plugin-instances/apy-far")
                .sendJsonObject(far), "saving a remote APY");
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertTrue(refused.bodyAsJsonObject().getString("detail").contains("baseUrl"), refused.bodyAsString());
        assertEquals(404, admin.get("/api/v1/plugin-instances/apy-far").statusCode(), "nothing stored");

        far.getJsonObject("values").put("allowRemoteServer", "true");
        HttpResponse<Buffer> allowed = Await.result(admin.request(HttpMethod.PUT, "/api/v1/plugin-instances/apy-far")
                .sendJsonObject(far), "saving it with permission");
        try {
            assertEquals(201, allowed.statusCode(), allowed.bodyAsString());
            Await.until(() -> "running".equals(admin.get("/api/v1/plugin-instances/apy-far").bodyAsJsonObject()
                    .getString("state")), "the remote instance running");
            JsonObject shown = admin.get("/api/v1/plugin-instances/apy-far").bodyAsJsonObject();
            assertTrue(shown.encode().contains("translate.example.com"), "its egress names the remote host: " + shown);
        } finally {
            Await.result(admin.request(HttpMethod.DELETE, "/api/v1/plugin-instances/apy-far").send(), "deleting it");
        }
    }
}
