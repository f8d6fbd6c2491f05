package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.ClosedDesk;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail end to end: a real node with the real channel-email plugin zip, reading and answering a mailbox on an
 * in-process mail server (SMTP and IMAP). Routing is set up so that no team is open, so every new conversation is
 * off hours: a person's mail gets the off-hours reply, a machine's mail does not.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmailChannelEndToEndTest {

    private static final String SUPPORT = "support@meridian.test";
    private static final String SUPPORT_LOGIN = "support";
    private static final String SUPPORT_PASSWORD = "s3cret-Support-pw";
    private static final String CUSTOMER = "maria.lopez@example.org";
    private static final String INSTANCE = "support-mail";
    private static final String PASSWORD = "Email-e2e-test-pw-1";
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    static Path dir;

    private static GreenMail mail;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession carla;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        Path zip = pluginZip();
        ServerSetup[] setups = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(20_000);
        }
        mail = new GreenMail(setups);
        mail.start();
        mail.setUser(SUPPORT, SUPPORT_LOGIN, SUPPORT_PASSWORD);
        mail.setUser(CUSTOMER, "maria", "maria-pw");

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path connectors = Files.createDirectories(dir.resolve("conf/connectors"));
        Files.writeString(connectors.resolve(INSTANCE + ".yaml"), String.join("\n",
                "plugin: channel-email", "factory: channel-email", "name: Support mailbox", "enabled: true", "values:",
                "  imapHost: 127.0.0.1", "  imapPort: " + mail.getImap().getPort(), "  imapSecurity: none",
                "  imapUser: " + SUPPORT_LOGIN, "  imapPassword: \"" + SUPPORT_PASSWORD + "\"", "  useIdle: false",
                "  smtpHost: 127.0.0.1", "  smtpPort: " + mail.getSmtp().getPort(), "  smtpSecurity: none",
                "  smtpAuthentication: false", "  fromAddress: " + SUPPORT, "  fromName: Meridian Support",
                "  pollIntervalSeconds: 1", "  maxPollSeconds: 1", ""), StandardCharsets.UTF_8);
        // The only team ("Desk") opens for one hour, twelve hours from now: nothing is open while the test runs.
        Map<String, String> env = new HashMap<>(ClosedDesk.write(dir));
        Path templates = dir.resolve("conf/templates");
        copyTree(Path.of("../conf/templates"), templates);
        env.putAll(Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1",
                "MERIDIAN_ROUTING_TEMPLATES_DIR", templates.toString()));

        node = Await.result(TestNode.start(vertx, dir.resolve("node"), env), "starting the node");
        Await.result(node.createAgent("carla", "Carla", Role.AGENT, PASSWORD), "creating agent carla");
        web = WebClient.create(vertx);
        carla = AgentSession.open(vertx, web, node.port(), "carla", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        if (mail != null) {
            mail.stop();
        }
    }

    /** The zip the build made (the surefire property), else the newest one in a plugin build folder. */
    static Path pluginZip() throws IOException {
        String configured = System.getProperty("meridian.test.email-plugin-zip");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path module = Path.of("../plugins/channel-email");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(module)) {
            try (Stream<Path> dirs = Files.list(module)) {
                for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("target")).toList()) {
                    try (Stream<Path> files = Files.list(d)) {
                        files.filter(f -> f.getFileName().toString().matches("channel-email-.*\\.zip"))
                                .forEach(found::add);
                    }
                }
            }
        }
        // Prefer the default build folder, then the newest.
        found.sort((a, b) -> {
            boolean ta = a.getParent().getFileName().toString().equals("target");
            boolean tb = b.getParent().getFileName().toString().equals("target");
            if (ta != tb) {
                return ta ? -1 : 1;
            }
            return Long.compare(b.toFile().lastModified(), a.toFile().lastModified());
        });
        if (found.isEmpty()) {
            String why = "The channel-email plugin zip was not found (property meridian.test.email-plugin-zip="
                    + configured + ", nor plugins/channel-email/target*/channel-email-*.zip); build it with "
                    + "mvn -pl plugins/channel-email -am package";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get(0);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
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
        assertEquals(INSTANCE, conversation.getString("channel"));
        awaitValue(() -> messages(id).stream().anyMatch(m -> "system".equals(m.getString("author")))
                ? Optional.of(true) : Optional.empty(), "the off-hours reply to a person's mail");

        String answer = "We will send you a new kettle " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.postJson("/api/v1/conversations/" + id + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", answer));
        assertEquals(201, replied.statusCode(), replied.bodyAsString());

        MimeMessage reply = awaitValue(() -> receivedBy(CUSTOMER).stream().filter(m -> {
            try {
                return text(m).contains(answer);
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), "the agent's reply in the customer's mailbox");
        assertEquals(firstId, reply.getHeader("In-Reply-To", null));
        assertTrue(reply.getHeader("References", " ").contains(firstId), reply.getHeader("References", " "));
        assertTrue(reply.getSubject().matches("(?i)re: .*My kettle leaks.*\\[#[a-z0-9]+].*"), reply.getSubject());
        String body = text(reply);
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
        awaitValue(() -> messages(id).stream().anyMatch(m -> m.getString("text", "").contains(followUp))
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
        HttpResponse<Buffer> replied = carla.postJson("/api/v1/conversations/" + id + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", answer));
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        MimeMessage reply = awaitValue(() -> receivedBy(customer).stream().filter(m -> {
            try {
                return text(m).contains(answer);
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), "the agent's reply in the customer's mailbox");
        HttpResponse<Buffer> closed = carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject());
        assertEquals(200, closed.statusCode(), closed.bodyAsString());

        String later = "It is noisy again " + UUID.randomUUID();
        send(customer, "Tom", "Re: Blender noise", "<bl2." + UUID.randomUUID() + "@example.org>",
                reply.getMessageID(), later, null, Map.of());
        awaitValue(() -> messages(id).stream().anyMatch(m -> m.getString("text", "").contains(later))
                ? Optional.of(true) : Optional.empty(), "the answer in the closed conversation");
        assertEquals("open", carla.get("/api/v1/conversations/" + id).bodyAsJsonObject().getString("status"));
        String timeline = awaitValue(() -> {
            HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + id + "/routing");
            JsonObject t = r.statusCode() == 200 ? r.bodyAsJsonObject() : new JsonObject();
            return "queued".equals(t.getString("state")) && r.bodyAsString().contains("REOPENED")
                    ? Optional.of(r.bodyAsString()) : Optional.empty();
        }, "the conversation routed again after reopening");
        assertTrue(timeline.contains("Customer replied by e-mail"), timeline);
    }

    /** Verifies that a mail with a script is stored sanitised and served so through the console's mail view. */
    @Test
    void htmlMailIsStoredSanitised() throws Exception {
        String marker = "html-" + UUID.randomUUID();
        send("hana@example.org", "Hana", "Invoice", "<h." + UUID.randomUUID() + "@example.org>", null, null,
                "<p onclick=\"steal()\">See <b>" + marker + "</b><script>alert('pwn')</script></p>", Map.of());
        String id = awaitConversation(marker).getString("id");
        JsonObject stored = messages(id).stream().filter(m -> "visitor".equals(m.getString("author")))
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
        List<JsonObject> all = messages(id);
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

    // ------------------------------------------------------------------------------------------------- helpers

    private static void send(String from, String name, String subject, String messageId, String inReplyTo,
            String text, String html, Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from, name, "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, SUPPORT);
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

    private static List<MimeMessage> receivedBy(String address) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().toLowerCase().contains(address))) {
                    out.add(m);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The text/plain part of a mail. */
    static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return ((String) part.getContent()).replace("\r\n", "\n");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (!t.isEmpty()) {
                    return t;
                }
            }
        }
        return "";
    }

    private static List<JsonObject> messages(String conversationId) {
        HttpResponse<Buffer> r = carla.get("/api/v1/conversations/" + conversationId + "/messages");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
    }

    private static List<JsonObject> openConversations() {
        HttpResponse<Buffer> r = carla.get("/api/v1/conversations?limit=500");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray list = r.bodyAsJsonObject().getJsonArray("conversations");
        return list.stream().map(o -> (JsonObject) o).toList();
    }

    private static long conversationsContaining(String text) {
        return openConversations().stream().filter(c -> messages(c.getString("id")).stream()
                .anyMatch(m -> m.getString("text", "").contains(text))).count();
    }

    private static JsonObject awaitConversation(String marker) {
        return awaitValue(() -> openConversations().stream().filter(c -> messages(c.getString("id")).stream()
                .anyMatch(m -> m.getString("text", "").contains(marker))).findFirst(),
                "a conversation with the mail " + marker);
    }

    private static <T> T awaitValue(Supplier<Optional<T>> probe, String what) {
        return Await.value(probe, Duration.ofMillis(WAIT_MILLIS), what);
    }
}
