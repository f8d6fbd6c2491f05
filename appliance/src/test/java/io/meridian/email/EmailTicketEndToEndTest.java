package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ticket's life by e-mail, end to end: the real channel-email plugin reading and answering a mailbox on an
 * in-process mail server, a node where every new mail becomes a ticket under a service-level policy; on each store
 * engine.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class EmailTicketEndToEndTest {

    @Parameter
    StoreEngine engine;

    private static final String CUSTOMER = "lucia.fernandez@example.es";
    private static final String PASSWORD = "Email-ticket-e2e-pw-1";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private MailboxNode mailbox;

    @AfterEach
    void stop() {
        if (mailbox != null) {
            mailbox.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies that a Spanish customer's mail becomes a ticket by itself, whose number reaches the customer's mailbox
     * in Spanish; the agent setting it pending pauses its resolution clock; the customer's answer by mail (threaded
     * on the notice) opens the ticket again and resumes the clock with the time it had left, not a new one.
     */
    @Test
    void aMailBecomesATicketThePendingTicketReopensWhenTheCustomerAnswers() throws Exception {
        mailbox = MailboxNode.prepare(dir);
        mailbox.mail().setUser(CUSTOMER, "lucia", "lucia-pw");
        Path sla = Files.writeString(dir.resolve("sla.yaml"), String.join("\n", "policies:", "  - name: Mail",
                "    first-reply: 4h", "    resolution: 2d", "    hours: calendar", ""));
        Map<String, String> overrides = new HashMap<>(TestStores.nodeOverrides(engine));
        overrides.putAll(Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_CREATE_FROM_CHANNELS", MailboxNode.INSTANCE,
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString()));
        SignedInNode desk = mailbox.startNode(vertx, overrides);
        AgentSession carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);

        String marker = "lavadora-" + UUID.randomUUID();
        send("Mi lavadora pierde agua", "<first." + UUID.randomUUID() + "@example.es>", null,
                "Hola, mi lavadora pierde agua desde ayer y el suelo de la cocina está mojado. ¿Pueden enviar a un "
                        + "técnico esta semana? Referencia " + marker);
        String conversation = MailboxNode.awaitConversation(carla, marker).getString("id");
        JsonObject ticket = Await.value(() -> {
            var answer = carla.get("/api/v1/conversations/" + conversation + "/ticket");
            return answer.statusCode() == 200 ? Optional.of(answer.bodyAsJsonObject()) : Optional.empty();
        }, MailboxNode.MAIL_WAIT, "the ticket made by itself");
        String number = ticket.getString("number");
        assertEquals("EU-10001", number);

        MimeMessage notice = mailbox.mailTo(CUSTOMER, "Su solicitud es el ticket " + number);
        String noticeText = MailboxNode.text(notice);
        assertTrue(noticeText.contains("Indique el número si vuelve a escribirnos"), noticeText);

        var pending = Await.result(carla.request(HttpMethod.PATCH, "/api/v1/tickets/" + number)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("status", "pending").encode())), "pending");
        assertEquals(200, pending.statusCode(), pending.bodyAsString());
        JsonObject paused = resolution(carla, number);
        assertEquals("paused", paused.getString("state"));
        long left = paused.getLong("remainingMillis");
        assertTrue(left > 0 && left < 2 * 86_400_000L, "some of the two days used: " + left);

        String answer = "Sí, el jueves por la mañana me viene bien " + UUID.randomUUID();
        send("Re: Mi lavadora pierde agua", "<second." + UUID.randomUUID() + "@example.es>",
                notice.getMessageID(), answer);
        Await.value(() -> "open".equals(carla.get("/api/v1/tickets/" + number).bodyAsJsonObject()
                .getString("status")) ? Optional.of(true) : Optional.empty(), MailboxNode.MAIL_WAIT,
                "the customer's answer opening the ticket");
        JsonObject resumed = resolution(carla, number);
        assertEquals("running", resumed.getString("state"));
        // Resumed with the time it had left when paused, not a new two days: due that long after it resumed.
        Instant due = Instant.parse(resumed.getString("dueAt"));
        Instant reopened = Instant.now();
        assertEquals(left, resumed.getLong("remainingMillis"), "the run starts from what was left");
        assertTrue(!due.isAfter(reopened.plusMillis(left)) && due.isAfter(reopened.plusMillis(left).minusSeconds(120)),
                due + " vs " + reopened + " + " + left + " ms");
        assertTrue(carla.get("/console/tickets/" + number).bodyAsString()
                .contains("The customer changed Status from Pending to Open"));
    }

    private static JsonObject resolution(AgentSession agent, String number) {
        return agent.get("/api/v1/tickets/" + number).bodyAsJsonObject().getJsonArray("serviceLevels").stream()
                .map(JsonObject.class::cast).filter(l -> "resolution".equals(l.getString("target"))).findFirst()
                .orElseThrow();
    }

    private void send(String subject, String messageId, String inReplyTo, String text) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(mailbox.mail().getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(CUSTOMER, "Lucía Fernández", "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, MailboxNode.SUPPORT);
        m.setSubject(subject, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
        m.setText(text, "UTF-8");
        Transport.send(m);
    }
}
