package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.ClosedDesk;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * E-mail end to end: a real node with the real channel-email plugin zip, reading and answering a mailbox on an
 * in-process mail server (SMTP and IMAP). Routing is set up so that no team is open, so every new conversation is
 * off hours: a person's mail gets the off-hours reply, a machine's mail does not.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class EmailChannelEndToEndTest {

    @Parameter
    StoreEngine engine;

    private static final String CUSTOMER = "maria.lopez@example.org";
    private static final String PASSWORD = "Email-e2e-test-pw-1";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static MailboxNode mailbox;
    private static TestNode node;
    private static AgentSession carla;

    @BeforeParameterizedClassInvocation
    static void start(StoreEngine engine) throws Exception {
        vertx = Vertx.vertx();
        Path engineDir = java.nio.file.Files.createDirectories(dir.resolve(engine.configName()));
        mailbox = MailboxNode.prepare(engineDir);
        mailbox.mail().setUser(CUSTOMER, "maria", "maria-pw");
        // The only team ("Desk") opens for one hour, twelve hours from now: nothing is open while the test runs.
        Map<String, String> overrides = new java.util.HashMap<>(ClosedDesk.write(engineDir));
        overrides.putAll(TestStores.nodeOverrides(engine));
        SignedInNode desk = mailbox.startNode(vertx, overrides);
        node = desk.node();
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (mailbox != null) {
            mailbox.stop();
            mailbox = null;
        }
        vertx.close().await();
    }

    // --------------------------------------------------------------------------------------------------- tests

    /**
     * Verifies the round trip: a customer's mail opens a conversation (with the off-hours reply, no team being open);
     * the agent's reply reaches the customer's mailbox from the reply template with In-Reply-To and References naming
     * the customer's mail and the subject token; the customer's answer to it (threaded by Message-ID only) joins
     * the same conversation.
     */
    @Test
    void customerMailAgentReplyAndCustomerAnswerStayInOneConversation() throws Exception {
        String firstId = "<first." + UUID.randomUUID() + "@example.org>";
        String marker = "kettle-" + UUID.randomUUID();
        send(CUSTOMER, "María López", "My kettle leaks", firstId, null, "The kettle leaks " + marker, null, Map.of());
        JsonObject conversation = awaitConversation(marker);
        String id = conversation.getString("id");
        assertEquals(MailboxNode.INSTANCE, conversation.getString("channel"));
        awaitValue(() -> carla.messages(id).stream().anyMatch(m -> "system".equals(m.getString("author")))
                ? Optional.of(true) : Optional.empty(), "the off-hours reply to a person's mail");

        String answer = "We will send you a new kettle " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.reply(id, UUID.randomUUID().toString(), answer);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());

        MimeMessage reply = mailbox.mailTo(CUSTOMER, answer);
        assertEquals(firstId, reply.getHeader("In-Reply-To", null));
        assertTrue(reply.getHeader("References", " ").contains(firstId), reply.getHeader("References", " "));
        assertTrue(reply.getSubject().matches("(?i)re: .*My kettle leaks.*\\[#[a-z0-9]+].*"), reply.getSubject());
        String body = MailboxNode.text(reply);
        assertTrue(body.startsWith("Hello María López,"), body);
        assertTrue(body.contains("Kind regards,") && body.contains("Carla"), body);
        assertTrue(body.contains("Reply to this e-mail to continue the conversation"), body);
        // $teamName: the team routing queued the conversation in.
        assertTrue(body.contains("you wrote to the Desk team"), body);
        String ourId = reply.getMessageID();
        assertNotNull(ourId);

        // The customer answers from a client that drops the subject's token: the Message-ID alone threads it.
        String followUp = "Thanks, when will it arrive " + UUID.randomUUID();
        send(CUSTOMER, "María López", "Re: My kettle leaks", "<second." + UUID.randomUUID() + "@example.org>", ourId,
                followUp, null, Map.of("References", firstId + " " + ourId));
        awaitValue(() -> carla.messages(id).stream().anyMatch(m -> m.getString("text", "").contains(followUp))
                ? Optional.of(true) : Optional.empty(), "the customer's answer in the same conversation");
        assertEquals(1, conversationsContaining(followUp), "the answer opened no other conversation");
    }

    /**
     * Verifies that the customer's answer to our reply, after the agent closed the conversation, travels back through
     * the mailbox into that conversation, which is open again and routed anew (queued, off hours, in Desk).
     */
    @Test
    void anAnswerAfterClosingReopensTheConversation() throws Exception {
        String customer = "tom@example.org";
        String marker = "blender-" + UUID.randomUUID();
        send(customer, "Tom", "Blender noise", "<bl." + UUID.randomUUID() + "@example.org>", null,
                "The blender is noisy " + marker, null, Map.of());
        String id = awaitConversation(marker).getString("id");
        String answer = "Please send it back " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.reply(id, UUID.randomUUID().toString(), answer);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        MimeMessage reply = mailbox.mailTo(customer, answer);
        HttpResponse<Buffer> closed = carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject());
        assertEquals(200, closed.statusCode(), closed.bodyAsString());

        String later = "It is noisy again " + UUID.randomUUID();
        send(customer, "Tom", "Re: Blender noise", "<bl2." + UUID.randomUUID() + "@example.org>",
                reply.getMessageID(), later, null, Map.of());
        awaitValue(() -> carla.messages(id).stream().anyMatch(m -> m.getString("text", "").contains(later))
                ? Optional.of(true) : Optional.empty(), "the answer in the closed conversation");
        assertEquals("open", carla.get("/api/v1/conversations/" + id).bodyAsJsonObject().getString("status"));
        String timeline = awaitValue(() -> {
            HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + id + "/routing");
            JsonObject t = r.statusCode() == 200 ? r.bodyAsJsonObject() : new JsonObject();
            return "queued".equals(t.getString("state")) && r.bodyAsString().contains("REOPENED")
                    ? Optional.of(r.bodyAsString()) : Optional.empty();
        }, "the conversation routed again after reopening");
        assertTrue(timeline.contains("The customer replied through support-mail; the conversation is open again"),
                timeline);
    }

    /** Verifies that a mail with a script is stored sanitised and served so through the console's mail view. */
    @Test
    void htmlMailIsStoredSanitised() throws Exception {
        String marker = "html-" + UUID.randomUUID();
        send("hana@example.org", "Hana", "Invoice", "<h." + UUID.randomUUID() + "@example.org>", null, null,
                "<p onclick=\"steal()\">See <b>" + marker + "</b><script>alert('pwn')</script></p>", Map.of());
        String id = awaitConversation(marker).getString("id");
        JsonObject stored = carla.messages(id).stream().filter(m -> "visitor".equals(m.getString("author")))
                .findFirst().orElseThrow();
        assertFalse(stored.getString("text").contains("alert"), stored.encode());
        HttpResponse<Buffer> html = carla.get("/console/messages/" + stored.getString("messageId") + "/html");
        assertEquals(200, html.statusCode(), html.bodyAsString());
        String page = html.bodyAsString();
        assertTrue(page.contains("<b>" + marker + "</b>"), page);
        assertFalse(page.contains("<script") || page.contains("alert(") || page.contains("onclick"), page);
    }

    /** Verifies that an auto-reply opens a conversation, off hours as it is, and gets no off-hours reply. */
    @Test
    void anAutoReplyGetsNoOffHoursReply() throws Exception {
        String marker = "away-" + UUID.randomUUID();
        send("robot@example.org", null, "Out of office", "<a." + UUID.randomUUID() + "@example.org>", null,
                "I am away until Monday " + marker, null, Map.of("Auto-Submitted", "auto-replied"));
        String id = awaitConversation(marker).getString("id");
        String timeline = awaitValue(() -> {
            HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + id + "/routing");
            return r.statusCode() == 200 && r.bodyAsString().contains("no off-hours reply")
                    ? Optional.of(r.bodyAsString()) : Optional.empty();
        }, "the off-hours decision on the auto-reply's conversation");
        assertTrue(timeline.contains("OFF_HOURS"), timeline);
        List<JsonObject> all = carla.messages(id);
        assertTrue(all.stream().noneMatch(m -> "system".equals(m.getString("author"))), all.toString());
    }

    /** Verifies that a widget visitor who left their address is the same contact when they write by e-mail. */
    @Test
    void aWidgetVisitorWritingByEmailIsTheSameContact() throws Exception {
        VisitorIdentity visitor = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("fr-FR", "Europe/Paris", "Léa", "lea@example.org")), "a widget visitor");
        String marker = "lea-" + UUID.randomUUID();
        send("LEA@example.org", "Léa", "Ma commande", "<l." + UUID.randomUUID() + "@example.org>", null,
                "Bonjour, ma commande " + marker, null, Map.of());
        JsonObject conversation = awaitConversation(marker);
        assertEquals(visitor.contactId(), conversation.getString("contactId"));
    }

    /**
     * Verifies that a sender whose encoded display name and subject hide CR/LF and a Bcc header is answered: the
     * conversation shows the name and subject with spaces for the line breaks, and the agent's reply reaches the
     * customer's mailbox, addressed to the customer alone, with no injected header.
     */
    @Test
    void aNameWithEncodedLineBreaksIsNeutralisedAndTheCustomerGetsTheReply() throws Exception {
        String customer = "eve@example.org";
        String marker = "eve-" + UUID.randomUUID();
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(mailbox.mail().getSmtp().getPort()));
        p.setProperty("mail.smtp.from", customer); // the envelope sender: the broken From header cannot give it
        Session session = Session.getInstance(p);
        String raw = String.join("\r\n",
                "From: =?UTF-8?Q?Eve=0D=0ABcc:_spy@evil.test?= <" + customer + ">",
                "To: " + MailboxNode.SUPPORT,
                "Subject: =?UTF-8?Q?Parcel_lost=0D=0ABcc:_spy@evil.test?=",
                "Message-ID: <eve." + UUID.randomUUID() + "@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "",
                "My parcel is lost " + marker,
                "");
        Transport.send(new MimeMessage(session, new java.io.ByteArrayInputStream(
                raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        JsonObject conversation = awaitConversation(marker);
        String id = conversation.getString("id");
        String name = conversation.getString("contactName");
        assertTrue(name == null || !name.matches("(?s).*\\p{Cntrl}.*"), "no line break in the name: " + name);

        String answer = "We are looking for it " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.reply(id, UUID.randomUUID().toString(), answer);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        MimeMessage reply = mailbox.mailTo(customer, answer);
        assertEquals(null, reply.getHeader("Bcc"), "no header was injected");
        assertEquals(1, reply.getAllRecipients().length);
        InternetAddress to = (InternetAddress) reply.getRecipients(Message.RecipientType.TO)[0];
        assertEquals(customer, to.getAddress());
        assertTrue(reply.getSubject().contains("Parcel lost Bcc: spy@evil.test"), reply.getSubject());
        assertFalse(reply.getSubject().contains("\n") || reply.getSubject().contains("\r"), reply.getSubject());
        assertTrue(java.util.Arrays.stream(mailbox.mail().getReceivedMessages()).noneMatch(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress()
                        .endsWith("@evil.test"));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }), "nothing went to the address in the name");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static void send(String from, String name, String subject, String messageId, String inReplyTo,
            String text, String html, Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(mailbox.mail().getSmtp().getPort()));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from, name, "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, MailboxNode.SUPPORT);
        m.setSubject(subject, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            m.setHeader(h.getKey(), h.getValue());
        }
        if (html != null) {
            m.setContent(html, "text/html; charset=UTF-8");
        } else {
            m.setText(text, "UTF-8");
        }
        m.saveChanges();
        Transport.send(m);
    }

    private static long conversationsContaining(String text) {
        return carla.conversations("limit=500").stream().filter(c -> carla.messages(c.getString("id")).stream()
                .anyMatch(m -> m.getString("text", "").contains(text))).count();
    }

    private static JsonObject awaitConversation(String marker) {
        return MailboxNode.awaitConversation(carla, marker);
    }

    private static <T> T awaitValue(Supplier<Optional<T>> probe, String what) {
        return Await.value(probe, MailboxNode.MAIL_WAIT, what);
    }
}
