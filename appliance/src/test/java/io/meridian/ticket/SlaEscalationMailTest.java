package io.meridian.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.staffmail.StaffMail;
import io.meridian.testing.Await;
import io.meridian.testing.MutableClock;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ticket about to miss its target: the live warning on the assignee's socket, then at the breach the escalation
 * mail to the team's lead and the duty address, through a real SMTP relay (GreenMail) that is down at first.
 */
@Timeout(180)
class SlaEscalationMailTest {

    private static final String PASSWORD = "escalate when it matters";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SignedInNode desk;
    private GreenMail relay;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.stop();
        }
        if (relay != null) {
            relay.stop();
        }
        Await.result(vertx.close(), "closing vert.x");
    }

    /**
     * Verifies the warning at 75 % reaching the assignee live, the breach raising the priority and queuing one mail
     * each to the lead of the ticket's team and to the policy's duty address, in the staff mail language (German) with
     * the due time in the team's zone and a link to the ticket, and nothing the customer wrote; the relay being down
     * keeping the mails queued (tried again later, nothing lost), and delivered once it is up.
     */
    @Test
    void aMissedTargetMailsTheTeamLeadThroughTheRelayEvenIfItWasDown() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path sla = dir.resolve("sla.yaml");
        Files.writeString(sla, String.join("\n", "team-leads:", "  emea: lead.emea@example.com",
                "policies:", "  - name: Standard", "    first-reply: 1h",
                "    escalate: {priority: urgent, notify: [team-lead, duty@example.com]}", ""));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
        desk = SignedInNode.start(vertx, dir.resolve("data"), Map.of("MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_TICKETS_SLA_FILE", sla.toString(), "MERIDIAN_STAFF_MAIL_SMTP_HOST", "127.0.0.1",
                "MERIDIAN_STAFF_MAIL_SMTP_PORT", String.valueOf(port), "MERIDIAN_STAFF_MAIL_SECURITY", "none",
                "MERIDIAN_STAFF_MAIL_FROM", "meridian@support.example.com", "MERIDIAN_STAFF_MAIL_LANGUAGE", "de"),
                clock);
        AgentSession boss = desk.agent("boss", "The Boss", Role.ADMIN, PASSWORD);
        var team = Await.result(boss.request(HttpMethod.PUT, "/api/v1/routing/teams/emea")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new JsonObject()
                        .put("name", "Europe").put("time-zone", "Europe/Berlin")
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-17:00")))
                        .encode())), "team emea");
        assertEquals(2, team.statusCode() / 100, team.bodyAsString());
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        AgentSession.LiveFeed feed = Await.result(ana.live(), "ana's live socket");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "de-DE")), "hello");
        visitor.expect("welcome");
        String chat = visitor.say("Meine Waschmaschine leckt").getJsonObject("message").getString("conversationId");
        String number = ana.postJson("/api/v1/tickets", new JsonObject().put("conversationId", chat)
                .put("teamId", "emea").put("assigneeId", ana.agent().getString("id"))).bodyAsJsonObject()
                .getString("number");

        TicketUpkeep upkeep = desk.node().node().ticketUpkeep();
        StaffMail staffMail = desk.node().node().staffMail();
        clock.set(Instant.parse("2026-12-07T09:46:00Z"));
        assertEquals(1, Await.result(upkeep.checkServiceLevels(), "the warning"));
        JsonObject warned = feed.expect(f -> "ticket.sla".equals(f.getString("type")), "the warning, live");
        assertFalse(warned.getBoolean("breach"));
        assertEquals(0L, Await.result(staffMail.counts(), "no mail for a warning")[0]);

        clock.set(Instant.parse("2026-12-07T10:01:00Z"));
        assertEquals(1, Await.result(upkeep.checkServiceLevels(), "the breach"));
        feed.expect(f -> "ticket.sla".equals(f.getString("type")) && f.getBoolean("breach"), "the breach, live");
        assertEquals("urgent", ana.get("/api/v1/tickets/" + number).bodyAsJsonObject().getString("priority"));
        Await.until(() -> Await.result(staffMail.counts(), "counts")[0] == 2
                && Await.result(staffMail.sendDue(), "a try while the relay is down") == 0, "two mails queued");
        assertEquals(2L, Await.result(staffMail.counts(), "still queued, the relay being down")[0]);

        relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        assertEquals(0, Await.result(staffMail.sendDue(), "not due again before a minute"));
        clock.set(Instant.parse("2026-12-07T10:02:30Z"));
        assertEquals(2, Await.result(staffMail.sendDue(), "sent once the relay is up"));
        assertTrue(relay.waitForIncomingEmail(10_000, 2));
        MimeMessage[] got = relay.getReceivedMessages();
        assertEquals(List.of("duty@example.com", "lead.emea@example.com"), Arrays.stream(got)
                .map(m -> address(m)).sorted().toList());
        MimeMessage mail = got[0];
        assertEquals("Ticket " + number + ": Ziel Erste Antwort verfehlt", mail.getSubject());
        assertEquals("meridian@support.example.com", mail.getFrom()[0].toString());
        String body = (String) mail.getContent();
        assertTrue(body.contains("Ticket " + number + " hat sein Ziel Erste Antwort verfehlt (Service-Level-Richtlinie "
                + "Standard)") && body.contains("Europe/Berlin") && body.contains("Europe")
                && body.contains(":" + desk.node().port() + "/console/tickets/" + number), body);
        assertFalse(body.contains("Waschmaschine"), "nothing the customer wrote leaves in a staff mail");
        assertEquals(0L, Await.result(staffMail.counts(), "nothing left")[0]);
        assertEquals(0, Await.result(upkeep.checkServiceLevels(), "a breach is mailed once"));
    }

    /** Verifies that the policy file refuses an escalation to something that is not an address, naming the key. */
    @Test
    void anEscalationToANonAddressIsRefused() throws Exception {
        Path sla = Files.writeString(dir.resolve("sla.yaml"), "policies:\n  - name: X\n    resolution: 1d\n"
                + "    escalate: {notify: [the boss]}\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SlaPolicies.read(sla));
        assertTrue(refused.getMessage().contains("policy 'X', key 'escalate.notify'")
                && refused.getMessage().contains("the boss"), refused.getMessage());
        Path leads = Files.writeString(dir.resolve("leads.yaml"), "team-leads:\n  emea: [ana@example.com, nobody]\n");
        refused = assertThrows(IllegalArgumentException.class, () -> SlaPolicies.read(leads));
        assertTrue(refused.getMessage().contains("key 'team-leads.emea'"), refused.getMessage());
    }

    private static String address(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
