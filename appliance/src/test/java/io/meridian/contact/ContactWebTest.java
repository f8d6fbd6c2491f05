package io.meridian.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The contact page and API on a real node: one history across channels, merges by REST and form, the audit row. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContactWebTest {

    private static final String PASSWORD = "Contact-web-test-pw-1";

    @TempDir
    static Path dataDir;

    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession carla;
    private static ConversationService conversations;

    @BeforeAll
    static void start(Vertx vertx) {
        desk = SignedInNode.start(vertx, dataDir, Map.of());
        node = desk.node();
        web = desk.web();
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
        conversations = node.node().conversations();
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.stop();
        }
    }

    private static Appended mail(String from, String text) {
        return Await.result(conversations.appendChannelMessage(new ChannelInbound("mail-web", "email", from, null,
                "<" + UUID.randomUUID() + "@customer.example>", "Question", text)), "a mail arrives");
    }

    @Test
    void theAgentSeesOneHistoryAcrossChannelsAndALinkFromTheConversation() {
        VisitorIdentity visitor = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("fr-FR", "Europe/Paris", "Léa", "lea@example.com")), "visitor");
        Await.result(conversations.appendVisitorMessage(visitor.contactId(), "w-1", "Bonjour du widget"), "chat");
        Appended mailed = mail("LEA@example.com", "Bonjour par e-mail");

        HttpResponse<Buffer> api = carla.get("/api/v1/contacts/" + visitor.contactId());
        assertEquals(200, api.statusCode(), api.bodyAsString());
        JsonArray list = api.bodyAsJsonObject().getJsonArray("conversations");
        Set<String> channels = list.stream().map(o -> ((JsonObject) o).getString("channel")).collect(Collectors.toSet());
        assertEquals(Set.of("web", "mail-web"), channels);
        String body = api.bodyAsString();
        assertTrue(body.contains("Bonjour du widget") && body.contains("Bonjour par e-mail"), body);

        HttpResponse<Buffer> page = carla.get("/console/contacts/" + visitor.contactId());
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("Bonjour du widget")
                && page.bodyAsString().contains("Bonjour par e-mail"), page.bodyAsString());

        HttpResponse<Buffer> conversation = carla.get("/console/conversations/" + mailed.message().conversationId());
        assertEquals(200, conversation.statusCode());
        assertTrue(conversation.bodyAsString().contains("href=\"/console/contacts/" + visitor.contactId() + "\""),
                conversation.bodyAsString());
    }

    @Test
    void mergeByRestIsRecordedAndShownOnTheContactPage() {
        String into = contactOf(mail("max@example.com", "Mail von Max"));
        String from = contactOf(mail("max.private@example.com", "Noch eine Mail"));

        HttpResponse<Buffer> merged = carla.postJson("/api/v1/contacts/" + from + "/merge", new JsonObject().put("into", into));
        assertEquals(200, merged.statusCode(), merged.bodyAsString());
        assertEquals("carla", merged.bodyAsJsonObject().getString("agentUsername"));
        assertEquals(1, merged.bodyAsJsonObject().getInteger("identitiesMoved"));

        JsonObject history = carla.get("/api/v1/contacts/" + into).bodyAsJsonObject();
        assertEquals(2, history.getJsonArray("conversations").size());
        assertEquals(1, history.getJsonArray("merges").size());
        assertEquals(into, carla.get("/api/v1/contacts/" + from).bodyAsJsonObject().getString("mergedInto"));
        // A later mail from the merged address lands with the surviving contact.
        assertEquals(into, contactOf(mail("max.private@example.com", "Und noch eine")));

        String page = carla.get("/console/contacts/" + into).bodyAsString();
        assertTrue(page.contains("class=\"merged-by\">carla</td>"), page);
        assertTrue(page.contains("Mail von Max") && page.contains("Noch eine Mail"), page);

        assertEquals(409, carla.postJson("/api/v1/contacts/" + from + "/merge", new JsonObject().put("into", into))
                .statusCode());
    }

    @Test
    void badMergesAnswerWithProblemsAndNeedTheCsrfToken() {
        String a = contactOf(mail("p1@example.com", "one"));
        String b = contactOf(mail("p2@example.com", "two"));
        assertEquals(400, carla.postJson("/api/v1/contacts/" + a + "/merge", new JsonObject().put("into", "nope"))
                .statusCode());
        assertEquals(404, carla.postJson("/api/v1/contacts/" + a + "/merge",
                new JsonObject().put("into", UUID.randomUUID().toString())).statusCode());
        assertEquals(409, carla.postJson("/api/v1/contacts/" + a + "/merge", new JsonObject().put("into", a))
                .statusCode());
        HttpResponse<Buffer> noCsrf = Await.result(web.post(node.port(), AgentSession.HOST,
                "/api/v1/contacts/" + a + "/merge").putHeader("Cookie", carla.cookie())
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("into", b).encode())), "no csrf");
        assertEquals(403, noCsrf.statusCode());
        HttpResponse<Buffer> anonymous = Await.result(web.get(node.port(), AgentSession.HOST, "/api/v1/contacts/" + a)
                .send(), "anonymous");
        assertEquals(401, anonymous.statusCode());
        assertTrue(carla.get("/api/v1/contacts/" + a).bodyAsJsonObject().getJsonArray("merges").isEmpty());
    }

    @Test
    void theConsoleFormMergesWithTheCsrfToken() {
        String a = contactOf(mail("f1@example.com", "form one"));
        String b = contactOf(mail("f2@example.com", "form two"));
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("into", b).add("csrf", carla.csrfToken());
        HttpResponse<Buffer> posted = Await.result(web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/contacts/" + a + "/merge").putHeader("Cookie", carla.cookie()).followRedirects(false)
                .sendForm(form), "form merge");
        assertEquals(302, posted.statusCode(), posted.bodyAsString());
        assertEquals("/console/contacts/" + b + "?merged", posted.getHeader("Location"));
        assertEquals(b, carla.get("/api/v1/contacts/" + a).bodyAsJsonObject().getString("mergedInto"));
    }

    /**
     * Verifies that the other contact of a merge is found on the contact page by its e-mail address (any case) and by
     * the visitor number the console shows, never the contact itself, that a search finding nothing says so, and that
     * the found contact's button merges into it.
     */
    @Test
    void theOtherContactIsFoundByEmailOrVisitorNumber() {
        String a = contactOf(mail("search-a@example.com", "search one"));
        String b = contactOf(mail("Search-B@Example.com", "search two"));
        String byEmail = carla.get("/console/contacts/" + a + "?find=SEARCH-b%40example.COM").bodyAsString();
        assertTrue(byEmail.contains("<li data-contact-id=\"" + b + "\">"), byEmail);
        assertTrue(byEmail.contains("name=\"into\" value=\"" + b + "\""), byEmail);
        String byNumber = carla.get("/console/contacts/" + a + "?find=Visitor%20" + b.substring(0, 8)).bodyAsString();
        assertTrue(byNumber.contains("<li data-contact-id=\"" + b + "\">"), byNumber);
        String self = carla.get("/console/contacts/" + a + "?find=" + a.substring(0, 8)).bodyAsString();
        assertFalse(self.contains("<li data-contact-id=\"" + a + "\">"), "never the contact itself");
        String none = carla.get("/console/contacts/" + a + "?find=nobody%40example.com").bodyAsString();
        assertTrue(none.contains("No contact found."), none);
        assertFalse(carla.get("/console/contacts/" + a + "?find=abc").bodyAsString().contains("<li data-contact-id"),
                "too short a number finds nothing");

        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("into", b).add("csrf", carla.csrfToken());
        HttpResponse<Buffer> posted = Await.result(web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/contacts/" + a + "/merge").putHeader("Cookie", carla.cookie()).followRedirects(false)
                .sendForm(form), "merging into the found contact");
        assertEquals(302, posted.statusCode(), posted.bodyAsString());
        String afterMerge = carla.get("/console/contacts/" + b + "?find=search-a%40example.com").bodyAsString();
        assertFalse(afterMerge.contains("<li data-contact-id=\"" + a + "\">"), "a merged contact is not found");
    }

    /** Verifies that the contact page, its merges and its errors are in the agent's language (here the browser's). */
    @Test
    void theContactPageSpeaksTheAgentsLanguage() {
        String into = contactOf(mail("de1@example.com", "Erste Mail"));
        String from = contactOf(mail("de2@example.com", "Zweite Mail"));
        assertEquals(200, carla.postJson("/api/v1/contacts/" + from + "/merge", new JsonObject().put("into", into))
                .statusCode());

        String merged = german("/console/contacts/" + from).bodyAsString();
        assertTrue(merged.contains("<html lang=\"de\"") && merged.contains("Kontakt " + from.substring(0, 8))
                && merged.contains("Zusammengeführt mit <a href=\"/console/contacts/" + into + "\">"), merged);
        String page = german("/console/contacts/" + into).bodyAsString();
        assertTrue(page.contains("<title>Kontakt · Meridian</title>") && page.contains("<th>Zielkontakt</th>")
                && page.contains(">Suchen</button>") && page.contains("Erste Mail"), page);
        for (String english : List.of("Merged into", "Conversations", "Merges", "Merge this contact", "No merges")) {
            assertFalse(page.contains(english) || merged.contains(english), english + " left in English");
        }

        HttpResponse<Buffer> missing = german("/console/contacts/" + UUID.randomUUID());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.bodyAsString().contains("Diesen Kontakt gibt es nicht."), missing.bodyAsString());
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("into", into).add("csrf", carla.csrfToken());
        HttpResponse<Buffer> self = Await.result(web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/contacts/" + into + "/merge").putHeader("Cookie", carla.cookie())
                .putHeader("Accept-Language", "de-DE,de;q=0.9").sendForm(form), "merging a contact into itself");
        assertEquals(409, self.statusCode());
        assertTrue(self.bodyAsString().contains("Ein Kontakt kann nicht mit sich selbst zusammengeführt werden"),
                self.bodyAsString());
    }

    private static HttpResponse<Buffer> german(String uri) {
        return Await.result(carla.request(HttpMethod.GET, uri).putHeader("Accept-Language", "de-DE,de;q=0.9").send(),
                "GET " + uri + " in German");
    }

    private static String contactOf(Appended a) {
        JsonObject conversation = carla.get("/api/v1/conversations/" + a.message().conversationId()).bodyAsJsonObject();
        return conversation.getString("contactId");
    }
}
