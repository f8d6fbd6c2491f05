package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/** The console's new-ticket form: find the customer, fill in the ticket, and it exists. */
@Timeout(180)
class NewTicketFormTest {

    private static final String PASSWORD = "a ticket by hand";

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
     * Verifies finding a customer by e-mail address (and nothing for an unknown one), the links from the ticket list
     * and the contact page, creating a ticket for the customer with subject, priority and team, the refusals (no
     * subject: 400 with the form again; an unknown customer: 404), and the form as an agent sees it in English and
     * Japanese (target/screenshots/new-ticket-{en,ja}.png).
     */
    @Test
    void aTicketForACustomerFoundByEmail() throws Exception {
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu"));
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var team = Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/teams/emea")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", "Europe").put("time-zone", "Europe/Madrid").put("hours", new JsonObject()
                                .put("mon-fri", new io.vertx.core.json.JsonArray().add("09:00-17:00"))).encode())),
                "team");
        assertEquals(2, team.statusCode() / 100);
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", "María López", "maria@example.es")), "a customer")
                .contactId();

        assertTrue(ana.get("/console/tickets").bodyAsString().contains("href=\"/console/tickets/new\""));
        assertTrue(ana.get("/console/contacts/" + contact).bodyAsString()
                .contains("href=\"/console/tickets/new?contact=" + contact + "\""));
        String found = ana.get("/console/tickets/new?find=maria%40example.es").bodyAsString();
        assertTrue(found.contains("href=\"/console/tickets/new?contact=" + contact + "\""), found);
        assertTrue(ana.get("/console/tickets/new?find=nobody%40example.es").bodyAsString()
                .contains("No customer found"));

        HttpResponse<Buffer> made = post(ana, MultiMap.caseInsensitiveMultiMap().add("contact", contact)
                .add("subject", "Lavadora: el tambor no gira").add("status", "open").add("priority", "high")
                .add("teamId", "emea").add("assigneeId", ana.agent().getString("id")));
        assertEquals(302, made.statusCode(), made.bodyAsString());
        String number = made.getHeader("Location").substring("/console/tickets/".length());
        JsonObject ticket = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject();
        assertEquals(List.of(contact, "Lavadora: el tambor no gira", "open", "high", "emea", "Ana"), List.of(
                ticket.getString("contactId"), ticket.getString("subject"), ticket.getString("status"),
                ticket.getString("priority"), ticket.getString("teamId"),
                ana.get("/console/tickets/" + number).bodyAsString().contains("Ana") ? "Ana" : "?"));

        HttpResponse<Buffer> noSubject = post(ana, MultiMap.caseInsensitiveMultiMap().add("contact", contact)
                .add("subject", " "));
        assertEquals(400, noSubject.statusCode());
        assertTrue(noSubject.bodyAsString().contains("Give the ticket a subject."));
        assertEquals(404, post(ana, MultiMap.caseInsensitiveMultiMap().add("contact", "no-such-contact")
                .add("subject", "Hello")).statusCode());

        Browsers.requireInstalled();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        try (Browsers browsers = new Browsers(Files.createDirectories(dir.resolve("profiles")))) {
            for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                var browser = browsers.open("new-ticket-" + tag, language);
                browser.manage().window().setSize(new Dimension(1366, 768));
                browser.get(desk.node().baseUrl() + "/console/login");
                browser.findElement(By.name("username")).sendKeys("ana");
                browser.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                Browsers.waitUntil(browser, "signed in", d -> !d.findElements(By.cssSelector("form.logout")).isEmpty());
                browser.get(desk.node().baseUrl() + "/console/tickets/new?contact=" + contact);
                Browsers.waitUntil(browser, "the form", d -> !d.findElements(By.name("subject")).isEmpty());
                Files.write(shots.resolve("new-ticket-" + tag + ".png"),
                        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(overflow <= 1, "the page is " + overflow + " px wider than the window");
                assertTrue(!browser.getPageSource().contains("??"), "an untranslated key");
                browsers.close(browser);
            }
        }
    }

    private HttpResponse<Buffer> post(AgentSession who, MultiMap form) {
        WebClient plain = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        try {
            return Await.result(plain.requestAbs(HttpMethod.POST, desk.node().baseUrl() + "/console/tickets/new")
                    .putHeader("Cookie", who.cookie()).sendForm(form.add("csrf", who.csrfToken())), "the form");
        } finally {
            plain.close();
        }
    }
}
