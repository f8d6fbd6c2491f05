package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.protocol.AgentSession;
import io.meridian.routing.Timeline;
import io.meridian.security.Role;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.testing.Await;
import io.meridian.testing.ClosedDesk;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
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
 * Where a customer's answer by e-mail goes on a real node, routing set up with no team open (so routing's outcome is
 * visible as a queue entry): into the closed conversation its thread names, reopened and routed again; never into
 * another customer's conversation; and a machine's mail, stored as such, gets no off-hours reply whenever it is
 * routed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailThreadJoinTest {

    private static final String PASSWORD = "Mail-thread-test-pw-1";
    private static final String MAILBOX = "mail-in";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static SignedInNode desk;
    private static TestNode node;
    private static AgentSession carla;
    /** An agent without a routing profile: her open console takes no work, so routing's outcome stays a queue entry. */
    private static AgentSession dora;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        desk = SignedInNode.start(vertx, dir.resolve("node"), ClosedDesk.write(dir));
        node = desk.node();
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
        dora = desk.agent("dora", "Dora", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that a customer's answer to our reply in a closed conversation joins that conversation (not a new
     * one), reopens it (open, closing time cleared, "Customer replied by e-mail" in its timeline), routes it again
     * (queued anew in Desk, off hours), counts it open again and tells the consoles live like a new conversation.
     */
    @Test
    void anAnswerToAClosedConversationReopensItAndIsRoutedAgain() throws Exception {
        String from = "olga." + UUID.randomUUID() + "@example.com";
        String firstId = "<o1." + UUID.randomUUID() + "@example.com>";
        MailIntake.Intake first = accept(mail(from, firstId, "Broken lamp", "The lamp is broken").build());
        String id = first.appended().message().conversationId();
        awaitState(id, "QUEUED");
        String ours = "<meridian." + UUID.randomUUID() + "@shop.example>";
        Await.result(node.node().mailIntake().rememberSent(id, ours), "remembering our reply");
        HttpResponse<Buffer> closed = carla.postJson("/api/v1/conversations/" + id + "/close", new JsonObject());
        assertEquals(200, closed.statusCode(), closed.bodyAsString());
        awaitState(id, "CLOSED");
        assertTrue(closedAt(id).isPresent(), "closing recorded a time");
        long openBefore = node.node().conversations().openConversationCount();
        AgentSession.LiveFeed feed = Await.result(dora.live(), "a console's live feed");
        try {
            String answer = "It is still broken " + UUID.randomUUID();
            // No subject token and another subject: the In-Reply-To alone names the conversation.
            MailIntake.Intake reply = accept(mail(from, "<o2." + UUID.randomUUID() + "@example.com>", "Lamp", answer)
                    .inReplyTo(ours).references(List.of(firstId, ours)).build());

            assertEquals(id, reply.appended().message().conversationId(), "the answer joined the named conversation");
            assertTrue(reply.appended().reopened() && reply.appended().conversationOpened(), reply.toString());
            JsonObject live = feed.expect("conversation.opened", id);
            assertTrue(live.getBoolean("reopened", false), live.encode());
            JsonObject conversation = carla.get("/api/v1/conversations/" + id).bodyAsJsonObject();
            assertEquals("open", conversation.getString("status"), conversation.encode());
            assertTrue(closedAt(id).isEmpty(), "the closing time is cleared");
            assertEquals(openBefore + 1, node.node().conversations().openConversationCount());

            Timeline timeline = awaitState(id, "QUEUED");
            assertEquals(ClosedDesk.TEAM_ID, timeline.teamId());
            List<String> kinds = timeline.entries().stream().map(Timeline.Entry::kind).toList();
            int reopened = kinds.indexOf("REOPENED");
            assertTrue(reopened > 0 && kinds.subList(reopened + 1, kinds.size()).contains("OFF_HOURS"), kinds.toString());
            String why = english(timeline.entries().get(reopened).text());
            assertTrue(why.startsWith("The customer replied through mail-in;"), why);
            assertTrue(texts(id).contains(answer));
        } finally {
            Await.result(feed.close(), "closing the live feed");
        }
    }

    /**
     * Verifies that a mail whose In-Reply-To names another customer's conversation (closed or open) goes to its
     * sender's own conversation: the other conversation gets none of it and stays closed.
     */
    @Test
    void aMailNamingAnotherCustomersConversationStaysWithItsSender() {
        String ownerId = "<p1." + UUID.randomUUID() + "@example.com>";
        MailIntake.Intake owner = accept(mail("paula." + UUID.randomUUID() + "@example.com", ownerId, "Refund",
                "Where is my refund").build());
        String theirs = owner.appended().message().conversationId();
        String ours = "<meridian." + UUID.randomUUID() + "@shop.example>";
        Await.result(node.node().mailIntake().rememberSent(theirs, ours), "remembering our reply");
        awaitState(theirs, "QUEUED");
        Await.result(node.node().conversations().close(theirs), "closing the owner's conversation");

        String stranger = "Forwarded to me " + UUID.randomUUID();
        MailIntake.Intake other = accept(mail("quinn." + UUID.randomUUID() + "@example.net",
                "<q1." + UUID.randomUUID() + "@example.net>", "Re: Refund", stranger)
                .inReplyTo(ours).references(List.of(ownerId, ours)).build());

        assertEquals(theirs, other.threadConversationId().orElseThrow(), "the headers did name the conversation");
        assertNotEquals(theirs, other.appended().message().conversationId());
        assertFalse(other.appended().reopened());
        assertFalse(texts(theirs).contains(stranger), "nothing of the stranger's mail in the other conversation");
        assertEquals("closed", carla.get("/api/v1/conversations/" + theirs).bodyAsJsonObject().getString("status"));
        assertTrue(texts(other.appended().message().conversationId()).contains(stranger));
    }

    /**
     * Verifies that an auto-reply stored without any live event (so routing learns of it only from the store, as
     * after a restart) is routed off hours without an off-hours reply, because the message itself is marked.
     */
    @Test
    void anAutoReplyRoutedFromTheStoreGetsNoOffHoursReply() {
        String text = "I am out of the office until Monday " + UUID.randomUUID();
        Appended stored = Await.result(node.node().conversations().appendChannelMessage(new ChannelInbound(MAILBOX,
                "email", "robot." + UUID.randomUUID() + "@example.org", null,
                "<r." + UUID.randomUUID() + "@example.org>", "Out of office", text, true)), "storing the auto-reply");
        String id = stored.message().conversationId();
        assertEquals("UNROUTED", Await.result(node.node().routing().timeline(id), "timeline").state());

        // Routed as if from an event that does not say the mail is automatic.
        Await.result(node.node().routing().route(id, text), "routing from the store");

        Timeline timeline = awaitState(id, "QUEUED");
        assertTrue(timeline.entries().stream().anyMatch(e -> e.kind().equals("OFF_HOURS")
                && english(e.text()).endsWith("A machine wrote the message (auto-reply or bounce): no off-hours reply.")),
                timeline.entries().toString());
        List<JsonObject> all = carla.messages(id);
        assertTrue(all.stream().noneMatch(m -> "system".equals(m.getString("author"))), all.toString());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static InboundMessage.Builder mail(String from, String messageId, String subject, String text) {
        return InboundMessage.builder(messageId, ChannelIdentity.email(from, null)).subject(subject).text(text);
    }

    private static MailIntake.Intake accept(InboundMessage m) {
        return Await.result(node.node().mailIntake().accept(MAILBOX, m), "storing the mail");
    }

    private static Timeline awaitState(String conversationId, String state) {
        return Await.value(() -> {
            Timeline t = Await.result(node.node().routing().timeline(conversationId), "timeline");
            return state.equals(t.state()) ? Optional.of(t) : Optional.empty();
        }, WAIT, "routing state " + state + " of " + conversationId);
    }

    private static Optional<String> closedAt(String conversationId) {
        return Await.result(node.node().store().read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT closed_at FROM conversations WHERE id = ?")) {
                s.setString(1, conversationId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return Optional.ofNullable(rs.getString(1));
                }
            }
        }), "closed_at");
    }

    private static List<String> texts(String conversationId) {
        return carla.messages(conversationId).stream().map(m -> m.getString("text", "")).toList();
    }

    /** A timeline reason as an English console shows it. */
    private static String english(String stored) {
        return node.node().routing().reasonText().of(stored, io.meridian.console.Messages.of(
                io.meridian.console.ConsoleLanguage.EN, java.time.ZoneOffset.UTC));
    }
}
