package io.meridian.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure by crypto-shredding on a real node: a customer with a chat, a mail (merged into one customer), a ticket
 * with a note; after the erasure nothing of theirs reads back through any API or page, their address finds nobody,
 * the search index forgot their words, the metadata stays; legal holds refuse it; a database from before the
 * erasure, put back, is shredded again at start.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ContactErasureTest {

    private static final String PASSWORD = "Erasure-test-pw-1";
    private static final String CANARY = "Quetzalcoatl-7731";
    private static final String NAME = "Wilhelmina Quokkason";
    private static final String EMAIL = "wilhelmina.q@example.com";

    @TempDir
    Path dir;

    private record Customer(String contactId, String mergedId, List<String> conversations, String ticket) {
    }

    /** A customer who chatted and mailed (two contacts, merged), with a ticket and a note carrying the canary. */
    private static Customer customer(SignedInNode node, AgentSession admin) {
        var hub = node.node().node().hub();
        String chatContact = Await.result(node.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("de-DE", "Europe/Berlin", NAME, EMAIL)), "visitor").contactId();
        String chat = Await.result(hub.visitorSays(chatContact, UUID.randomUUID().toString(),
                "Meine Bestellung " + CANARY + " ist nicht angekommen"), "chat").message().conversationId();
        var mailed = Await.result(hub.channelSays(new ChannelInbound("mail-erasure", "email", "other." + EMAIL,
                NAME, "<" + UUID.randomUUID() + "@customer.example>", "Bestellung", "Noch einmal: " + CANARY, false)),
                "a mail");
        String mail = mailed.message().conversationId();
        String mailContact = contactOf(admin, mail);
        HttpResponse<Buffer> merged = admin.postJson("/api/v1/contacts/" + mailContact + "/merge",
                new JsonObject().put("into", chatContact));
        assertEquals(200, merged.statusCode(), merged.bodyAsString());
        HttpResponse<Buffer> ticket = admin.postJson("/api/v1/tickets",
                new JsonObject().put("contactId", chatContact).put("subject", "Lost parcel " + CANARY));
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        String number = ticket.bodyAsJsonObject().getString("number");
        assertEquals(201, admin.postJson("/api/v1/tickets/" + number + "/notes",
                new JsonObject().put("text", "Called " + NAME + " about " + CANARY)).statusCode());
        return new Customer(chatContact, mailContact, List.of(chat, mail), number);
    }

    @Test
    void anErasedCustomerReadsBackAsMetadataOnlyAndIsFoundNoMore() {
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
            AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);
            Customer c = customer(node, admin);
            Await.until(() -> searched(agent, CANARY).containsAll(c.conversations()), Duration.ofSeconds(20),
                    "the canary is searchable first");
            assertTrue(contact(admin, c.contactId()).contains(CANARY), "the history reads before the erasure");

            assertEquals(403, admin(agent).post(c.contactId()).statusCode(), "an agent may not erase");
            HttpResponse<Buffer> erased = admin(admin).post(c.contactId());
            assertEquals(200, erased.statusCode(), erased.bodyAsString());
            JsonObject erasure = erased.bodyAsJsonObject();
            assertEquals(c.contactId(), erasure.getString("contactId"));
            assertEquals(2, erasure.getInteger("contactsShredded"), "the merged contact's key went too");
            assertEquals(2, erasure.getInteger("conversationsKept"));
            assertEquals(admin.agent().getString("id"), erasure.getString("erasedBy"));

            // Nothing of theirs reads back, wherever an agent looks.
            String history = contact(admin, c.contactId());
            assertFalse(history.contains(CANARY) || history.contains("Bestellung"), history);
            JsonArray conversations = new JsonObject(history).getJsonArray("conversations");
            assertEquals(2, conversations.size(), "the conversations stay as metadata");
            for (String conversation : c.conversations()) {
                String page = admin.get("/console/conversations/" + conversation).bodyAsString();
                assertFalse(page.contains(CANARY) || page.contains(NAME), page);
                assertEquals("closed", conversations.stream().map(o -> (JsonObject) o)
                        .filter(o -> o.getString("id").equals(conversation)).findFirst().orElseThrow()
                        .getString("status"), "open conversations were closed");
            }
            String ticket = admin.get("/api/v1/tickets/" + c.ticket()).bodyAsString();
            assertFalse(ticket.contains(CANARY), ticket);
            String notes = admin.get("/api/v1/tickets/" + c.ticket() + "/notes").bodyAsString();
            assertFalse(notes.contains(CANARY) || notes.contains(NAME), notes);
            String page = admin.get("/console/contacts/" + c.contactId()).bodyAsString();
            assertFalse(page.contains(CANARY) || page.contains(NAME), page);
            assertTrue(page.contains("class=\"erased\""), page);
            assertTrue(searched(agent, CANARY).isEmpty(), "the search index forgot the words");
            assertTrue(searched(agent, "Quokkason").isEmpty(), "and the name");
            assertTrue(Await.result(node.node().node().conversations().findContacts(EMAIL), "find").isEmpty(),
                    "the e-mail's blind index is gone");
            String mergedHistory = contact(admin, c.mergedId());
            assertFalse(mergedHistory.contains(CANARY), mergedHistory);

            for (String conversation : c.conversations()) {
                HttpResponse<Buffer> reply = admin.reply(conversation, UUID.randomUUID().toString(), "Hello?");
                assertEquals(409, reply.statusCode(), "no reply to an erased customer: " + reply.bodyAsString());
            }

            // The customer writes again: a new contact, not linked to the erased one.
            var again = Await.result(node.node().node().hub().channelSays(new ChannelInbound("mail-erasure", "email",
                    "other." + EMAIL, null, "<" + UUID.randomUUID() + "@customer.example>", "Hallo", "Ich bin's",
                    false)), "a new mail");
            String newContact = contactOf(admin, again.message().conversationId());
            assertNotEquals(c.mergedId(), newContact);
            assertNotEquals(c.contactId(), newContact);

            // Erasing again answers the same record; the state says so; the trail has ids only.
            HttpResponse<Buffer> twice = admin(admin).post(c.mergedId());
            assertEquals(200, twice.statusCode(), twice.bodyAsString());
            assertEquals(erasure.getString("erasedAt"), twice.bodyAsJsonObject().getString("erasedAt"));
            JsonObject state = admin.get("/api/v1/contacts/" + c.contactId() + "/erasure").bodyAsJsonObject();
            assertTrue(state.getBoolean("erased"), state.encode());
            String audit = admin.get("/api/v1/audit").bodyAsString();
            assertTrue(audit.contains("Customer " + c.contactId() + " erased by " + admin.agent().getString("id")),
                    audit);
            assertFalse(audit.contains(CANARY) || audit.contains(EMAIL) || audit.contains("Quokkason"), audit);

            assertEquals(404, admin(admin).post(UUID.randomUUID().toString()).statusCode());
            assertEquals(400, admin(admin).post("not-a-contact").statusCode());
        }
    }

    @Test
    void aLegalHoldRefusesTheErasureUntilLifted() {
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
            Customer c = customer(node, admin);
            String hold = "/api/v1/contacts/" + c.mergedId() + "/legal-hold";
            assertEquals(400, send(admin, HttpMethod.PUT, hold, new JsonObject().put("reference", "")).statusCode());
            assertEquals(400, send(admin, HttpMethod.PUT, hold, new JsonObject().put("reference", "a\nb")).statusCode());
            HttpResponse<Buffer> placed = send(admin, HttpMethod.PUT, hold,
                    new JsonObject().put("reference", "Case 2026-114"));
            assertEquals(200, placed.statusCode(), placed.bodyAsString());

            // The hold is on the merged contact: erasing the customer by either contact is refused.
            HttpResponse<Buffer> refused = admin(admin).post(c.contactId());
            assertEquals(409, refused.statusCode(), refused.bodyAsString());
            assertTrue(refused.bodyAsJsonObject().getString("type").endsWith("/legal-hold"), refused.bodyAsString());
            assertTrue(refused.bodyAsJsonObject().getString("detail").contains("Case 2026-114"));
            assertTrue(contact(admin, c.contactId()).contains(CANARY), "nothing was erased");

            MultiMap form = MultiMap.caseInsensitiveMultiMap().add("csrf", admin.csrfToken());
            HttpResponse<Buffer> unconfirmed = form(node, admin, "/console/contacts/" + c.contactId() + "/erasure", form);
            assertEquals(400, unconfirmed.statusCode(), "the console asks to confirm");

            assertEquals(204, send(admin, HttpMethod.DELETE, hold, null).statusCode());
            assertEquals(404, send(admin, HttpMethod.DELETE, hold, null).statusCode());
            HttpResponse<Buffer> confirmed = form(node, admin, "/console/contacts/" + c.contactId() + "/erasure",
                    MultiMap.caseInsensitiveMultiMap().add("csrf", admin.csrfToken()).add("confirm", "yes"));
            assertEquals(302, confirmed.statusCode(), confirmed.bodyAsString());
            assertFalse(contact(admin, c.contactId()).contains(CANARY));
        }
    }

    @Test
    void aDatabaseFromBeforeTheErasureIsShreddedAgainAtStart() throws Exception {
        Path saved = Files.createTempDirectory(dir.getParent(), "db-before-erasure");
        Customer c;
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.agent("erin", "Erin", Role.ADMIN, PASSWORD);
            c = customer(node, admin);
        }
        copyTree(dir.resolve("db"), saved.resolve("db"));
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            AgentSession admin = node.signIn("erin", PASSWORD);
            assertEquals(200, admin(admin).post(c.contactId()).statusCode());
        }
        deleteTree(dir.resolve("db"));
        copyTree(saved.resolve("db"), dir.resolve("db"));
        try (SignedInNode node = SignedInNode.alone(dir, TestStores.DERBY)) {
            assertTrue(Await.result(node.node().node().conversations().contactShredded(c.contactId()), "shredded"),
                    "the ledger shredded the restored key before the node served");
            AgentSession admin = node.signIn("erin", PASSWORD);
            String history = contact(admin, c.contactId());
            assertFalse(history.contains(CANARY), history);
            JsonObject state = admin.get("/api/v1/contacts/" + c.contactId() + "/erasure").bodyAsJsonObject();
            assertEquals(ContactErasure.BY_LEDGER, state.getJsonObject("erasure").getString("erasedBy"), state.encode());
        } finally {
            deleteTree(saved);
        }
    }

    private record Eraser(AgentSession session) {
        HttpResponse<Buffer> post(String contactId) {
            return session.postJson("/api/v1/contacts/" + contactId + "/erasure", new JsonObject());
        }
    }

    private static Eraser admin(AgentSession session) {
        return new Eraser(session);
    }

    private static String contactOf(AgentSession session, String conversationId) {
        return session.get("/api/v1/conversations/" + conversationId).bodyAsJsonObject().getString("contactId");
    }

    private static String contact(AgentSession session, String id) {
        HttpResponse<Buffer> r = session.get("/api/v1/contacts/" + id);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsString();
    }

    private static List<String> searched(AgentSession agent, String words) {
        HttpResponse<Buffer> r = agent.get("/api/v1/search?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("conversations").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static HttpResponse<Buffer> send(AgentSession session, HttpMethod method, String uri, JsonObject body) {
        var request = session.request(method, uri);
        return Await.result(body == null ? request.send() : request.sendJsonObject(body), method + " " + uri);
    }

    private static HttpResponse<Buffer> form(SignedInNode node, AgentSession session, String uri, MultiMap form) {
        return Await.result(node.web().request(HttpMethod.POST, node.node().port(), AgentSession.HOST, uri)
                .putHeader("Cookie", session.cookie()).followRedirects(false).sendForm(form), "form " + uri);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
