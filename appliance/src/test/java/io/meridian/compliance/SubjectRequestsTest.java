package io.meridian.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.NewAttachment;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.lingala.zip4j.ZipFile;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.model.FileHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-subject requests on a real node with a real SMTP relay (GreenMail): recorded with their legal deadline, the
 * customer told in their language; an access request answered with an encrypted export checked field by field; an
 * erasure and a correction answered through their request; the console's pages; bad input refused.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SubjectRequestsTest {

    private static final String PASSWORD = "Requests-test-pw-1";
    private static final String CANARY = "Tanuki-5521";

    @TempDir
    static Path dir;

    private static GreenMail relay;
    private static SignedInNode desk;
    private static AgentSession admin;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_STAFF_MAIL_SMTP_HOST", "127.0.0.1", "MERIDIAN_STAFF_MAIL_SMTP_PORT", String.valueOf(port),
                "MERIDIAN_STAFF_MAIL_SECURITY", "none", "MERIDIAN_STAFF_MAIL_FROM", "privacy@shop.example.com"));
        admin = desk.agent("erin", "Erin", Role.ADMIN, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.stop();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    private record Customer(String contactId, String chat, String mail) {
    }

    /** A Japanese customer with a chat, a mail with a file (the same address), a ticket with a note. */
    private static Customer customer(String email) {
        var hub = desk.node().node().hub();
        String contact = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("ja-JP", "Asia/Tokyo", "山田花子", email)), "visitor").contactId();
        String chat = Await.result(hub.visitorSays(contact, UUID.randomUUID().toString(),
                "注文 " + CANARY + " が届きません"), "chat").message().conversationId();
        String mail = Await.result(hub.channelSays(new ChannelInbound("mail-privacy", "email", email, "山田花子",
                "<" + UUID.randomUUID() + "@customer.example>", "注文", "写真を送ります " + CANARY, false, null,
                List.of(new NewAttachment("レシート.txt", "text/plain", "receipt 4471".getBytes(StandardCharsets.UTF_8))))),
                "mail").message().conversationId();
        String number = admin.postJson("/api/v1/tickets", new JsonObject().put("contactId", contact)
                .put("subject", "配送 " + CANARY)).bodyAsJsonObject().getString("number");
        assertEquals(201, admin.postJson("/api/v1/tickets/" + number + "/notes",
                new JsonObject().put("text", "Called back about " + CANARY)).statusCode());
        return new Customer(contact, chat, mail);
    }

    private static HttpResponse<Buffer> opened(String contactId, String kind, String law) {
        JsonObject body = new JsonObject().put("contactId", contactId).put("kind", kind)
                .put("verifiedBy", "email_reply");
        if (law != null) {
            body.put("law", law);
        }
        return admin.postJson("/api/v1/privacy/requests", body);
    }

    private static MimeMessage mailTo(String address, int count) throws Exception {
        assertTrue(relay.waitForIncomingEmail(10_000, count), "mail " + count + " arrived");
        MimeMessage found = null;
        for (MimeMessage m : relay.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                found = m;
            }
        }
        assertTrue(found != null, "a mail to " + address);
        return found;
    }

    @Test
    void anAccessRequestIsAnsweredWithTheCustomersWholeDataEncrypted() throws Exception {
        Customer c = customer("hanako@example.jp");
        int mailsBefore = relay.getReceivedMessages().length;
        HttpResponse<Buffer> created = opened(c.contactId(), "access", null);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject request = created.bodyAsJsonObject();
        assertEquals("gdpr", request.getString("law"), "the region's law: eu is not a CCPA region");
        assertEquals(Duration.ofDays(30), Duration.between(Instant.parse(request.getString("receivedAt")),
                Instant.parse(request.getString("dueAt"))));
        assertEquals(29, request.getLong("daysLeft"));
        assertEquals("sent", request.getString("confirmation"));
        MimeMessage received = mailTo("hanako@example.jp", mailsBefore + 1);
        assertTrue(received.getSubject().startsWith("ご請求を受け付けました"), received.getSubject());
        assertTrue(((String) received.getContent()).contains(request.getString("id").substring(28)));
        String id = request.getString("id");
        assertTrue(admin.get("/api/v1/privacy/requests").bodyAsString().contains(id), "listed as open");

        assertEquals(409, admin.postJson("/api/v1/privacy/requests/" + id + "/completion", new JsonObject())
                .statusCode(), "not done before the copy is made");
        HttpResponse<Buffer> exported = admin.postJson("/api/v1/privacy/requests/" + id + "/export", new JsonObject());
        assertEquals(201, exported.statusCode(), exported.bodyAsString());
        JsonObject made = exported.bodyAsJsonObject();
        String password = made.getString("password");
        assertTrue(password.matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}"), password);
        assertEquals(2, made.getJsonObject("export").getInteger("conversations"));
        assertEquals(1, made.getJsonObject("export").getInteger("tickets"));
        HttpResponse<Buffer> download = admin.get(made.getString("download"));
        assertEquals(200, download.statusCode());
        assertEquals("application/zip", download.getHeader("Content-Type"));
        assertFalse(new String(download.body().getBytes(), StandardCharsets.ISO_8859_1).contains(CANARY),
                "the archive is encrypted");
        Path zip = dir.resolve("export.zip");
        Files.write(zip, download.body().getBytes());

        try (ZipFile wrong = new ZipFile(zip.toFile(), "not-the-password".toCharArray())) {
            assertThrows(ZipException.class, () -> read(wrong, "contact.json"));
        }
        try (ZipFile archive = new ZipFile(zip.toFile(), password.toCharArray())) {
            assertTrue(read(archive, "README.ja.txt").contains("当社が保管しているお客様のデータ"));
            JsonObject contact = new JsonObject(read(archive, "contact.json"));
            assertEquals("山田花子", contact.getString("name"));
            assertEquals("hanako@example.jp", contact.getString("email"));
            assertEquals("Asia/Tokyo", contact.getString("timeZone"));
            JsonObject chat = new JsonObject(read(archive, "conversations/" + c.chat() + ".json"));
            assertEquals("web", chat.getString("channel"));
            assertEquals("注文 " + CANARY + " が届きません", chat.getJsonArray("messages").getJsonObject(0)
                    .getString("text"));
            JsonObject mail = new JsonObject(read(archive, "conversations/" + c.mail() + ".json"));
            assertEquals("写真を送ります " + CANARY, mail.getJsonArray("messages").getJsonObject(0).getString("text"));
            FileHeader file = archive.getFileHeaders().stream().filter(h -> h.getFileName().startsWith(
                    "conversations/" + c.mail() + "/attachments/")).findFirst().orElseThrow();
            assertTrue(file.getFileName().endsWith("-レシート.txt"), file.getFileName());
            try (InputStream in = archive.getInputStream(file)) {
                assertArrayEquals("receipt 4471".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
            }
            JsonObject ticket = new JsonObject(read(archive, "tickets.json")).getJsonArray("tickets").getJsonObject(0);
            assertEquals("配送 " + CANARY, ticket.getString("subject"));
            assertEquals("Called back about " + CANARY, ticket.getJsonArray("notes").getJsonObject(0).getString("text"));
            assertTrue(ticket.getJsonArray("history").size() >= 1);
            new JsonObject(read(archive, "consents.json"));
        }

        HttpResponse<Buffer> done = admin.postJson("/api/v1/privacy/requests/" + id + "/completion",
                new JsonObject().put("note", "sent by post"));
        assertEquals(200, done.statusCode(), done.bodyAsString());
        assertEquals("done", done.bodyAsJsonObject().getString("status"));
        MimeMessage finished = mailTo("hanako@example.jp", mailsBefore + 2);
        assertTrue(finished.getSubject().startsWith("ご請求の対応が完了しました"), finished.getSubject());
        assertFalse(((String) finished.getContent()).contains(CANARY), "the mail carries no customer data");
        assertTrue(admin.get("/api/v1/privacy/requests?status=done").bodyAsString().contains(id));
        assertEquals(409, admin.postJson("/api/v1/privacy/requests/" + id + "/refusal",
                new JsonObject().put("reason", "too late")).statusCode(), "a closed request stays closed");
        String audit = admin.get("/api/v1/audit").bodyAsString();
        assertTrue(audit.contains("Export " + made.getJsonObject("export").getString("id") + " downloaded by"), audit);
        assertFalse(audit.contains(CANARY) || audit.contains("hanako"), "no personal data in the trail");
    }

    @Test
    void erasureAndCorrectionAreAnsweredThroughTheirRequests() throws Exception {
        Customer erased = customer("taro@example.jp");
        HttpResponse<Buffer> created = opened(erased.contactId(), "erasure", "ccpa");
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject request = created.bodyAsJsonObject();
        assertEquals(Duration.ofDays(45), Duration.between(Instant.parse(request.getString("receivedAt")),
                Instant.parse(request.getString("dueAt"))), "the CCPA's 45 days");
        assertEquals(409, admin.postJson("/api/v1/privacy/requests/" + request.getString("id") + "/export",
                new JsonObject()).statusCode(), "an erasure request is not answered with a copy");
        HttpResponse<Buffer> done = admin.postJson("/api/v1/privacy/requests/" + request.getString("id")
                + "/erasure", new JsonObject());
        assertEquals(200, done.statusCode(), done.bodyAsString());
        assertEquals("erased", done.bodyAsJsonObject().getString("outcome"));
        assertTrue(Await.result(desk.node().node().conversations().contactShredded(erased.contactId()), "erased"));
        MimeMessage told = mailTo("taro@example.jp", relay.getReceivedMessages().length);
        assertTrue(((String) told.getContent()).contains("個人データを消去しました"), (String) told.getContent());
        assertEquals(409, opened(erased.contactId(), "access", null).statusCode(), "nothing left to ask about");

        Customer wrong = customer("jiro@example.jp");
        String id = opened(wrong.contactId(), "rectification", null).bodyAsJsonObject().getString("id");
        assertEquals(400, admin.postJson("/api/v1/privacy/requests/" + id + "/correction", new JsonObject())
                .statusCode(), "nothing to correct");
        HttpResponse<Buffer> corrected = admin.postJson("/api/v1/privacy/requests/" + id + "/correction",
                new JsonObject().put("name", "山田次郎").put("email", "jiro.yamada@example.jp"));
        assertEquals(200, corrected.statusCode(), corrected.bodyAsString());
        assertEquals("corrected: name, e-mail", corrected.bodyAsJsonObject().getString("outcome"));
        var conversations = desk.node().node().conversations();
        assertEquals("jiro.yamada@example.jp", Await.result(conversations.contactDetails(wrong.contactId()),
                "details").email());
        assertEquals("山田次郎", Await.result(conversations.storedContact(wrong.contactId()), "stored").orElseThrow()
                .name());
        assertTrue(Await.result(conversations.findContacts("jiro@example.jp"), "old").isEmpty(),
                "the wrong address no longer finds the customer");
        assertEquals(wrong.contactId(), Await.result(conversations.findContacts("jiro.yamada@example.jp"), "new")
                .get(0).contactId());
        mailTo("jiro.yamada@example.jp", relay.getReceivedMessages().length);
    }

    @Test
    void badRequestsAreRefusedAndOnlyAdminsMayAsk() {
        Customer c = customer("saburo@example.jp");
        assertEquals(400, opened(c.contactId(), "bogus", null).statusCode());
        assertEquals(400, opened(c.contactId(), "access", "hipaa").statusCode());
        assertEquals(404, opened(UUID.randomUUID().toString(), "access", null).statusCode());
        assertEquals(400, admin.postJson("/api/v1/privacy/requests", new JsonObject().put("contactId", c.contactId())
                .put("kind", "access").put("verifiedBy", "other").put("receivedAt", "2099-01-01T00:00:00Z"))
                .statusCode(), "not received in the future");
        assertEquals(404, admin.get("/api/v1/privacy/requests/" + UUID.randomUUID()).statusCode());
        assertEquals(404, admin.get("/api/v1/privacy/exports/" + UUID.randomUUID()).statusCode());
        assertEquals(404, admin.get("/api/v1/privacy/exports/..%2F..%2Fkeys%2Fnode.bcfks").statusCode());
        AgentSession agent = desk.agent("ana-" + UUID.randomUUID().toString().substring(0, 6), "Ana", Role.AGENT,
                PASSWORD);
        assertEquals(403, agent.get("/api/v1/privacy/requests").statusCode());
        assertEquals(403, agent.postJson("/api/v1/privacy/requests", new JsonObject()).statusCode());
        assertEquals(403, agent.get("/console/privacy/requests").statusCode());
    }

    @Test
    void theConsoleRecordsAndAnswersARequest() {
        Customer c = customer("shiro@example.jp");
        String list = admin.get("/console/privacy/requests?contact=" + c.contactId()).bodyAsString();
        assertTrue(list.contains("value=\"" + c.contactId() + "\""), "the form comes filled from the contact page");
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("csrf", admin.csrfToken())
                .add("contact", c.contactId()).add("kind", "access").add("verified", "signed_in");
        HttpResponse<Buffer> posted = post("/console/privacy/requests", form);
        assertEquals(302, posted.statusCode(), posted.bodyAsString());
        String page = posted.getHeader("Location");
        assertTrue(page.startsWith("/console/privacy/requests/"), page);
        String id = page.substring(page.lastIndexOf('/') + 1);
        assertTrue(admin.get("/console/contacts/" + c.contactId()).bodyAsString()
                .contains("data-request-id=\"" + id + "\""), "the contact page lists the customer's requests");
        String detail = admin.get(page).bodyAsString();
        assertTrue(detail.contains("/export") && detail.contains(c.contactId()), detail);
        assertTrue(admin.get("/console/privacy/requests").bodyAsString().contains(page.substring(page.lastIndexOf('/') + 1)),
                "listed as open");
        HttpResponse<Buffer> exported = post(page + "/export", MultiMap.caseInsensitiveMultiMap().add("csrf",
                admin.csrfToken()));
        assertEquals(200, exported.statusCode(), exported.bodyAsString());
        assertTrue(exported.bodyAsString().matches("(?s).*<code>[a-z2-9]{5}(-[a-z2-9]{5}){3}</code>.*"),
                "the password, shown once");
        assertFalse(admin.get(page).bodyAsString().matches("(?s).*<code>[a-z2-9]{5}(-[a-z2-9]{5}){3}</code>.*"),
                "and never again");
        assertEquals(400, post("/console/privacy/requests", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", admin.csrfToken()).add("contact", "nobody")).statusCode());
    }

    private static HttpResponse<Buffer> post(String uri, MultiMap form) {
        return Await.result(desk.web().request(HttpMethod.POST, desk.node().port(), AgentSession.HOST, uri)
                .putHeader("Cookie", admin.cookie()).followRedirects(false).sendForm(form), "form " + uri);
    }

    private static String read(ZipFile archive, String name) throws Exception {
        FileHeader header = archive.getFileHeader(name);
        assertTrue(header != null, "the archive has " + name);
        try (InputStream in = archive.getInputStream(header)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
