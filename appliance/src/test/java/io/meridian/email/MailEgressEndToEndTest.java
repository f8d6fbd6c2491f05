package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.egress.ScriptedResolver;
import io.meridian.plugin.InstanceState;
import io.meridian.plugin.InstanceView;
import io.meridian.plugin.PluginHost;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.LogCapture;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real channel-email plugin in a real node, with its IMAP and SMTP server configured by a name the test's
 * resolver answers: on site (127.0.0.1, where GreenMail listens) when the instance starts, so the instance counts as
 * on site; then loopback plus a remote address. The plugin's connections go through the node's residency-checked
 * socket factory, so the connections made after the change are refused: nothing is sent, and the admin sees why.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailEgressEndToEndTest {

    private static final String SERVER = "mail.onsite.test";
    private static final String CUSTOMER = "maria.lopez@example.org";
    private static final String PASSWORD = "Mail-egress-test-pw-1";

    @TempDir
    static Path dir;

    private static final ScriptedResolver dns = new ScriptedResolver().answer(SERVER, "127.0.0.1");
    private static MailboxNode mailbox;
    private static SignedInNode desk;
    private static AgentSession carla;
    private static LogCapture log;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        mailbox = MailboxNode.prepare(dir);
        mailbox.mail().setUser(CUSTOMER, "maria", "maria-pw");
        Path connector = mailbox.connectors().resolve(MailboxNode.INSTANCE + ".yaml");
        String yaml = Files.readString(connector, StandardCharsets.UTF_8);
        Files.writeString(connector, yaml.replace("imapHost: 127.0.0.1", "imapHost: " + SERVER)
                .replace("smtpHost: 127.0.0.1", "smtpHost: " + SERVER), StandardCharsets.UTF_8);
        log = LogCapture.attach();
        desk = mailbox.startNode(vertx, Map.of(), dns);
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stop() {
        try {
            if (desk != null) {
                desk.stop();
            }
        } finally {
            if (log != null) {
                log.close();
            }
            if (mailbox != null) {
                mailbox.stop();
            }
        }
    }

    private static InstanceView instance() {
        PluginHost host = desk.node().node().plugins();
        return host.instances().stream().filter(i -> i.id().equals(MailboxNode.INSTANCE)).findFirst().orElseThrow();
    }

    private static void customerWrites(String text) throws Exception {
        MimeMessage mail = new MimeMessage(mailbox.mail().getSmtp().createSession());
        mail.setFrom(new InternetAddress(CUSTOMER, "María López", "UTF-8"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MailboxNode.SUPPORT));
        mail.setSubject("My kettle leaks", "UTF-8");
        mail.setText(text, "UTF-8");
        mail.setSentDate(new java.util.Date());
        mail.saveChanges();
        jakarta.mail.Transport.send(mail);
    }

    /**
     * Verifies the whole path: the customer's mail is read through the on-site name; after the name changes its
     * answer, the poll's new IMAP connection is refused (the instance shows the reason on the Plugins page and in the
     * log) and the agent's reply is refused at its SMTP connect, kept as failed and never reaches the customer.
     */
    @Test
    void connectionsAfterTheServerNameTurnsOffSiteAreRefused() throws Exception {
        String marker = "kettle-" + UUID.randomUUID();
        customerWrites("The kettle leaks " + marker);
        String conversation = MailboxNode.awaitConversation(carla, marker).getString("id");
        assertEquals(InstanceState.RUNNING, instance().state());
        assertTrue(dns.lookups().contains(SERVER), "the node resolved the server's name itself");

        dns.change(SERVER, "127.0.0.1", "203.0.113.9");
        mailbox.mail().getImap().stopService(); // drops the open IMAP connection: the next poll must connect anew

        String imap = "the node refused to connect to IMAP server " + SERVER + ":" + mailbox.mail().getImap().getPort();
        InstanceView refused = Await.value(() -> Optional.of(instance()).filter(i -> i.lastError() != null
                && i.lastError().contains(imap)), MailboxNode.MAIL_WAIT, "the poll's refusal on the instance");
        assertEquals(InstanceState.DEGRADED, refused.state());
        assertTrue(refused.lastError().startsWith("poll failed: ConnectorException: " + imap), refused.lastError());
        assertTrue(refused.lastError().contains("resolves to 203.0.113.9, which is off site"), refused.lastError());
        assertTrue(log.entries().stream().anyMatch(l -> l.contains("poll failed: ConnectorException: " + imap)), "the log says it too");

        String answer = "We will send you a new kettle " + UUID.randomUUID();
        HttpResponse<Buffer> replied = carla.reply(conversation, UUID.randomUUID().toString(), answer);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        String smtp = "the node refused to connect to SMTP server " + SERVER + ":" + mailbox.mail().getSmtp().getPort();
        Await.value(() -> log.entries().stream().filter(l -> l.contains("kept as FAILED: " + smtp)).findFirst(),
                MailboxNode.MAIL_WAIT, "the reply refused for good");
        assertTrue(Arrays.stream(mailbox.mail().getReceivedMessages()).noneMatch(m -> {
            try {
                return MailboxNode.text(m).contains(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "the reply was not sent");
        Await.until(() -> instance().failedOutbox() >= 1, "the reply counted as failed on the instance");
    }
}
