package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.SignedInAgent;
import io.meridian.store.StoreTesting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tagging a waiting conversation's customer as VIP ranks it again: it moves ahead in its queue at once. */
@Timeout(120)
class VipPriorityTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
            queue:
              rules:
                - {name: vip, tag: vip, priority: 100}
            """;

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private RoutingService routing;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup(SETUP, Map.of());
        routing = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
    }

    @AfterEach
    void tearDown() {
        routing.stop();
        fixture.close();
    }

    /**
     * Verifies that marking the newer of two waiting conversations' customer VIP raises its priority (stored, with the
     * reason in its timeline), puts it first in the queue so the next free agent takes it, and that unmarking is
     * recorded too.
     */
    @Test
    void vipMovesAWaitingConversationAhead() {
        SignedInAgent ana = fixture.agent("ana", "Ana");
        String older = fixture.queued(routing, "Hello, a question about delivery");
        String newer = fixture.queued(routing, "Hello, a question about my account");
        assertEquals(List.of(older, newer), waiting());

        assertTrue(StoreTesting.await(routing.tagConversationContact(newer, "vip", true, ana)));
        assertEquals("100", fixture.routingRow(newer)[3]);
        assertEquals(List.of(newer, older), waiting(), "the VIP's conversation is first now");
        List<String> tags = StoreTesting.await(routing.tagsOfConversation(newer));
        assertEquals(List.of("vip"), tags);
        Timeline timeline = StoreTesting.await(routing.timeline(newer));
        Timeline.Entry last = timeline.entries().get(timeline.entries().size() - 1);
        assertEquals("REPRIORITIZED", last.kind());
        String reason = routing.reasonText().english(last.text());
        assertEquals("Priority 0 → 100: Ana tagged the customer vip. Matching rules: vip.", reason);
        assertFalse(StoreTesting.await(routing.tagConversationContact(newer, "vip", true, ana)), "already a VIP");

        StoreTesting.await(routing.setPresence(ana, Presence.ONLINE));
        assertEquals("ASSIGNED", fixture.routingRow(newer)[0], "the free agent takes the VIP first");
        assertEquals("QUEUED", fixture.routingRow(older)[0]);

        String third = fixture.queued(routing, "Hello, another question");
        StoreTesting.await(routing.tagContact(fixture.contactOf(third), "vip", true, ana));
        assertEquals("100", fixture.routingRow(third)[3]);
        StoreTesting.await(routing.tagContact(fixture.contactOf(third), "vip", false, null));
        assertEquals("0", fixture.routingRow(third)[3], "removing the tag ranks it back");
    }

    private List<String> waiting() {
        return routing.engine().queueViews(Instant.now(), 10).get(0).entries().stream()
                .map(QueuedConversation::conversationId).toList();
    }
}
