package io.meridian.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.testing.Await;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job on a clock moved forward past the policies (eu: transcripts 730 days, files 180, closed tickets
 * 1825; us keeps transcripts ten years): a dry run counts exactly what then goes and changes nothing; the run empties
 * the texts, files, mail parts, notes and ticket texts that are due, keeps the metadata, leaves customers under a legal
 * hold, open conversations and the other region's customers as they were, and the search index forgets the words; a
 * second run finds nothing. Batches of three messages make every conversation take several writes.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RetentionTest {

    private static final String PASSWORD = "Retention-test-pw-1";
    private static final String CANARY = "Zyxwvut-4417";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(Instant.now());
    private SignedInNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    private SignedInNode start() {
        node = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_PRIVACY_RETENTION_TRANSCRIPTS_DAYS", "730",
                "MERIDIAN_PRIVACY_RETENTION_ATTACHMENTS_DAYS", "180",
                "MERIDIAN_PRIVACY_RETENTION_CLOSED_TICKETS_DAYS", "1825",
                "MERIDIAN_PRIVACY_RETENTION_REGIONS", "us:transcripts=3650, us:closed-tickets=0",
                "MERIDIAN_PRIVACY_RETENTION_BATCH_SIZE", "3"), clock);
        return node;
    }

    /** A web-chat customer's conversation with {@code messages} messages carrying the canary, closed unless open. */
    private String chat(String name, int messages, boolean close) {
        var conversations = node.node().node().conversations();
        var hub = node.node().node().hub();
        String contact = Await.result(conversations.identifyVisitor(null, new VisitorProfile("de-DE",
                "Europe/Berlin", name, null)), "a visitor").contactId();
        String conversation = null;
        for (int i = 0; i < messages; i++) {
            conversation = Await.result(hub.visitorSays(contact, UUID.randomUUID().toString(), "Paket " + CANARY
                    + " Nummer " + i), "a message").message().conversationId();
        }
        if (close) {
            assertTrue(Await.result(hub.close(conversation), "closing"));
        }
        return conversation;
    }

    private String contactOf(AgentSession admin, String conversationId) {
        return admin.get("/api/v1/conversations/" + conversationId).bodyAsJsonObject().getString("contactId");
    }

    private static String texts(AgentSession admin, String conversationId) {
        return new JsonArray(admin.messages(conversationId)).encode();
    }

    private static List<String> searched(AgentSession agent, String words) {
        HttpResponse<Buffer> r = agent.get("/api/v1/search?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("conversations").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static HttpResponse<Buffer> post(AgentSession session, String uri, String body) {
        var request = session.request(HttpMethod.POST, uri);
        return Await.result(body == null ? request.send() : request.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)), "POST " + uri);
    }

    /** The counts of one region in a run's answer; zeros when the region is not listed. */
    private static JsonObject region(JsonObject run, String region) {
        return run.getJsonArray("regions").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("region").equals(region)).findFirst()
                .orElse(new JsonObject().put("conversations", 0L).put("messages", 0L).put("attachments", 0L)
                        .put("tickets", 0L));
    }

    @Test
    void aRunOnAClockMovedForwardErasesWhatIsDueAndOnlyThat() throws Exception {
        start();
        AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
        AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);

        // Due: a chat of 7 messages (three writes of 3), and a mail with HTML and a file.
        String chat = chat("Anna Alt", 7, true);
        String chatContact = contactOf(admin, chat);
        var mailed = Await.result(node.node().node().mailIntake().accept("mail-retention", InboundMessage.builder(
                "<" + UUID.randomUUID() + "@customer.example>", ChannelIdentity.email("bert@example.com", "Bert"))
                .subject("Rechnung " + CANARY).text("Siehe Anhang " + CANARY)
                .html("<p>Siehe Anhang <b>" + CANARY + "</b></p>")
                .attachment(new Attachment("rechnung.txt", "text/plain", ("Rechnung " + CANARY)
                        .getBytes(StandardCharsets.UTF_8))).build()), "a mail");
        String mail = mailed.appended().message().conversationId();
        assertEquals(1, mailed.attachmentsStored());
        assertTrue(Await.result(node.node().node().hub().close(mail), "closing the mail"));
        // Kept: a customer under a legal hold, an open conversation, a customer homed in us.
        String held = chat("Hella Halt", 2, true);
        String restricted = chat("Rita Restrikt", 2, true);
        String open = chat("Otto Offen", 2, false);
        String elsewhere = chat("Uma Usa", 2, true);
        String elsewhereContact = contactOf(admin, elsewhere);
        Await.result(node.node().node().store().write(c -> {
            // As if the node's region had been us when this customer first wrote.
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET region = 'us' WHERE id = ?")) {
                s.setString(1, elsewhereContact);
                return s.executeUpdate();
            }
        }), "homing a customer in us");
        assertEquals(200, Await.result(admin.request(HttpMethod.PUT, "/api/v1/contacts/" + contactOf(admin, held)
                + "/legal-hold").sendJsonObject(new JsonObject().put("reference", "Case 7")), "a hold").statusCode());
        // Kept too: a customer whose processing is restricted (GDPR article 18 allows storage only).
        assertEquals(200, Await.result(admin.request(HttpMethod.PUT, "/api/v1/contacts/" + contactOf(admin,
                restricted) + "/restriction").sendJsonObject(new JsonObject().put("ground", "legal_claims")),
                "a restriction").statusCode());
        // A closed ticket with a note, of the chat's customer.
        HttpResponse<Buffer> ticket = admin.postJson("/api/v1/tickets", new JsonObject().put("contactId",
                chatContact).put("subject", "Paket " + CANARY));
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        String number = ticket.bodyAsJsonObject().getString("number");
        assertEquals(201, admin.postJson("/api/v1/tickets/" + number + "/notes", new JsonObject().put("text",
                "Angerufen wegen " + CANARY)).statusCode());
        for (String status : List.of("solved", "closed")) {
            HttpResponse<Buffer> changed = Await.result(admin.request(HttpMethod.PATCH, "/api/v1/tickets/" + number)
                    .sendJsonObject(new JsonObject().put("status", status)), "ticket " + status);
            assertEquals(200, changed.statusCode(), changed.bodyAsString());
        }
        // An internal note on the chat and the held conversation, and a stored translation of a message of each (as
        // the translation capability writes them; no engine runs here).
        for (String conversation : List.of(chat, held)) {
            assertEquals(201, admin.postJson("/api/v1/conversations/" + conversation + "/notes", new JsonObject()
                    .put("text", "Rückruf wegen " + CANARY)).statusCode());
            String message = admin.messages(conversation).get(0).getString("messageId");
            Await.result(node.node().node().store().write(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO message_translations (message_id, "
                        + "direction, target_lang, status, attempts, updated_at) VALUES (?, 'INBOUND', 'en', "
                        + "'TRANSLATED', 1, CURRENT_TIMESTAMP)")) {
                    s.setString(1, message);
                    return s.executeUpdate();
                }
            }), "a translation");
        }
        List<String> all = List.of(chat, mail, held, restricted, open, elsewhere);
        Await.until(() -> searched(agent, CANARY).containsAll(all), Duration.ofSeconds(20), "all searchable first");

        // A year on, nothing is due but the mail's file (180 days).
        clock.advance(Duration.ofDays(365));
        JsonObject early = post(admin, RetentionApi.BASE + "/dry-run", null).bodyAsJsonObject();
        assertEquals(new JsonObject().put("region", "eu").put("conversations", 0).put("messages", 0)
                .put("attachments", 1).put("tickets", 0), region(early, "eu"), early.encode());

        // Six years on: the eu chat and mail transcripts, the file, the ticket.
        clock.advance(Duration.ofDays(5 * 365));
        HttpResponse<Buffer> dryAnswer = post(admin, RetentionApi.BASE + "/dry-run", null);
        assertEquals(200, dryAnswer.statusCode(), dryAnswer.bodyAsString());
        JsonObject dry = dryAnswer.bodyAsJsonObject();
        JsonObject expected = new JsonObject().put("region", "eu").put("conversations", 2).put("messages", 8)
                .put("attachments", 1).put("tickets", 1);
        assertEquals(expected, region(dry, "eu"), dry.encode());
        assertEquals(1, dry.getJsonArray("regions").size(), "nothing of us is due: " + dry.encode());
        assertEquals(2, dry.getLong("heldSkipped"), "the held and the restricted customer: " + dry.encode());
        assertTrue(dry.getBoolean("dryRun"));
        assertTrue(texts(admin, chat).contains(CANARY), "a dry run changes nothing");
        assertEquals(1L, count("SELECT COUNT(*) FROM channel_conversations WHERE conversation_id = '" + mail
                + "' AND subject_sealed IS NOT NULL"), "the mail thread has its subject before the run");
        assertEquals(1, Await.result(node.node().node().conversations().attachments().ofConversation(mail), "files")
                .size());

        assertEquals(403, post(agent, RetentionApi.BASE + "/runs", null).statusCode(), "agents may not run it");
        assertEquals(403, agent.get(RetentionApi.BASE).statusCode());
        assertEquals(400, post(admin, RetentionApi.BASE + "/runs", "{\"transcriptsDays\": 1}").statusCode(),
                "a run follows the configuration, not the request");
        HttpResponse<Buffer> ranAnswer = post(admin, RetentionApi.BASE + "/runs", null);
        assertEquals(201, ranAnswer.statusCode(), ranAnswer.bodyAsString());
        JsonObject ran = ranAnswer.bodyAsJsonObject();
        assertEquals(expected, region(ran, "eu"), "the run erased what the dry run counted: " + ran.encode());
        assertEquals("done", ran.getString("outcome"));
        // The same job over JMX: the runs listed, newest first; a dry run now finds nothing left of those.
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName bean = jmx.queryNames(
                new javax.management.ObjectName("io.meridian:type=Retention,*"), null).iterator().next();
        // The test's clock stands still, so the run and the dry run before it started at the same instant.
        List<String> runs = List.of((String[]) jmx.getAttribute(bean, "LatestRuns"));
        assertEquals(3, runs.size(), String.join("\n", runs));
        assertTrue(runs.stream().anyMatch(r -> !r.contains("(dry run)")
                && r.contains(": done, 2 conversations, 8 messages, 1 files, 1 tickets erased; 2 kept")),
                String.join("\n", runs));
        assertTrue(runs.get(2).contains("(dry run): done, 0 conversations, 0 messages, 1 files"), runs.get(2));
        assertEquals(false, jmx.getAttribute(bean, "Running"));
        String jmxDryRun = (String) jmx.invoke(bean, "dryRun", new Object[0], new String[0]);
        assertTrue(jmxDryRun.contains("by jmx (dry run): done, 0 conversations, 0 messages, 0 files, 0 tickets would"),
                jmxDryRun);

        // Gone: texts (the rows stay, in order), the file, the mail's HTML and subject, the ticket's texts.
        List<JsonObject> chatMessages = admin.messages(chat);
        assertEquals(7, chatMessages.size(), "the messages stay as metadata");
        assertFalse(texts(admin, chat).contains(CANARY), texts(admin, chat));
        assertFalse(texts(admin, mail).contains(CANARY), texts(admin, mail));
        assertTrue(Await.result(node.node().node().conversations().attachments().ofConversation(mail), "files")
                .isEmpty());
        HttpResponse<Buffer> mailAnswer = admin.get("/console/conversations/" + mail);
        assertEquals(200, mailAnswer.statusCode(), "the erased mail's page still opens");
        String mailPage = mailAnswer.bodyAsString();
        assertFalse(mailPage.contains(CANARY), mailPage);
        JsonObject summary = admin.get("/api/v1/conversations/" + chat).bodyAsJsonObject();
        assertEquals("closed", summary.getString("status"), summary.encode());
        assertFalse(summary.encode().contains(CANARY), summary.encode());
        String ticketNow = admin.get("/api/v1/tickets/" + number).bodyAsString();
        assertFalse(ticketNow.contains(CANARY), ticketNow);
        assertEquals("closed", new JsonObject(ticketNow).getString("status"), ticketNow);
        String notes = admin.get("/api/v1/tickets/" + number + "/notes").bodyAsString();
        assertFalse(notes.contains(CANARY), notes);
        assertEquals(0L, count("SELECT COUNT(*) FROM message_translations t JOIN messages m ON m.id = t.message_id "
                + "WHERE m.conversation_id = '" + chat + "'"), "the chat's translations went");
        assertEquals(1L, count("SELECT COUNT(*) FROM message_translations t JOIN messages m ON m.id = t.message_id "
                + "WHERE m.conversation_id = '" + held + "'"), "the held customer's stayed");
        assertEquals(0L, count("SELECT COUNT(*) FROM message_html WHERE conversation_id = '" + mail
                + "' AND (html_sealed IS NOT NULL OR subject_sealed IS NOT NULL OR sender_sealed IS NOT NULL)"));
        assertEquals(0L, count("SELECT COUNT(*) FROM message_fingerprints WHERE conversation_id = '" + mail + "'"));
        assertEquals(0L, count("SELECT COUNT(*) FROM channel_conversations WHERE conversation_id = '" + mail
                + "' AND (subject_sealed IS NOT NULL OR display_name_sealed IS NOT NULL)"),
                "the thread's subject and sender name went");
        assertFalse(admin.get("/api/v1/conversations/" + chat + "/routing").bodyAsString().contains(CANARY));
        assertTrue(admin.get("/api/v1/conversations/" + held + "/routing").bodyAsString().contains(CANARY));
        // Kept: the held customer's, the open conversation, the us customer's.
        for (String kept : List.of(held, restricted, open, elsewhere)) {
            assertTrue(texts(admin, kept).contains(CANARY), kept);
        }
        Await.until(() -> {
            List<String> found = searched(agent, CANARY);
            return !found.contains(chat) && !found.contains(mail) && found.containsAll(List.of(held, restricted, open, elsewhere));
        }, Duration.ofSeconds(20), "the search index forgot the erased words only");
        // Indexed again without its words (after forgetting them): found by its customer.
        Await.until(() -> searched(agent, "Anna").contains(chat), Duration.ofSeconds(20),
                "the conversation is still found by its customer");

        // Again: nothing more goes; the runs are listed, and the audit trail has ids and counts only.
        JsonObject again = post(admin, RetentionApi.BASE + "/runs", null).bodyAsJsonObject();
        assertTrue(again.getJsonArray("regions").isEmpty(), again.encode());
        JsonObject overview = admin.get(RetentionApi.BASE).bodyAsJsonObject();
        assertEquals(5, overview.getJsonArray("runs").size(), "with the dry run over JMX: " + overview.encode());
        assertEquals(730, overview.getJsonObject("policies").getJsonObject("default").getInteger("transcriptsDays"));
        assertEquals(3650, overview.getJsonObject("policies").getJsonObject("regions").getJsonObject("us")
                .getInteger("transcriptsDays"));
        String audit = admin.get("/api/v1/audit").bodyAsString();
        assertTrue(audit.contains("Retention run " + ran.getString("id")), audit);
        assertFalse(audit.contains(CANARY), audit);

        String page = admin.get("/console/privacy/retention").bodyAsString();
        assertTrue(page.contains("<code>us</code></td><td>3,650 days"), page);
        assertEquals(403, agent.get("/console/privacy/retention").statusCode());
        HttpResponse<Buffer> dryPage = form(admin, "/console/privacy/retention/dry-run", MultiMap
                .caseInsensitiveMultiMap().add("csrf", admin.csrfToken()));
        assertEquals(200, dryPage.statusCode(), dryPage.bodyAsString());
        assertTrue(dryPage.bodyAsString().contains("Nothing is due.") && dryPage.bodyAsString()
                .contains("2 items kept because of a legal hold or a restriction of processing"),
                dryPage.bodyAsString());
        assertEquals(400, form(admin, "/console/privacy/retention/runs", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", admin.csrfToken())).statusCode(), "the console asks to confirm a run");
        assertEquals(302, form(admin, "/console/privacy/retention/runs", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", admin.csrfToken()).add("confirm", "yes")).statusCode());
        assertEquals(7, admin.get(RetentionApi.BASE).bodyAsJsonObject().getJsonArray("runs").size());
    }

    private long count(String sql) {
        return Await.result(node.node().node().store().read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql); java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }), sql);
    }

    private HttpResponse<Buffer> form(AgentSession session, String uri, MultiMap form) {
        return Await.result(node.web().request(HttpMethod.POST, node.node().port(), AgentSession.HOST, uri)
                .putHeader("Cookie", session.cookie()).followRedirects(false).sendForm(form), "form " + uri);
    }
}
