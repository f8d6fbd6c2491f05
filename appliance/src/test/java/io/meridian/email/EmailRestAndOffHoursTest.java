package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.ClosedDesk;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail messages through the REST API (subject, sender, sanitised HTML, attachments and their download) and the
 * off-hours reply mailed to e-mail customers, against a real node with the real channel-email plugin zip and an
 * in-process mail server. No team is open ({@link ClosedDesk}). Two mailboxes: {@code support-mail}, which mails the
 * off-hours reply (the default), and {@code quiet-mail}, named in {@code routing.off-hours.quiet-channels}.
 * <p>
 * "No mail" is shown without waiting for silence: after the case under test, the agent replies in the same
 * conversation and the test waits for that reply's mail. The outbox sends a conversation's entries strictly in order,
 * so an off-hours mail queued before the reply would have arrived before it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmailRestAndOffHoursTest {

    private static final String QUIET = "quiet@meridian.test";
    private static final String QUIET_INSTANCE = "quiet-mail";
    private static final String PASSWORD = "Email-rest-test-pw-1";
    /** The shipped Spanish off-hours template begins so. */
    private static final String OFF_HOURS_ES = "Gracias por su mensaje.";
    /** The shipped English off-hours template begins so. */
    private static final String OFF_HOURS_EN = "Thank you for your message.";

    @TempDir
    static Path dir;

    private static MailboxNode mailbox;
    private static SignedInNode desk;
    private static AgentSession carla;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        mailbox = MailboxNode.prepare(dir);
        mailbox.mail().setUser(QUIET, "quiet", "quiet-pw");
        String support = Files.readString(mailbox.connectors().resolve(MailboxNode.INSTANCE + ".yaml"));
        Files.writeString(mailbox.connectors().resolve(QUIET_INSTANCE + ".yaml"), support
                .replace("name: Support mailbox", "name: No-reply mailbox")
                .replace("imapUser: " + MailboxNode.SUPPORT_LOGIN, "imapUser: quiet")
                .replace("imapPassword: \"" + MailboxNode.SUPPORT_PASSWORD + "\"", "imapPassword: \"quiet-pw\"")
                .replace("fromAddress: " + MailboxNode.SUPPORT, "fromAddress: " + QUIET), StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(ClosedDesk.write(dir));
        env.put("MERIDIAN_ROUTING_TEMPLATES_DIR", mailbox.templates().toString());
        env.put("MERIDIAN_ROUTING_OFF_HOURS_QUIET_CHANNELS", QUIET_INSTANCE);
        desk = mailbox.startNode(vertx, env);
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (mailbox != null) {
            mailbox.stop();
        }
    }

    // --------------------------------------------------------------------------------------------------- tests

    /**
     * Verifies that an e-mail instance whose values pass the descriptor's types but not the plugin's own rules (a poll
     * interval of 0 s, a negative size) is refused at once with 400 and each property named, and nothing is stored;
     * and that the same instance with values in range is created (201).
     */
    @Test
    void valuesOutOfRangeAreRefusedWhenSaved() {
        AgentSession admin = desk.agent("olga", "Olga", Role.ADMIN, PASSWORD);
        JsonObject values = new JsonObject().put("imapHost", "127.0.0.1").put("imapPort", 993).put("imapUser", "u")
                .put("imapPassword", "p").put("smtpHost", "127.0.0.1").put("smtpPort", 587).put("smtpUser", "u")
                .put("smtpPassword", "p").put("fromAddress", "desk@meridian.test");
        JsonObject body = new JsonObject().put("plugin", "channel-email").put("factory", "channel-email")
                .put("name", "Range check").put("enabled", false);
        HttpResponse<Buffer> refused = Await.result(admin.request(HttpMethod.PUT, "/api/v1/plugin-instances/range-mail")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.copy().put("values",
                        values.copy().put("pollIntervalSeconds", 0).put("maxAttachmentBytes", -5)).encode())),
                "saving values out of range");
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        JsonObject problems = refused.bodyAsJsonObject().getJsonObject("problems");
        assertTrue(problems.getString("pollIntervalSeconds").contains("1 to 86400"), problems.encode());
        assertTrue(problems.containsKey("maxAttachmentBytes"), problems.encode());
        assertEquals(404, admin.get("/api/v1/plugin-instances/range-mail").statusCode(), "nothing stored");

        HttpResponse<Buffer> created = Await.result(admin.request(HttpMethod.PUT, "/api/v1/plugin-instances/range-mail")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.copy().put("values",
                        values.copy().put("pollIntervalSeconds", 30)).encode())), "saving values in range");
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(200, Await.result(admin.request(HttpMethod.DELETE, "/api/v1/plugin-instances/range-mail").send(),
                "deleting it").statusCode());
    }

    /**
     * Verifies that GET /api/v1/conversations/{id}/messages gives an HTML mail's subject, sender address, sanitised
     * HTML (no script, no handler) and attachment, that GET /api/v1/attachments/{id} downloads the attachment's bytes
     * for an agent, and that it answers 401 without a session and 403 to an account that must change its password.
     */
    @Test
    void restGivesTheMailsPartsAndTheAttachmentDownloadsForAgentsOnly() throws Exception {
        String customer = "hana@example.org";
        String marker = "invoice-" + UUID.randomUUID();
        byte[] pdf = ("%PDF-1.4 invoice " + marker).getBytes(StandardCharsets.US_ASCII);
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p onclick=\"steal()\">See <b>" + marker + "</b><script>alert('pwn')</script></p>",
                "text/html; charset=UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        attachment.setFileName("factura marzo.pdf");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(html);
        mixed.addBodyPart(attachment);
        send(MailboxNode.SUPPORT, customer, "Hana", "Invoice for March", Map.of(), m -> m.setContent(mixed));

        String id = MailboxNode.awaitConversation(carla, marker).getString("id");
        HttpResponse<Buffer> listed = carla.get("/api/v1/conversations/" + id + "/messages");
        assertEquals(200, listed.statusCode(), listed.bodyAsString());
        JsonObject mail = listed.bodyAsJsonObject().getJsonArray("messages").stream().map(JsonObject.class::cast)
                .filter(m -> "visitor".equals(m.getString("author"))).findFirst().orElseThrow()
                .getJsonObject("email");
        assertEquals("Invoice for March", mail.getString("subject"), mail.encode());
        assertEquals(customer, mail.getString("from"), mail.encode());
        assertNull(mail.getString("automatic"), mail.encode());
        String sanitised = mail.getString("html");
        assertTrue(sanitised.contains("<b>" + marker + "</b>"), sanitised);
        assertFalse(sanitised.contains("<script") || sanitised.contains("alert(") || sanitised.contains("onclick"),
                sanitised);
        JsonArray attachments = mail.getJsonArray("attachments");
        assertEquals(1, attachments.size(), mail.encode());
        JsonObject listedFile = attachments.getJsonObject(0);
        assertEquals("factura marzo.pdf", listedFile.getString("name"));
        assertEquals("application/pdf", listedFile.getString("mediaType"));
        assertEquals(pdf.length, listedFile.getLong("sizeBytes"));
        String url = listedFile.getString("url");
        assertEquals("/api/v1/attachments/" + listedFile.getString("id"), url);

        HttpResponse<Buffer> download = carla.get(url);
        assertEquals(200, download.statusCode(), download.bodyAsString());
        assertArrayEquals(pdf, download.body().getBytes());
        assertEquals("application/octet-stream", download.getHeader("Content-Type"));
        assertTrue(download.getHeader("Content-Disposition").startsWith("attachment;"),
                download.getHeader("Content-Disposition"));
        assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));

        HttpResponse<Buffer> anonymous = Await.result(desk.web().getAbs("http://127.0.0.1:" + desk.node().port() + url).send(),
                "the download without a session");
        assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
        assertFalse(anonymous.bodyAsString().contains(marker), anonymous.bodyAsString());

        AgentSession boss = desk.agent("boss", "Boss", Role.ADMIN, PASSWORD);
        HttpResponse<Buffer> created = boss.postJson("/api/v1/agents", new JsonObject().put("username", "newbie")
                .put("displayName", "Newbie").put("role", "AGENT").put("password", "Newbie-first-pw-123"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        AgentSession newbie = desk.signIn("newbie", "Newbie-first-pw-123");
        HttpResponse<Buffer> refused = newbie.get(url);
        assertEquals(403, refused.statusCode(), refused.bodyAsString());
        assertFalse(refused.bodyAsString().contains(marker), refused.bodyAsString());

        HttpResponse<Buffer> replied = carla.reply(id, UUID.randomUUID().toString(), "Thanks, we are on it");
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        List<JsonObject> all = carla.messages(id);
        assertTrue(all.stream().filter(m -> "agent".equals(m.getString("author"))).count() == 1, all.toString());
        assertTrue(all.stream().filter(m -> !"visitor".equals(m.getString("author")))
                .noneMatch(m -> m.containsKey("email")), "only mail carries an email object: " + all);

        assertEquals(400, carla.get("/api/v1/attachments/not-a-uuid").statusCode());
        assertEquals(404, carla.get("/api/v1/attachments/" + UUID.randomUUID()).statusCode());
    }

    /**
     * Verifies that a Spanish mail off hours is answered by exactly one mail, in Spanish, through the outbox; and that
     * the customer's second mail the same day, which reopens the closed conversation and is routed off hours again,
     * is not answered again.
     */
    @Test
    void offHoursMailIsAnsweredOnceADayInTheCustomersLanguage() throws Exception {
        String customer = "lucia@example.org";
        String marker = "pedido-" + UUID.randomUUID();
        send(MailboxNode.SUPPORT, customer, "Lucía", "Mi pedido", Map.of(), m -> m.setText("Hola, mi pedido "
                + "todavía no ha llegado y necesito saber cuándo lo van a entregar en mi casa, por favor. " + marker,
                "UTF-8"));
        String id = MailboxNode.awaitConversation(carla, marker).getString("id");

        MimeMessage answer = mailbox.mailTo(customer, OFF_HOURS_ES);
        assertEquals("es", answer.getHeader("Content-Language", null));
        assertEquals("auto-replied", answer.getHeader("Auto-Submitted", null), "Meridian wrote it, not a person");
        String text = MailboxNode.text(answer);
        assertTrue(text.startsWith("Hola, Lucía:"), text);
        assertTrue(answer.getSubject().contains("Mi pedido"), answer.getSubject());
        List<JsonObject> system = systemMessages(id);
        assertEquals(1, system.size(), system.toString());
        assertTrue(text.contains(system.get(0).getString("text")), text);

        HttpResponse<Buffer> closed = carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject());
        assertEquals(200, closed.statusCode(), closed.bodyAsString());
        String later = "Sigo esperando mi pedido " + UUID.randomUUID();
        send(MailboxNode.SUPPORT, customer, "Lucía", "Re: Mi pedido", Map.of("In-Reply-To", answer.getMessageID()),
                m -> m.setText(later, "UTF-8"));
        awaitValue(() -> {
            HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + id + "/routing");
            long offHours = r.statusCode() != 200 ? 0 : r.bodyAsJsonObject().getJsonArray("timeline").stream()
                    .map(JsonObject.class::cast).filter(e -> "OFF_HOURS".equals(e.getString("kind"))).count();
            return offHours == 2 ? Optional.of(true) : Optional.empty();
        }, "the reopened conversation routed off hours a second time");

        String barrier = agentReplyArrives(id, customer);
        assertEquals(1, mailsTo(customer, OFF_HOURS_ES), "one off-hours mail for the day");
        assertEquals(2, mailsTo(customer, ""), "the off-hours mail and the agent's reply (" + barrier + ")");
        assertEquals(1, systemMessages(id).size());
    }

    /** Verifies that an auto-reply opening a conversation off hours gets no off-hours mail (nor system message). */
    @Test
    void anAutoReplyIsNotMailedTheOffHoursReply() throws Exception {
        machineMailIsNotAnswered("robot@example.org", "Out of office", Map.of("Auto-Submitted", "auto-replied"),
                "I am out of the office until Monday and will read your mail then.");
    }

    /** Verifies that bulk mail (a newsletter) opening a conversation off hours gets no off-hours mail. */
    @Test
    void bulkMailIsNotMailedTheOffHoursReply() throws Exception {
        machineMailIsNotAnswered("news@example.org", "Our spring offers", Map.of("Precedence", "bulk"),
                "Discover our spring offers on kettles and blenders this week only.");
    }

    private static void machineMailIsNotAnswered(String robot, String subject, Map<String, String> headers,
            String text) throws Exception {
        String marker = "machine-" + UUID.randomUUID();
        send(MailboxNode.SUPPORT, robot, null, subject, headers, m -> m.setText(text + " " + marker, "UTF-8"));
        String id = MailboxNode.awaitConversation(carla, marker).getString("id");
        awaitValue(() -> {
            HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + id + "/routing");
            return r.statusCode() == 200 && r.bodyAsString().contains("no off-hours reply")
                    ? Optional.of(true) : Optional.empty();
        }, "the off-hours decision on the machine mail's conversation");

        agentReplyArrives(id, robot);
        assertEquals(1, mailsTo(robot, ""), "only the agent's reply went to the machine's address");
        assertEquals(0, mailsTo(robot, OFF_HOURS_EN));
        assertEquals(0, systemMessages(id).size());
    }

    /**
     * Verifies that on a mailbox named in routing.off-hours.quiet-channels the off-hours reply is only a system
     * message in the conversation: the customer gets no mail but the agent's reply.
     */
    @Test
    void aQuietChannelDoesNotMailTheOffHoursReply() throws Exception {
        String customer = "oscar@example.org";
        String marker = "quiet-" + UUID.randomUUID();
        send(QUIET, customer, "Oscar", "My order", Map.of(), m -> m.setText("Hello, my order has not arrived yet and "
                + "I would like to know when it will be delivered to my home, please. " + marker, "UTF-8"));
        JsonObject conversation = MailboxNode.awaitConversation(carla, marker);
        String id = conversation.getString("id");
        assertEquals(QUIET_INSTANCE, conversation.getString("channel"));
        awaitValue(() -> systemMessages(id).isEmpty() ? Optional.empty() : Optional.of(true),
                "the off-hours reply stored in the conversation");

        agentReplyArrives(id, customer);
        assertEquals(1, mailsTo(customer, ""), "only the agent's reply was mailed");
        assertEquals(0, mailsTo(customer, OFF_HOURS_EN));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface Body {
        void fill(MimeMessage m) throws Exception;
    }

    private static void send(String to, String from, String name, String subject, Map<String, String> headers,
            Body body) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(mailbox.mail().getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from, name, "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            m.setHeader(h.getKey(), h.getValue());
        }
        body.fill(m);
        m.saveChanges();
        Transport.send(m);
    }

    /** The agent answers in the conversation; waits for that mail in the customer's mailbox. */
    private static String agentReplyArrives(String conversationId, String customer) {
        String text = "Our answer " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.reply(conversationId, UUID.randomUUID().toString(), text);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        MimeMessage mail = mailbox.mailTo(customer, text);
        try {
            assertEquals("no", mail.getHeader("Auto-Submitted", null), "a person wrote the agent's reply");
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
        return text;
    }

    /** How many mails the mail server took for {@code address} whose text contains {@code containing}. */
    private static long mailsTo(String address, String containing) {
        return Arrays.stream(mailbox.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address))
                        && MailboxNode.text(m).contains(containing);
            } catch (Exception e) {
                throw new AssertionError("a received mail cannot be read", e);
            }
        }).count();
    }

    private static List<JsonObject> systemMessages(String conversationId) {
        return carla.messages(conversationId).stream().filter(m -> "system".equals(m.getString("author"))).toList();
    }

    private static <T> T awaitValue(Supplier<Optional<T>> probe, String what) {
        return Await.value(probe, MailboxNode.MAIL_WAIT, what);
    }
}
