package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.SignedInAgent;
import io.meridian.store.StoreTesting;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting teams and agents' routing profiles: a team with waiting conversations is kept unless the admin names a team
 * to move them to; a team that is some agent's only team is kept; every accepted deletion is stored.
 */
@Timeout(120)
class TeamRemovalTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
              - {id: night, name: Night, time-zone: UTC, overflow-rank: 2, languages: [en], hours: {daily: "00:00-24:00"}}
              - {id: spare, name: Spare, time-zone: UTC, overflow-rank: 3, hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk, night], languages: [en], max-conversations: 1}
              - {username: carl, teams: [spare], languages: [en], max-conversations: 1}
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

    /** Verifies that a team without waiting conversations is deleted, taken off the profiles, and stays deleted. */
    @Test
    void deletesTeamWithoutWaitingConversations() {
        assertEquals(0, StoreTesting.await(routing.deleteTeam("night", null, "admin")));
        assertEquals(List.of("desk", "spare"), RoutingFixture.teamIds(routing));
        assertEquals(List.of("desk"), routing.engine().setup().agents().get("ana").teams());
        RoutingService restarted = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("desk", "spare"), RoutingFixture.teamIds(restarted), "the deletion was stored");
        restarted.stop();
    }

    /**
     * Verifies that a team with waiting conversations is kept when no team is named for them, and that naming one
     * moves them there (stored, and in memory), deletes the team, and lets that team's agents take them.
     */
    @Test
    void waitingConversationsBlockDeletionUnlessMoved() {
        SignedInAgent ana = fixture.agent("ana", "Ana");
        String first = fixture.newConversation("en-GB", "Europe/London", "Hello, my parcel is late");
        String second = fixture.newConversation("en-GB", "Europe/London", "Hello, I need an invoice");
        StoreTesting.await(routing.route(first, "Hello, my parcel is late"));
        StoreTesting.await(routing.route(second, "Hello, I need an invoice"));
        assertEquals("desk", fixture.routingRow(first)[1], "nobody is online: it waits in the first open team");

        Throwable refused = StoreTesting.failureOf(routing.deleteTeam("desk", null, "admin"));
        assertInstanceOf(RoutingConflictException.class, refused);
        assertTrue(refused.getMessage().contains("Desk still has 2 waiting conversations"), refused.getMessage());
        assertTrue(refused.getMessage().contains("not deleted"), refused.getMessage());
        assertEquals(List.of("desk", "night", "spare"), RoutingFixture.teamIds(routing), "the team stays");
        assertEquals("desk", fixture.routingRow(second)[1], "the conversations stay where they were");

        assertEquals(2, StoreTesting.await(routing.deleteTeam("desk", "night", "admin")));
        assertEquals(List.of("night", "spare"), RoutingFixture.teamIds(routing));
        assertEquals("night", fixture.routingRow(first)[1]);
        assertEquals("night", fixture.routingRow(second)[1]);
        RoutingEngine.QueueView night = routing.engine().queueViews(java.time.Instant.now(), 10).get(0);
        assertEquals("night", night.teamId());
        assertEquals(List.of(first, second), night.entries().stream().map(QueuedConversation::conversationId).toList(),
                "moved in their order, oldest first");

        StoreTesting.await(routing.setPresence(ana, Presence.ONLINE));
        assertEquals(List.of("ASSIGNED", "night", ana.id()), List.of(fixture.routingRow(first)).subList(0, 3),
                "the moved conversation is taken from its new queue");
        RoutingService restarted = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("night", "spare"), RoutingFixture.teamIds(restarted));
        assertEquals(1, restarted.engine().queuedCount(), "the other one still waits, in Night, after a restart");
        restarted.stop();
    }

    /** Verifies that the only team of an agent is kept until the agent has another team or no profile. */
    @Test
    void onlyTeamOfAnAgentIsKeptUntilTheProfileGoes() {
        Throwable refused = StoreTesting.failureOf(routing.deleteTeam("spare", null, "admin"));
        assertInstanceOf(RoutingConflictException.class, refused);
        assertTrue(refused.getMessage().contains("only team of carl"), refused.getMessage());
        assertEquals(List.of("desk", "night", "spare"), RoutingFixture.teamIds(routing));

        StoreTesting.await(routing.deleteAgentProfile("Carl", "admin"));
        assertNull(routing.engine().setup().agents().get("carl"));
        StoreTesting.await(routing.deleteTeam("spare", null, "admin"));
        RoutingService restarted = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("desk", "night"), RoutingFixture.teamIds(restarted));
        assertNull(restarted.engine().setup().agents().get("carl"), "the profile's deletion was stored");
        restarted.stop();
    }

    /** Verifies that unknown teams and profiles, and a team moved onto itself, are refused and change nothing. */
    @Test
    void unknownNamesAreRefused() {
        assertInstanceOf(NoSuchElementException.class, StoreTesting.failureOf(routing.deleteTeam("nope", null, "a")));
        assertInstanceOf(NoSuchElementException.class, StoreTesting.failureOf(routing.deleteAgentProfile("zed", "a")));
        Throwable self = StoreTesting.failureOf(routing.deleteTeam("desk", "desk", "a"));
        assertInstanceOf(IllegalArgumentException.class, self);
        assertEquals(List.of("desk", "night", "spare"), RoutingFixture.teamIds(routing));
    }
}
