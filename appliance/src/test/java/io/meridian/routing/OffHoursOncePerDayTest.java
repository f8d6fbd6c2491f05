package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ChatMessage;
import io.meridian.store.StoreTesting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-hours reply is stored at most once per conversation and day, and on a channel conversation queued for the
 * customer in the same transaction: a conversation reopened and routed again the same day, by a restarted routing
 * service over the same store, gets nothing more; the next day it is told again. A widget conversation is told, but
 * nothing goes to a channel outbox. The outbox is the conversation service's sink, recording what it is handed. Each
 * routing runs as at a node's start, which routes the open conversations that have none.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OffHoursOncePerDayTest {

    /** Desk opens 12:00-13:00 UTC only: at 01:00 and 06:00 on any day it is closed. */
    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, languages: [en], hours: {daily: "12:00-13:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 5}
            """;
    private static final Instant MONDAY_1AM = Instant.parse("2026-03-02T01:00:00Z");
    private static final String MAILBOX = "support-mail";
    private static final String CUSTOMER = "lena@example.org";

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    /** What the outbox was handed: "channel messageId". */
    private final List<String> queued = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir, (c, channel, message) -> queued.add(channel + " " + message.id()));
        fixture.writeSetup(SETUP, Map.of());
        fixture.agent("ana", "Ana");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /**
     * Verifies one reply (stored and queued) on Monday, none when the conversation is reopened and routed off hours
     * again on Monday by a restarted routing service, and a second one when that happens on Tuesday.
     */
    @Test
    void aChannelConversationIsToldOncePerDay() {
        String text = "My parcel has not arrived";
        String id = mail("<m1@example.org>", text, null);
        route(MONDAY_1AM, id);
        List<ChatMessage> told = systemMessages(id);
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).text().contains("Desk"), told.get(0).text());
        assertEquals(List.of(MAILBOX + " " + told.get(0).id()), queued);

        closeAndReopen(MONDAY_1AM, id, "<m2@example.org>");
        route(MONDAY_1AM.plus(Duration.ofHours(5)), id);
        assertEquals(told, systemMessages(id), "nothing more the same day");
        assertEquals(1, queued.size(), queued.toString());

        closeAndReopen(MONDAY_1AM, id, "<m3@example.org>");
        route(MONDAY_1AM.plus(Duration.ofDays(1)), id);
        List<ChatMessage> again = systemMessages(id);
        assertEquals(2, again.size(), again.toString());
        assertEquals(List.of(MAILBOX + " " + told.get(0).id(), MAILBOX + " " + again.get(1).id()), queued);
    }

    /** Verifies that a widget visitor off hours is told in the conversation and nothing reaches a channel outbox. */
    @Test
    void aWidgetConversationIsToldWithoutTheOutbox() {
        String text = "Hello, is anyone there";
        String id = fixture.newConversation("en-GB", "Europe/London", text);
        route(MONDAY_1AM, id);
        assertEquals(1, systemMessages(id).size());
        assertEquals(List.of(), queued);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** A customer's mail on the mailbox (in the thread of {@code conversationId} if given): its conversation. */
    private String mail(String externalId, String text, String conversationId) {
        ChannelInbound in = new ChannelInbound(MAILBOX, "email", CUSTOMER, "Lena", externalId, "Parcel", text);
        return StoreTesting.await(fixture.conversations.appendChannelMessage(in.inThread(conversationId)))
                .message().conversationId();
    }

    /**
     * Routes the conversation as a node started at {@code now} does: a routing service of its own, whose start routes
     * the open conversations that have no routing yet (docs/routing.md, Routing at start).
     */
    private void route(Instant now, String id) {
        fixture.service(Clock.fixed(now, ZoneOffset.UTC), RoutingFixture.ENGLISH).stop();
        String[] row = fixture.routingRow(id);
        assertEquals("QUEUED", row == null ? null : row[0], "routed off hours, waiting in Desk");
    }

    private void closeAndReopen(Instant now, String id, String externalId) {
        RoutingService routing = fixture.service(Clock.fixed(now, ZoneOffset.UTC), RoutingFixture.ENGLISH);
        try {
            assertTrue(StoreTesting.await(fixture.hub.close(id)));
            StoreTesting.await(routing.conversationClosed(id));
        } finally {
            routing.stop();
        }
        assertEquals(id, mail(externalId, "Still waiting", id), "the answer reopens the conversation");
    }

    private List<ChatMessage> systemMessages(String id) {
        return StoreTesting.await(fixture.conversations.messages(id, 0, 100)).stream()
                .filter(m -> m.author().name().equals("SYSTEM")).toList();
    }
}
