package io.meridian.canned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Canned replies over the REST API and in the console's reply box, in the customer's language. */
@Timeout(180)
class CannedRepliesHttpTest {

    private static final String PASSWORD = "canned replies are handy";

    @TempDir
    Path dir;
    @TempDir
    Path profiles;
    private Vertx vertx;
    private SignedInNode desk;
    private AgentSession ana;
    private AgentSession boss;
    private String conversation;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        desk = SignedInNode.start(vertx, dir, Map.of());
        ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var conversations = desk.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", "María", null)), "visitor").contactId();
        Await.result(conversations.recordContactLanguage(contact, "es"), "Spanish");
        conversation = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                "Hola, ¿dónde está mi pedido?"), "message").message().conversationId();
    }

    private JsonObject suggestion(AgentSession who, String query) {
        return who.get("/api/v1/conversations/" + conversation + "/canned-replies?q=" + query).bodyAsJsonObject()
                .getJsonArray("suggestions").getJsonObject(0);
    }

    private String contactOf(String conversationId) {
        return ana.get("/api/v1/conversations/" + conversationId).bodyAsJsonObject().getString("contactId");
    }

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies who sees and changes which reply (personal: only its owner; shared: an admin's to keep, everyone's to
     * use), that the reply box's suggestions match the typed shortcut and come in the customer's Spanish with the
     * name filled in, or in the agent's English when no Spanish text exists, and the refusals: a bad shortcut
     * (400), another's reply (403), an unknown conversation (404).
     */
    @Test
    void keepChooseAndFill() {
        HttpResponse<Buffer> personal = put(ana, "greet-ana", new JsonObject().put("shortcut", "greet")
                .put("title", "Greeting").put("scope", "personal").put("texts", new JsonObject()
                        .put("en", "Hello {{customer.name}}, I am {{agent.name}}.")
                        .put("es", "Hola {{customer.name}}, soy {{agent.name}}.")));
        assertEquals(200, personal.statusCode(), personal.bodyAsString());
        assertEquals(200, put(ana, "order-ana", new JsonObject().put("shortcut", "order").put("title", "Order")
                .put("scope", "personal").put("texts", new JsonObject()
                        .put("es", "Busco el pedido {{order.number}}."))).statusCode());
        assertEquals(403, put(ana, "shared-1", new JsonObject().put("shortcut", "refund").put("title", "Refund")
                .put("scope", "shared").put("texts", new JsonObject().put("en", "x"))).statusCode(),
                "an agent keeps personal replies only");
        assertEquals(200, put(boss, "shared-1", new JsonObject().put("shortcut", "refund").put("title", "Refunds")
                .put("scope", "shared").put("texts", new JsonObject()
                        .put("en", "Refunds reach your card within 5 days."))).statusCode());
        assertEquals(400, put(ana, "bad", new JsonObject().put("shortcut", "Not OK!").put("title", "x")
                .put("texts", new JsonObject().put("en", "x"))).statusCode());

        List<String> anas = shortcuts(ana.get("/api/v1/canned-replies").bodyAsJsonObject());
        assertEquals(List.of("greet", "order", "refund"), anas);
        // No order number in the conversation yet: the variable is left empty; then the customer gives one.
        assertEquals("Busco el pedido .", suggestion(ana, "ord").getString("text"));
        Await.result(desk.node().node().conversations().appendVisitorMessage(contactOf(conversation),
                UUID.randomUUID().toString(), "Es el pedido #A-10492, gracias"), "the order number");
        assertEquals("Busco el pedido A-10492.", suggestion(ana, "ord").getString("text"));
        assertEquals(204, delete(ana, "order-ana"));
        assertEquals(List.of("refund"), shortcuts(boss.get("/api/v1/canned-replies").bodyAsJsonObject()),
                "Ana's personal reply is hers alone");

        JsonArray greet = ana.get("/api/v1/conversations/" + conversation + "/canned-replies?q=gr").bodyAsJsonObject()
                .getJsonArray("suggestions");
        assertEquals(1, greet.size(), greet.encode());
        assertEquals(new JsonObject().put("id", "greet-ana").put("shortcut", "greet").put("title", "Greeting")
                .put("language", "es").put("text", "Hola María, soy Ana.").put("customersLanguage", true),
                greet.getJsonObject(0));
        JsonObject refund = ana.get("/api/v1/conversations/" + conversation + "/canned-replies?q=ref")
                .bodyAsJsonObject().getJsonArray("suggestions").getJsonObject(0);
        assertEquals("en", refund.getString("language"));
        assertFalse(refund.getBoolean("customersLanguage"), "no Spanish text: the agent's, translated on sending");
        assertEquals(2, ana.get("/api/v1/conversations/" + conversation + "/canned-replies")
                .bodyAsJsonObject().getJsonArray("suggestions").size(), "no query: all");
        assertEquals(404, ana.get("/api/v1/conversations/" + UUID.randomUUID() + "/canned-replies").statusCode());

        assertEquals(403, delete(ana, "shared-1"), "the shared reply is an admin's to delete");
        assertEquals(204, delete(ana, "greet-ana"));
        assertEquals(404, delete(ana, "greet-ana"));
    }

    /**
     * Verifies the console page's form: saving a reply made through the API with a Portuguese text changes the English
     * text and keeps the Portuguese one, which the form does not show; and an agent's attempt at a shared reply is
     * refused on the page (403) with nothing stored.
     */
    @Test
    void theFormKeepsTextsItDoesNotShow() {
        assertEquals(200, put(ana, "thanks", new JsonObject().put("shortcut", "thanks").put("title", "Thanks")
                .put("texts", new JsonObject().put("en", "Thank you!").put("pt", "Obrigado!"))).statusCode());
        HttpResponse<Buffer> saved = Await.result(ana.request(HttpMethod.POST, "/console/canned-replies")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("csrf", ana.csrfToken())
                        .add("id", "thanks").add("shortcut", "thanks").add("title", "Thanks").add("scope", "personal")
                        .add("text-en", "Thank you very much!")), "saving from the page");
        assertEquals(302, saved.statusCode(), saved.bodyAsString());
        JsonObject texts = ana.get("/api/v1/canned-replies").bodyAsJsonObject().getJsonArray("cannedReplies").stream()
                .map(JsonObject.class::cast).filter(r -> r.getString("id").equals("thanks")).findFirst().orElseThrow()
                .getJsonObject("texts");
        assertEquals(new JsonObject().put("en", "Thank you very much!").put("pt", "Obrigado!"), texts);

        HttpResponse<Buffer> refused = Await.result(ana.request(HttpMethod.POST, "/console/canned-replies")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("csrf", ana.csrfToken())
                        .add("shortcut", "policy").add("title", "Policy").add("scope", "shared")
                        .add("text-en", "Our policy.")), "a shared reply from an agent");
        assertEquals(403, refused.statusCode());
        assertFalse(ana.get("/api/v1/canned-replies").bodyAsString().contains("policy"));
    }

    /**
     * Verifies the reply box in Chromium: "/gr" lists the greeting, Enter puts its Spanish text in the box, with the
     * customer's and the agent's names filled in.
     */
    @Test
    void slashInsertsTheCustomersLanguage() {
        Browsers.requireInstalled();
        assertEquals(200, put(ana, "greet-ana", new JsonObject().put("shortcut", "greet").put("title", "Greeting")
                .put("texts", new JsonObject().put("en", "Hello {{customer.name}}!")
                        .put("es", "¡Hola {{customer.name}}! Soy {{agent.name}}."))).statusCode());
        try (Browsers browsers = new Browsers(profiles)) {
            WebDriver browser = browsers.open("ana");
            browser.get(desk.node().baseUrl() + "/console/login");
            browser.findElement(By.name("username")).sendKeys("ana");
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
            browser.get(desk.node().baseUrl() + "/console/conversations/" + conversation);
            Browsers.waitUntil(browser, "the conversation, live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());
            WebElement box = browser.findElement(By.id("reply-text"));
            box.sendKeys("/gr");
            Browsers.waitUntil(browser, "the greeting suggested", d -> !d.findElements(
                    By.cssSelector(".canned-menu:not([hidden]) li[data-shortcut=greet]")).isEmpty());
            box.sendKeys(org.openqa.selenium.Keys.ENTER);
            Browsers.waitUntil(browser, "the Spanish text in the box",
                    d -> "¡Hola María! Soy Ana.".equals(d.findElement(By.id("reply-text")).getDomProperty("value")));
            assertTrue(browser.findElements(By.cssSelector(".canned-menu:not([hidden])")).isEmpty(), "the list closed");
        }
    }

    private HttpResponse<Buffer> put(AgentSession who, String id, JsonObject body) {
        return Await.result(who.request(HttpMethod.PUT, "/api/v1/canned-replies/" + id)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PUT " + id);
    }

    private int delete(AgentSession who, String id) {
        return Await.result(who.request(HttpMethod.DELETE, "/api/v1/canned-replies/" + id).send(), "DELETE " + id)
                .statusCode();
    }

    private static List<String> shortcuts(JsonObject list) {
        return list.getJsonArray("cannedReplies").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("shortcut")).toList();
    }
}
