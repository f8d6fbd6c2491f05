package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service levels of tickets on a node whose clock the test moves: Monday 7 December 2026, 10:00 in Berlin; team emea
 * open 09:00-17:00 Berlin on weekdays, americas 09:00-17:00 New York.
 */
@Timeout(180)
class ServiceLevelsTest {

    private static final String PASSWORD = "service levels matter";
    private static final Instant MONDAY_10_BERLIN = Instant.parse("2026-12-07T09:00:00Z");

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
     * Verifies a ticket's targets through a day of work: first reply due two open hours after it is made and met by
     * the agent's reply; resolution eight open hours later (across the night, Tuesday 10:00); the next reply started
     * by the customer's message, warned at 75 % and breached, the breach raising the priority and reaching the
     * agent's live socket; the ticket given to the Americas team counting the open time left in New York's hours (the
     * history says when it now falls due); pending pausing the clocks and reopening resuming them with what was left;
     * the "breaching soon" view; solving meeting the resolution.
     */
    @Test
    void targetsRunInTheTeamsHoursPauseAndFollowTheTicketToAnotherTeam() throws Exception {
        Path sla = dir.resolve("sla.yaml");
        Files.writeString(sla, String.join("\n", "policies:", "  - name: Standard", "    first-reply: 2h",
                "    next-reply: 1h", "    resolution: 8h", "    escalate: {priority: urgent}", ""));
        MutableClock clock = new MutableClock(MONDAY_10_BERLIN);
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString(), "MERIDIAN_NODE_ID", "sla-desk"), clock);
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        team(boss, "emea", "Europe", "Europe/Berlin");
        team(boss, "americas", "Americas", "America/New_York");
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        AgentSession.LiveFeed feed = Await.result(ana.live(), "ana's live socket");

        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "de-DE")), "hello");
        visitor.expect("welcome");
        String chat = visitor.say("Meine Waschmaschine ist kaputt").getJsonObject("message")
                .getString("conversationId");
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", chat)
                .put("teamId", "emea").put("assigneeId", ana.agent().getString("id"))).bodyAsJsonObject()
                .getString("number");
        assertEquals(Map.of("first-reply", "running 2026-12-07T11:00:00Z", "resolution",
                "running 2026-12-08T09:00:00Z"), levels(ana, number), "12:00 Berlin; Tuesday 10:00 Berlin");

        clock.set(Instant.parse("2026-12-07T09:30:00Z"));
        assertEquals(201, ana.reply(chat, "r-1", "Wir kümmern uns darum.").statusCode());
        Await.until(() -> levels(ana, number).get("first-reply").startsWith("met"), "the reply meeting its target");

        clock.set(Instant.parse("2026-12-07T10:00:00Z"));
        visitor.say("Wann kommt der Techniker?");
        Await.until(() -> levels(ana, number).containsKey("next-reply"), "the next reply's target started");
        assertEquals("running 2026-12-07T11:00:00Z", levels(ana, number).get("next-reply"));

        TicketUpkeep tickets = desk.node().node().ticketUpkeep();
        clock.set(Instant.parse("2026-12-07T10:50:00Z"));
        assertEquals(1, Await.result(tickets.checkServiceLevels(), "the warning at 75 %"));
        JsonObject warned = feed.expect(f -> "ticket.sla".equals(f.getString("type")), "the warning on the socket");
        assertEquals(new JsonObject().put("type", "ticket.sla").put("number", number).put("target", "next-reply")
                .put("breach", false), warned);
        assertEquals(0, Await.result(tickets.checkServiceLevels(), "a warning is given once"));
        assertEquals(List.of(number), numbers(ana, "breaching"));

        clock.set(Instant.parse("2026-12-07T11:05:00Z"));
        assertEquals(1, Await.result(tickets.checkServiceLevels(), "the breach"));
        feed.expect(f -> "ticket.sla".equals(f.getString("type")) && f.getBoolean("breach"), "the breach");
        JsonObject breached = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject();
        assertEquals("urgent", breached.getString("priority"), "the policy's escalation");
        // For JMX: first reply met, next reply overdue, resolution running.
        Await.result(tickets.countServiceLevels(), "the counts");
        javax.management.ObjectName mbean = new javax.management.ObjectName(
                io.meridian.ops.ServiceLevelFacts.objectName("sla-desk"));
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertEquals(List.of(2L, 1L, 0L), List.of(jmx.getAttribute(mbean, "RunningTargets"),
                jmx.getAttribute(mbean, "BreachingTargets"), jmx.getAttribute(mbean, "PausedTargets")));

        // To the Americas: 4 h 55 min left today in Berlin and 1 h on Tuesday make 5 h 55 min, from 09:00 New York.
        assertEquals(200, patch(ana, number, new JsonObject().put("teamId", "americas")).statusCode());
        assertEquals("running 2026-12-07T19:55:00Z", levels(ana, number).get("resolution"));
        JsonArray trail = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("events");
        JsonObject moved = trail.stream().map(JsonObject.class::cast)
                .filter(e -> "sla-due".equals(e.getString("field"))).findFirst().orElseThrow();
        assertEquals(List.of("resolution", "2026-12-07T19:55:00Z"), List.of(moved.getString("from"),
                moved.getString("to")));
        assertTrue(ana.get("/console/tickets/" + number).bodyAsString()
                .contains("Ana gave the ticket to another team: Resolution now falls due"));

        assertEquals(200, patch(ana, number, new JsonObject().put("status", "pending")).statusCode());
        assertTrue(levels(ana, number).get("resolution").startsWith("paused"), levels(ana, number).toString());
        clock.set(Instant.parse("2026-12-08T15:00:00Z"));
        assertEquals(200, patch(ana, number, new JsonObject().put("status", "open")).statusCode());
        assertEquals("running 2026-12-08T20:55:00Z", levels(ana, number).get("resolution"),
                "Tuesday 10:00 New York + 5 h 55 min");

        assertEquals(200, patch(ana, number, new JsonObject().put("status", "solved")).statusCode());
        assertTrue(levels(ana, number).get("resolution").startsWith("met"));
        assertEquals(List.of(), numbers(ana, "breaching"));

        // The report: one warning and one breach of the next reply; first reply and resolution met in time.
        assertEquals(403, ana.get("/api/v1/reports/service-levels").statusCode(), "reports are for admins");
        var report = boss.get("/api/v1/reports/service-levels?from=2026-12-07&to=2026-12-08");
        assertEquals(200, report.statusCode(), report.bodyAsString());
        Map<String, String> rows = new java.util.TreeMap<>();
        report.bodyAsJsonObject().getJsonArray("rows").stream().map(JsonObject.class::cast).forEach(r -> rows.put(
                r.getString("teamId") + "/" + r.getString("target"), r.getLong("warnings") + " " + r.getLong("breaches")
                        + " " + r.getLong("met") + " " + r.getLong("metInTime") + " " + r.getValue("inTimePercent")));
        assertEquals(Map.of("americas/first-reply", "0 0 1 1 100", "americas/next-reply", "1 1 0 0 0",
                "americas/resolution", "0 0 1 1 100"), rows, report.bodyAsString());
        assertEquals(400, boss.get("/api/v1/reports/service-levels?from=2026-12-09&to=2026-12-01").statusCode());
        assertEquals(400, boss.get("/api/v1/reports/service-levels?from=yesterday").statusCode());
        assertEquals("Standard", ana.get("/api/v1/sla-policies").bodyAsJsonObject().getJsonArray("policies")
                .getJsonObject(0).getString("name"));
        String slaPage = boss.get("/console/tickets/service-levels?from=2026-12-07&to=2026-12-08").bodyAsString();
        assertTrue(slaPage.contains("Americas") && slaPage.contains("Next reply") && slaPage.contains("100 %")
                && slaPage.contains("Priority → Urgent"), slaPage);
        assertEquals(403, ana.get("/console/tickets/service-levels").statusCode());
        String page = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(page.contains("Service levels") && page.contains("Standard") && page.contains("missed"), page);

        // As the agent and the admin see it, in English and Japanese (target/screenshots/ticket-sla-{en,ja}.png,
        // service-levels-{en,ja}.png).
        io.meridian.testing.Browsers.requireInstalled();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        try (var browsers = new io.meridian.testing.Browsers(Files.createDirectories(dir.resolve("profiles")))) {
            for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                shoot(browsers, "ana-" + tag, language, "ana", "/console/tickets/" + number, "section.ticket-sla li",
                        shots.resolve("ticket-sla-" + tag + ".png"));
                shoot(browsers, "boss-" + tag, language, "boss",
                        "/console/tickets/service-levels?from=2026-12-07&to=2026-12-08", "table.sla-report td",
                        shots.resolve("service-levels-" + tag + ".png"));
            }
        }
    }

    /** Signs {@code username} in, opens {@code path}, waits for {@code ready}, and saves a 1366×768 screenshot. */
    private void shoot(io.meridian.testing.Browsers browsers, String profile, String language, String username,
            String path, String ready, Path file) throws Exception {
        var browser = browsers.open(profile, language);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        browser.get(desk.node().baseUrl() + "/console/login");
        browser.findElement(org.openqa.selenium.By.name("username")).sendKeys(username);
        browser.findElement(org.openqa.selenium.By.name("password")).sendKeys(PASSWORD);
        browser.findElement(org.openqa.selenium.By.cssSelector("form.stacked button[type=submit]")).click();
        io.meridian.testing.Browsers.waitUntil(browser, "signed in",
                d -> !d.findElements(org.openqa.selenium.By.cssSelector("form.logout")).isEmpty());
        browser.get(desk.node().baseUrl() + path);
        io.meridian.testing.Browsers.waitUntil(browser, ready,
                d -> !d.findElements(org.openqa.selenium.By.cssSelector(ready)).isEmpty());
        Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser)
                .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 1, path + " is " + overflow + " px wider than the window");
        assertTrue(!browser.getPageSource().contains("??"), path + " shows an untranslated key");
        browsers.close(browser);
    }

    /**
     * Verifies follow the sun at the end of a team's day: Europe's open ticket with its clock running, and its
     * handover note, go to the Americas (open then) when Europe closes at 17:00 Berlin, nobody's until someone there
     * takes it; the resolution's 7 open hours left in Berlin count again from 11:30 New York (Tuesday 10:30 there);
     * the history says why; a pending ticket (its clock paused) stays; nothing moves twice.
     */
    @Test
    void aTeamsOpenTicketsFollowTheSunWhenItsDayEnds() throws Exception {
        Path sla = dir.resolve("sla.yaml");
        Files.writeString(sla, String.join("\n", "policies:", "  - name: Standard", "    resolution: 8h",
                "handover:", "  emea: [apac, americas]", ""));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T15:00:00Z"));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString()), clock);
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        team(boss, "emea", "Europe", "Europe/Berlin");
        team(boss, "apac", "Asia Pacific", "Asia/Tokyo");
        team(boss, "americas", "Americas", "America/New_York");
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new io.meridian.conversation.VisitorProfile("de-DE", "Europe/Berlin", "Jonas", null)), "a visitor")
                .contactId();
        String open = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Ersatzteil bestellt").put("teamId", "emea").put("assigneeId",
                        ana.agent().getString("id"))).bodyAsJsonObject().getString("number");
        String waiting = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Rückruf vereinbart").put("teamId", "emea").put("status", "pending"))
                .bodyAsJsonObject().getString("number");
        assertEquals("running 2026-12-08T15:00:00Z", levels(ana, open).get("resolution"), "Tuesday 16:00 Berlin");
        var noted = Await.result(ana.request(HttpMethod.PUT, "/api/v1/tickets/" + open + "/handover-note")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("text", "Part ordered, arrives Wednesday. Call Jonas when it ships.").encode())), "note");
        assertEquals(200, noted.statusCode(), noted.bodyAsString());

        TicketUpkeep tickets = desk.node().node().ticketUpkeep();
        assertEquals(0, Await.result(tickets.handOver(), "Europe still open"));
        clock.set(Instant.parse("2026-12-07T16:30:00Z"));
        assertEquals(1, Await.result(tickets.handOver(), "Europe closed: Tokyo closed too, New York open"));
        JsonObject moved = ana.get("/api/v1/tickets/" + open).bodyAsJsonObject();
        assertEquals("americas", moved.getString("teamId"));
        assertEquals(null, moved.getString("assigneeId"));
        assertEquals("Part ordered, arrives Wednesday. Call Jonas when it ships.", moved.getString("handoverNote"));
        assertEquals("running 2026-12-08T15:30:00Z", levels(ana, open).get("resolution"), "Tuesday 10:30 New York");
        assertEquals("emea", ana.get("/api/v1/tickets/" + waiting).bodyAsJsonObject().getString("teamId"));
        String page = ana.get("/console/tickets/" + open).bodyAsString();
        assertTrue(page.contains("Handed over from Europe to Americas: Europe’s day ended")
                && page.contains("Meridian (automatically) gave the ticket to another team: Resolution now falls due")
                && page.contains("Call Jonas when it ships."), page);
        assertEquals(0, Await.result(tickets.handOver(), "nothing left to hand over"));
    }

    /**
     * Verifies that the due times follow what they depend on: an agent raising the priority and setting the product
     * moves the ticket to the policy for urgent washers (4 h instead of 8 h; the hour already used counts, so 3 h
     * are left: 14:00 Berlin), the history saying so; the team's hours cut to 09:00-13:00 count the 2 open hours left
     * at 12:00 again in the new hours (1 h today, 1 h on Tuesday: 10:00 Berlin), the history saying so too; a paused
     * target and a ticket of another team keep theirs.
     */
    @Test
    void anotherPolicyAndNewTeamHoursMoveTheDueTimes() throws Exception {
        Path sla = dir.resolve("sla.yaml");
        Files.writeString(sla, String.join("\n", "policies:", "  - name: Urgent washers", "    priorities: [urgent]",
                "    fields: {product: [washer]}", "    resolution: 4h", "  - name: Standard", "    resolution: 8h", ""));
        Path fields = dir.resolve("ticket-fields.yaml");
        Files.writeString(fields, String.join("\n", "fields:", "  - key: product", "    type: dropdown",
                "    label: Product", "    options: [{value: washer, label: Washer}, {value: dryer, label: Dryer}]",
                ""));
        MutableClock clock = new MutableClock(MONDAY_10_BERLIN);
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString(), "MERIDIAN_TICKETS_FIELDS_FILE", fields.toString()), clock);
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        team(boss, "emea", "Europe", "Europe/Berlin");
        team(boss, "americas", "Americas", "America/New_York");
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new io.meridian.conversation.VisitorProfile("de-DE", "Europe/Berlin", "Jonas", null)), "a visitor")
                .contactId();
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Trommel dreht nicht").put("teamId", "emea")).bodyAsJsonObject().getString("number");
        String paused = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Rückruf").put("teamId", "emea").put("status", "pending")).bodyAsJsonObject()
                .getString("number");
        String elsewhere = ana.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "Lieferung").put("teamId", "americas")).bodyAsJsonObject().getString("number");
        assertEquals("running 2026-12-08T09:00:00Z", levels(ana, number).get("resolution"), "Tuesday 10:00 Berlin");
        String americasDue = levels(ana, elsewhere).get("resolution");

        clock.set(Instant.parse("2026-12-07T10:00:00Z"));
        assertEquals(200, patch(ana, number, new JsonObject().put("priority", "urgent")
                .put("fields", new JsonObject().put("product", "washer"))).statusCode());
        assertEquals("running 2026-12-07T13:00:00Z", levels(ana, number).get("resolution"), "14:00 Berlin");
        String rechosen = ana.get("/console/tickets/" + number).bodyAsString();
        assertTrue(rechosen.contains("Ana changed what the service level depends on: policy Urgent washers applies "
                + "instead of Standard"), rechosen);
        assertEquals(200, patch(ana, number, new JsonObject().put("type", "problem")).statusCode());
        assertEquals("running 2026-12-07T13:00:00Z", levels(ana, number).get("resolution"), "nothing to choose again");

        clock.set(Instant.parse("2026-12-07T11:00:00Z"));
        var cut = Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/teams/emea")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", "Europe").put("time-zone", "Europe/Berlin")
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-13:00"))).encode())),
                "shorter hours");
        assertEquals(200, cut.statusCode(), cut.bodyAsString());
        Await.until(() -> "running 2026-12-08T09:00:00Z".equals(levels(ana, number).get("resolution")),
                "the due time counted again in the new hours");
        assertTrue(ana.get("/console/tickets/" + number).bodyAsString()
                .contains("The team’s hours changed: Resolution now falls due"));
        assertTrue(levels(ana, paused).get("resolution").startsWith("paused"));
        assertEquals(americasDue, levels(ana, elsewhere).get("resolution"));
        JsonArray trail = ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("events");
        assertEquals(1, trail.stream().map(JsonObject.class::cast)
                .filter(e -> "sla-recount".equals(e.getString("field"))).count(), trail.encodePrettily());
    }

    /** Verifies that a mistake in the policy file stops the start, naming the file, the policy and the key. */
    @Test
    void aMistakeInThePolicyFileStopsTheStart() throws Exception {
        Path sla = dir.resolve("sla.yaml");
        Files.writeString(sla, "policies:\n  - name: Fast\n    first-reply: soon\n");
        AssertionError refused = assertThrows(AssertionError.class, () -> SignedInNode.start(vertx,
                dir.resolve("data"), Map.of("MERIDIAN_TICKETS_SLA_FILE", sla.toString())));
        String message = String.valueOf(refused.getMessage()) + refused.getCause();
        assertTrue(message.contains("sla.yaml, policy 'Fast', key 'first-reply'") && message.contains("soon"),
                message);
        assertThrows(IllegalArgumentException.class, () -> SlaPolicies.read(writeText("policies:\n  - name: X\n"
                + "    resolution: 1d\n    colour: red\n")));
        assertThrows(IllegalArgumentException.class, () -> SlaPolicies.read(writeText("policies:\n  - name: X\n")));
        assertEquals(List.of(), SlaPolicies.read(dir.resolve("missing.yaml")).all());
        Path noSuchField = writeText("policies:\n  - name: X\n    resolution: 1d\n    fields: {colour: red}\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SlaPolicies
                .read(noSuchField).checkFields(noSuchField, TicketFields.read(dir.resolve("missing.yaml"))));
        assertTrue(unknown.getMessage().contains("policy 'X', key 'fields.colour': no custom field"),
                unknown.getMessage());
    }

    private Path writeText(String text) throws java.io.IOException {
        return Files.writeString(Files.createTempFile(dir, "sla", ".yaml"), text);
    }

    /** Each target as "state due-or-met-time". */
    private static Map<String, String> levels(AgentSession who, String number) {
        JsonArray levels = who.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("serviceLevels");
        Map<String, String> out = new java.util.TreeMap<>();
        levels.stream().map(JsonObject.class::cast).forEach(l -> out.put(l.getString("target"),
                l.getString("state") + ("met".equals(l.getString("state")) ? " " + l.getString("metAt")
                        : "running".equals(l.getString("state")) ? " " + l.getString("dueAt") : "")));
        return out;
    }

    private static void team(AgentSession admin, String id, String name, String zone) {
        var answer = Await.result(admin.request(HttpMethod.PUT, "/api/v1/routing/teams/" + id)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", name).put("time-zone", zone)
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-17:00")))
                        .encode())), "team " + id);
        assertEquals(2, answer.statusCode() / 100, answer.bodyAsString());
    }

    private static io.vertx.ext.web.client.HttpResponse<Buffer> patch(AgentSession who, String ticket,
            JsonObject body) {
        return Await.result(who.request(HttpMethod.PATCH, "/api/v1/tickets/" + ticket)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())), "PATCH");
    }

    private static List<String> numbers(AgentSession who, String view) {
        return who.get("/api/v1/tickets?view=" + view).bodyAsJsonObject().getJsonArray("tickets").stream()
                .map(JsonObject.class::cast).map(t -> t.getString("number")).toList();
    }

}
