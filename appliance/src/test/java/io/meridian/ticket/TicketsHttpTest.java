package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.testing.Browsers;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Tickets over the REST API and in the console, on a node of region eu (numbers EU-10001, EU-10002...). */
@Timeout(180)
class TicketsHttpTest {

    private static final String PASSWORD = "tickets outlive chats";

    @TempDir
    Path dir;
    @TempDir
    Path profiles;
    private Vertx vertx;
    private SignedInNode desk;
    private AgentSession ana;
    private AgentSession boss;
    private String contact;
    private String conversation;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        desk = SignedInNode.start(vertx, dir, Map.of("MERIDIAN_NODE_REGION", "eu"));
        ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var conversations = desk.node().node().conversations();
        contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", "María López", null)), "visitor").contactId();
        conversation = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                "Mi lavadora llegó rota, pedido 55821.\nNecesito una reparación."), "message").message()
                .conversationId();
        var team = Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/teams/emea")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", "Europe").put("time-zone", "Europe/Madrid")
                        .put("hours", new JsonObject().put("daily", "00:00-24:00")).encode())), "a team");
        assertEquals(2, team.statusCode() / 100, team.bodyAsString());
    }

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies a ticket's life over the API: made from a conversation (numbered EU-10001, subject from the customer's
     * first message, status new, the conversation now its), one for a contact with a subject and priority; assigning
     * opens it, solving records when, only a solved ticket closes and a closed one takes no change; every change in
     * its audit trail in order; the views; a number in lower case found; and the refusals (400, 404, 409, 401).
     */
    @Test
    void aTicketFromNewToClosedWithItsAuditTrail() {
        HttpResponse<Buffer> made = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId",
                conversation));
        assertEquals(201, made.statusCode(), made.bodyAsString());
        JsonObject first = made.bodyAsJsonObject();
        assertEquals("EU-10001", first.getString("number"));
        assertEquals("/api/v1/tickets/EU-10001", made.getHeader("Location"));
        assertEquals("Mi lavadora llegó rota, pedido 55821. Necesito una reparación.", first.getString("subject"));
        assertEquals(List.of("new", "normal", contact), List.of(first.getString("status"),
                first.getString("priority"), first.getString("contactId")));
        assertEquals(new JsonArray().add(conversation), first.getJsonArray("conversationIds"));
        HttpResponse<Buffer> again = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId",
                conversation));
        assertEquals(409, again.statusCode());
        assertTrue(again.bodyAsString().contains("EU-10001"), again.bodyAsString());
        assertEquals("EU-10001", ana.get("/api/v1/conversations/" + conversation + "/ticket").bodyAsJsonObject()
                .getString("number"));

        JsonObject second = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "  Refund   for the broken drum ").put("priority", "high").put("type", "problem")
                .put("teamId", "emea")).bodyAsJsonObject();
        assertEquals(List.of("EU-10002", "Refund for the broken drum", "high", "problem", "emea"),
                List.of(second.getString("number"), second.getString("subject"), second.getString("priority"),
                        second.getString("type"), second.getString("teamId")));
        assertEquals("EU-10002", ana.get("/api/v1/tickets/eu-10002").bodyAsJsonObject().getString("number"));

        String anaId = ana.agent().getString("id");
        JsonObject assigned = patch(ana, "EU-10001", new JsonObject().put("assigneeId", anaId)).bodyAsJsonObject();
        assertEquals(List.of("open", anaId), List.of(assigned.getString("status"), assigned.getString("assigneeId")));
        assertEquals(List.of("EU-10001"), numbers(ana, "mine"));
        assertEquals(List.of("EU-10002"), numbers(ana, "unassigned"));
        assertEquals(List.of("EU-10001", "EU-10002"), numbers(ana, "open"));

        assertEquals(409, patch(ana, "EU-10001", new JsonObject().put("status", "closed")).statusCode());
        JsonObject solved = patch(boss, "EU-10001", new JsonObject().put("status", "solved")).bodyAsJsonObject();
        assertNotNull(solved.getString("solvedAt"));
        assertEquals(List.of("EU-10001"), numbers(ana, "solved"));
        assertEquals(List.of(), numbers(ana, "mine"));
        assertEquals(200, patch(ana, "EU-10001", new JsonObject().put("status", "closed")).statusCode());
        HttpResponse<Buffer> afterClose = patch(ana, "EU-10001", new JsonObject().put("priority", "urgent"));
        assertEquals(409, afterClose.statusCode(), afterClose.bodyAsString());

        JsonObject reopened = patch(ana, "EU-10002", new JsonObject().put("status", "solved")).bodyAsJsonObject();
        assertNotNull(reopened.getString("solvedAt"));
        JsonObject pending = patch(ana, "EU-10002", new JsonObject().put("status", "pending").put("type", null)
                .put("subject", "Refund for the drum")).bodyAsJsonObject();
        assertNull(pending.getString("solvedAt"));
        assertNull(pending.getString("type"));

        JsonArray trail = ana.get("/api/v1/tickets/EU-10001").bodyAsJsonObject().getJsonArray("events");
        assertEquals(List.of("created", "conversation", "status", "assignee", "status", "status"),
                trail.stream().map(JsonObject.class::cast).map(e -> e.getString("field")).toList(), trail.encode());
        JsonObject opened = trail.getJsonObject(2);
        assertEquals(List.of("new", "open", "Ana"), List.of(opened.getString("from"), opened.getString("to"),
                opened.getString("actorName")));
        assertEquals("The Boss", trail.getJsonObject(4).getString("actorName"));
        JsonArray secondTrail = ana.get("/api/v1/tickets/EU-10002").bodyAsJsonObject().getJsonArray("events");
        JsonObject subjectChange = secondTrail.stream().map(JsonObject.class::cast)
                .filter(e -> "subject".equals(e.getString("field"))).findFirst().orElseThrow();
        assertNull(subjectChange.getValue("from"), "a subject is personal: its change is recorded without values");
        assertNull(subjectChange.getValue("to"));

        // Refusals.
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("status", "done")).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("priority", 5)).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("colour", "red")).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject()).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("assigneeId", "nobody")).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("teamId", "mars")).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("subject", " \u0007 ")).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("subject", "x".repeat(201))).statusCode());
        assertEquals(400, patch(ana, "EU-10002", new JsonObject().put("contactId", contact)).statusCode());
        assertEquals(404, patch(ana, "EU-99999", new JsonObject().put("priority", "low")).statusCode());
        HttpResponse<Buffer> malformed = Await.result(ana.request(HttpMethod.PATCH, "/api/v1/tickets/EU-10002")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"status\":")), "bad JSON");
        assertEquals(400, malformed.statusCode());
        assertEquals(400, ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", conversation)
                .put("contactId", contact)).statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId",
                UUID.randomUUID().toString())).statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets", new JsonObject().put("contactId",
                UUID.randomUUID().toString()).put("subject", "Who?")).statusCode());
        assertEquals(400, ana.get("/api/v1/tickets?view=everything").statusCode());
        assertEquals(404, ana.get("/api/v1/tickets/EU-10003").statusCode());
        assertEquals(404, ana.get("/api/v1/tickets/" + "%27;DROP").statusCode());
        HttpResponse<Buffer> anonymous = Await.result(desk.web().getAbs(desk.node().baseUrl() + "/api/v1/tickets")
                .send(), "anonymous");
        assertEquals(401, anonymous.statusCode());
    }

    /**
     * Verifies the console: a ticket made from the conversation page's button, the ticket page with the customer's
     * messages, fields changed by its form and the change in its history in the agent's language, and the list; in
     * Chromium, in English and Japanese at 1366×768 (screenshots target/screenshots/ticket-{en,ja}-{list,page}.png),
     * nothing wider than the window.
     */
    @Test
    void theConsoleMakesListsAndChangesTickets() throws Exception {
        HttpResponse<Buffer> made = form(ana, "/console/conversations/" + conversation + "/ticket", "subject=");
        assertEquals(302, made.statusCode(), made.bodyAsString());
        assertEquals("/console/tickets/EU-10001", made.getHeader("Location"));
        String page = ana.get("/console/tickets/EU-10001").bodyAsString();
        assertTrue(page.contains("Necesito una reparación.") && page.contains("María López"), page);
        assertTrue(page.contains("Ana created ticket EU-10001"), page);
        // The button again opens the same ticket.
        assertEquals("/console/tickets/EU-10001", form(ana, "/console/conversations/" + conversation + "/ticket",
                "subject=").getHeader("Location"));
        assertTrue(ana.get("/console/conversations/" + conversation).bodyAsString()
                .contains("href=\"/console/tickets/EU-10001\""));

        HttpResponse<Buffer> changed = form(ana, "/console/tickets/EU-10001", "subject=Broken+drum&status=on-hold"
                + "&priority=urgent&type=incident&assigneeId=" + ana.agent().getString("id") + "&teamId=emea");
        assertEquals(302, changed.statusCode(), changed.bodyAsString());
        String after = ana.get("/console/tickets/EU-10001").bodyAsString();
        assertTrue(after.contains("Ana changed Status from New to On hold")
                && after.contains("Ana changed Priority from Normal to Urgent")
                && after.contains("Ana changed Team from No team to Europe"), after);
        HttpResponse<Buffer> refused = form(ana, "/console/tickets/EU-10001", "status=closed");
        assertEquals(409, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("only a solved ticket can be closed"), refused.bodyAsString());
        assertTrue(ana.get("/console/tickets?view=pending").bodyAsString().contains("Broken drum"));
        assertEquals(404, ana.get("/console/tickets?view=nope").statusCode());
        assertEquals(404, ana.get("/console/tickets/EU-404").statusCode());

        Browsers.requireInstalled();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        try (Browsers browsers = new Browsers(profiles)) {
            for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                WebDriver browser = browsers.open("tickets-" + tag, language);
                browser.manage().window().setSize(new Dimension(1366, 768));
                browser.get(desk.node().baseUrl() + "/console/login");
                browser.findElement(By.name("username")).sendKeys("ana");
                browser.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                Browsers.waitUntil(browser, "signed in", d -> !d.findElements(By.cssSelector("form.logout")).isEmpty());
                browser.findElement(By.cssSelector("nav a[href='/console/tickets']")).click();
                Browsers.waitUntil(browser, "the ticket list",
                        d -> !d.findElements(By.cssSelector("table.ticket-list")).isEmpty());
                shot(browser, shots.resolve("ticket-" + tag + "-list.png"));
                browser.findElement(By.cssSelector("td.number a")).click();
                Browsers.waitUntil(browser, "the ticket page",
                        d -> !d.findElements(By.cssSelector("form.ticket-form")).isEmpty());
                String text = browser.findElement(By.tagName("main")).getText();
                assertTrue(text.contains("EU-10001") && text.contains("Necesito una reparación."), text);
                shot(browser, shots.resolve("ticket-" + tag + "-page.png"));
                browsers.close(browser);
            }
        }
    }

    /**
     * Verifies the message path and the clock: a customer's message opens again the pending ticket of their
     * conversation (the customer's change in the trail and, in the agent's language, in the history), and a solved
     * ticket is closed only once the configured four days have passed, as Meridian's change; and the customer told,
     * in their language, the ticket's number when it is made and when it is solved.
     */
    @Test
    void theCustomerReopensAPendingTicketAndSolvedTicketsCloseAfterFourDays() {
        MutableClock clock = new MutableClock(Instant.now());
        SignedInNode clocked = SignedInNode.start(vertx, dir.resolve("clocked"), Map.of("MERIDIAN_NODE_REGION",
                "us", "MERIDIAN_ROUTING_TEMPLATES_DIR", Path.of("../conf/templates").toAbsolutePath().toString()),
                clock);
        try {
            AgentSession uma = clocked.agent("uma", "Uma", Role.AGENT, PASSWORD);
            WidgetVisitor visitor = WidgetVisitor.open(vertx, clocked.node().port());
            Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "es-ES")), "hello");
            visitor.expect("welcome");
            String chat = visitor.say("Mi paquete 7781 nunca llegó").getJsonObject("message")
                    .getString("conversationId");
            String number = uma.postJson("/api/v1/tickets", new JsonObject().put("conversationId", chat))
                    .bodyAsJsonObject().getString("number");
            assertEquals("US-10001", number);
            // The node's clock in step with the messages' (system) time, as on a real node, when the status changes.
            clock.set(Instant.now());
            // The customer is told the number, in Spanish (conf/templates/es/ticket-created.vm).
            visitor.expect(f -> "message".equals(f.getString("type")) && f.getJsonObject("message").getString("text")
                    .startsWith("Su solicitud es el ticket US-10001: Mi paquete 7781 nunca llegó"), "the number told");
            assertEquals(200, patch(uma, number, new JsonObject().put("status", "pending")).statusCode());

            visitor.say("Lo encontré en casa del vecino, gracias");
            Await.until(() -> "open".equals(uma.get("/api/v1/tickets/" + number).bodyAsJsonObject()
                    .getString("status")), "the customer's message opening the ticket again");
            JsonArray trail = uma.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("events");
            JsonObject last = trail.getJsonObject(trail.size() - 1);
            assertEquals(List.of(Tickets.CUSTOMER, "status", "pending", "open"), List.of(last.getString("actorId"),
                    last.getString("field"), last.getString("from"), last.getString("to")));
            assertTrue(uma.get("/console/tickets/" + number).bodyAsString()
                    .contains("The customer changed Status from Pending to Open"));

            clock.set(Instant.now());
            assertEquals(200, patch(uma, number, new JsonObject().put("status", "solved")).statusCode());
            visitor.expect(f -> "message".equals(f.getString("type")) && f.getJsonObject("message").getString("text")
                    .startsWith("Su ticket US-10001 (Mi paquete 7781 nunca llegó) está resuelto."), "solved told");
            TicketUpkeep tickets = clocked.node().node().ticketUpkeep();
            // A message written before the ticket was solved that reaches the tickets stage only now (detection under
            // load) does not reopen it: the agent who solved it had it before them.
            var late = new io.meridian.conversation.ChatMessage(java.util.UUID.randomUUID().toString(), chat, 99,
                    io.meridian.conversation.Author.VISITOR, "contact", null, null, "Una cosa más",
                    Instant.now().minusSeconds(60));
            Await.result(tickets.messageStored(new io.meridian.conversation.LanguagedMessage(
                    new io.meridian.conversation.CommittedMessage(late, false, false, false),
                    java.util.Optional.empty())), "a late message");
            assertEquals("solved", uma.get("/api/v1/tickets/" + number).bodyAsJsonObject().getString("status"));
            clock.advance(java.time.Duration.ofDays(3).plusHours(23));
            assertEquals(0, Await.result(tickets.closeSolved(), "closing after 3 days 23 hours"));
            assertEquals("solved", uma.get("/api/v1/tickets/" + number).bodyAsJsonObject().getString("status"));
            clock.advance(java.time.Duration.ofHours(2));
            assertEquals(1, Await.result(tickets.closeSolved(), "closing after 4 days"));
            JsonObject closed = uma.get("/api/v1/tickets/" + number).bodyAsJsonObject();
            assertEquals("closed", closed.getString("status"));
            JsonArray closedTrail = closed.getJsonArray("events");
            assertEquals(Tickets.SYSTEM, closedTrail.getJsonObject(closedTrail.size() - 1).getString("actorId"));
            assertTrue(uma.get("/console/tickets/" + number).bodyAsString()
                    .contains("Meridian (automatically) changed Status from Solved to Closed"));
            assertEquals(0, Await.result(tickets.closeSolved(), "nothing left to close"));
        } finally {
            clocked.stop();
        }
    }

    /**
     * Verifies bulk changes (each ticket on its own: an unknown one 404, a closed one 409, the rest changed; bounds
     * and refusals) and merging (the conversations move to the target, the source is closed, both histories say so;
     * into itself 400, into a closed ticket 409, unknown 404), over the API and through the console's forms.
     */
    @Test
    void bulkChangesAndMerges() {
        String anaId = ana.agent().getString("id");
        String first = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", conversation))
                .bodyAsJsonObject().getString("number");
        String second = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Second")).bodyAsJsonObject().getString("number");
        String third = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Third")).bodyAsJsonObject().getString("number");

        JsonObject bulk = ana.postJson("/api/v1/tickets/bulk", new JsonObject().put("numbers", new JsonArray()
                .add(second).add(third).add("EU-99999")).put("change", new JsonObject().put("priority", "high")
                .put("assigneeId", anaId))).bodyAsJsonObject();
        assertEquals(new JsonArray().add(second).add(third), bulk.getJsonArray("updated"), bulk.encode());
        assertEquals(List.of("EU-99999", 404), List.of(bulk.getJsonArray("failed").getJsonObject(0).getString("number"),
                bulk.getJsonArray("failed").getJsonObject(0).getInteger("status")));
        assertEquals(List.of("open", "high"), List.of(ana.get("/api/v1/tickets/" + third).bodyAsJsonObject()
                .getString("status"), ana.get("/api/v1/tickets/" + third).bodyAsJsonObject().getString("priority")));
        patch(ana, third, new JsonObject().put("status", "solved"));
        patch(ana, third, new JsonObject().put("status", "closed"));
        JsonObject partly = ana.postJson("/api/v1/tickets/bulk", new JsonObject().put("numbers", new JsonArray()
                .add(second).add(third)).put("change", new JsonObject().put("status", "pending"))).bodyAsJsonObject();
        assertEquals(new JsonArray().add(second), partly.getJsonArray("updated"));
        assertEquals(409, partly.getJsonArray("failed").getJsonObject(0).getInteger("status"));
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 101; i++) {
            tooMany.add("EU-" + (20000 + i));
        }
        assertEquals(400, ana.postJson("/api/v1/tickets/bulk", new JsonObject().put("numbers", tooMany)
                .put("change", new JsonObject().put("priority", "low"))).statusCode());
        assertEquals(400, ana.postJson("/api/v1/tickets/bulk", new JsonObject().put("numbers", new JsonArray()
                .add(second)).put("change", new JsonObject().put("subject", "x"))).statusCode());
        assertEquals(400, ana.postJson("/api/v1/tickets/bulk", new JsonObject().put("numbers", new JsonArray()
                .add(second)).put("change", new JsonObject())).statusCode());

        HttpResponse<Buffer> merged = ana.postJson("/api/v1/tickets/" + first + "/merge",
                new JsonObject().put("into", second));
        assertEquals(200, merged.statusCode(), merged.bodyAsString());
        assertEquals(new JsonArray().add(conversation), merged.bodyAsJsonObject().getJsonArray("conversationIds"));
        assertEquals("closed", ana.get("/api/v1/tickets/" + first).bodyAsJsonObject().getString("status"));
        assertEquals(second, ana.get("/api/v1/conversations/" + conversation + "/ticket").bodyAsJsonObject()
                .getString("number"));
        assertEquals(400, ana.postJson("/api/v1/tickets/" + second + "/merge", new JsonObject().put("into", second))
                .statusCode());
        assertEquals(409, ana.postJson("/api/v1/tickets/" + second + "/merge", new JsonObject().put("into", third))
                .statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets/" + second + "/merge", new JsonObject().put("into",
                "EU-77777")).statusCode());
        assertEquals(400, ana.postJson("/api/v1/tickets/" + second + "/merge", new JsonObject()).statusCode());

        HttpResponse<Buffer> fromForm = form(ana, "/console/tickets/bulk", "view=open&number=" + second
                + "&priority=urgent&status=&assigneeId=-&teamId=");
        assertEquals(302, fromForm.statusCode(), fromForm.bodyAsString());
        assertEquals("/console/tickets?view=open&changed=1&unchanged=0", fromForm.getHeader("Location"));
        assertTrue(ana.get("/console/tickets?view=open&changed=1&unchanged=0").bodyAsString().contains("Changed: 1."));
        JsonObject afterForm = ana.get("/api/v1/tickets/" + second).bodyAsJsonObject();
        assertEquals(List.of("urgent"), List.of(afterForm.getString("priority")));
        assertEquals(null, afterForm.getString("assigneeId"), "'-' unassigns");
        String fourth = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Fourth")).bodyAsJsonObject().getString("number");
        HttpResponse<Buffer> mergedByForm = form(ana, "/console/tickets/" + fourth + "/merge", "into=" + second);
        assertEquals("/console/tickets/" + second, mergedByForm.getHeader("Location"));
        assertTrue(ana.get("/console/tickets/" + second).bodyAsString()
                .contains("Ana merged ticket " + fourth + " into this one"));
        assertEquals(400, form(ana, "/console/tickets/" + second + "/merge", "into=" + second).statusCode());
    }

    /**
     * Verifies internal notes (kept, listed oldest first, in the history without their text, never in the customer's
     * conversation; empty or too long 400, a closed ticket 409) and links between tickets (both ways, once, undone;
     * to itself 400, unknown 404), over the API and the console's forms.
     */
    @Test
    void internalNotesAndLinkedTickets() {
        String first = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", conversation))
                .bodyAsJsonObject().getString("number");
        String second = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Second")).bodyAsJsonObject().getString("number");
        HttpResponse<Buffer> noted = ana.postJson("/api/v1/tickets/" + first + "/notes",
                new JsonObject().put("text", "Warehouse says Friday.\nCheck again Thursday."));
        assertEquals(201, noted.statusCode(), noted.bodyAsString());
        assertEquals(302, form(boss, "/console/tickets/" + first + "/notes", "text=Approved+the+refund").statusCode());
        JsonArray notes = ana.get("/api/v1/tickets/" + first + "/notes").bodyAsJsonObject().getJsonArray("notes");
        assertEquals(List.of("Warehouse says Friday.\nCheck again Thursday.", "Approved the refund"),
                notes.stream().map(JsonObject.class::cast).map(n -> n.getString("text")).toList());
        assertEquals("The Boss", notes.getJsonObject(1).getString("authorName"));
        assertTrue(ana.messages(conversation).stream().noneMatch(m -> m.getString("text").contains("Warehouse")),
                "a note is never in the customer's conversation");
        assertEquals(400, ana.postJson("/api/v1/tickets/" + first + "/notes", new JsonObject().put("text", " "))
                .statusCode());
        assertEquals(400, ana.postJson("/api/v1/tickets/" + first + "/notes", new JsonObject()
                .put("text", "x".repeat(4001))).statusCode());
        String page = ana.get("/console/tickets/" + first).bodyAsString();
        assertTrue(page.contains("Check again Thursday.") && page.contains("The Boss added an internal note"), page);

        JsonObject linked = ana.postJson("/api/v1/tickets/" + first + "/links", new JsonObject().put("number",
                second.toLowerCase(java.util.Locale.ROOT))).bodyAsJsonObject();
        assertEquals(true, linked.getBoolean("changed"));
        assertEquals(false, ana.postJson("/api/v1/tickets/" + second + "/links", new JsonObject().put("number",
                first)).bodyAsJsonObject().getBoolean("changed"), "linked once, both ways");
        assertEquals(new JsonArray().add(first), ana.get("/api/v1/tickets/" + second).bodyAsJsonObject()
                .getJsonArray("links"));
        assertEquals(400, ana.postJson("/api/v1/tickets/" + first + "/links", new JsonObject().put("number", first))
                .statusCode());
        assertEquals(404, ana.postJson("/api/v1/tickets/" + first + "/links", new JsonObject().put("number",
                "EU-55555")).statusCode());
        assertEquals(302, form(ana, "/console/tickets/" + second + "/links", "number=" + first + "&action=unlink")
                .statusCode());
        assertEquals(new JsonArray(), ana.get("/api/v1/tickets/" + first).bodyAsJsonObject().getJsonArray("links"));
        assertTrue(ana.get("/console/tickets/" + first).bodyAsString().contains("Ana removed the link to ticket "
                + second));
        patch(ana, first, new JsonObject().put("status", "solved"));
        patch(ana, first, new JsonObject().put("status", "closed"));
        assertEquals(409, ana.postJson("/api/v1/tickets/" + first + "/notes", new JsonObject().put("text", "late"))
                .statusCode());
    }

    /**
     * Verifies "every new conversation on a channel becomes a ticket" (tickets.create-from-channels): a web-chat
     * visitor's first message makes a ticket by itself, Meridian's in the history, the customer told its number; the
     * next message of the same conversation makes no second one.
     */
    @Test
    void newConversationsOnAListedChannelBecomeTickets() {
        SignedInNode auto = SignedInNode.start(vertx, dir.resolve("auto"), Map.of("MERIDIAN_NODE_REGION", "apac",
                "MERIDIAN_TICKETS_CREATE_FROM_CHANNELS", "web"));
        try {
            AgentSession kei = auto.agent("kei", "Kei", Role.AGENT, PASSWORD);
            WidgetVisitor visitor = WidgetVisitor.open(vertx, auto.node().port());
            Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "en-AU")), "hello");
            visitor.expect("welcome");
            String chat = visitor.say("The blender I bought arrived cracked").getJsonObject("message")
                    .getString("conversationId");
            Await.until(() -> kei.get("/api/v1/conversations/" + chat + "/ticket").statusCode() == 200,
                    "the ticket made by itself");
            JsonObject ticket = kei.get("/api/v1/conversations/" + chat + "/ticket").bodyAsJsonObject();
            assertEquals(List.of("APAC-10001", Tickets.SYSTEM, "The blender I bought arrived cracked"),
                    List.of(ticket.getString("number"), ticket.getString("createdBy"), ticket.getString("subject")));
            visitor.expect(f -> "message".equals(f.getString("type")) && f.getJsonObject("message").getString("text")
                    .contains("APAC-10001"), "the customer told the number");
            visitor.say("Photos attached soon");
            visitor.say("Order 5521");
            Await.until(() -> kei.get("/api/v1/tickets/APAC-10001").bodyAsJsonObject().getJsonArray("conversationIds")
                    .size() == 1, "still one ticket");
            assertEquals(404, kei.get("/api/v1/tickets/APAC-10002").statusCode());
            assertTrue(kei.get("/console/tickets/APAC-10001").bodyAsString()
                    .contains("Meridian (automatically) created ticket APAC-10001"));
        } finally {
            auto.stop();
        }
    }

    private static void shot(WebDriver browser, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 1, file.getFileName() + ": the page is " + overflow + " px wider than the window");
    }

    private static HttpResponse<Buffer> patch(AgentSession who, String ticket, JsonObject body) {
        return Await.result(who.request(HttpMethod.PATCH, "/api/v1/tickets/" + ticket)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PATCH");
    }

    private static HttpResponse<Buffer> form(AgentSession who, String uri, String body) {
        return Await.result(who.request(HttpMethod.POST, uri).followRedirects(false)
                .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)),
                "POST " + uri);
    }

    private static List<String> numbers(AgentSession who, String view) {
        return who.get("/api/v1/tickets?view=" + view).bodyAsJsonObject().getJsonArray("tickets").stream()
                .map(JsonObject.class::cast).map(t -> t.getString("number")).sorted().toList();
    }
}
