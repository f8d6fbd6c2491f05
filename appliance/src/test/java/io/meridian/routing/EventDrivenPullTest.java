package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.security.SignedInAgent;
import io.meridian.store.StoreTesting;
import io.meridian.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiting work is pulled by events, not by the clock: the periodic sweep is set to an hour here, so every assignment
 * below comes from an agent coming online, a slot freed by a close or a transfer, or a raised capacity.
 */
@Timeout(120)
class EventDrivenPullTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
            """;

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private RoutingService routing;
    private SignedInAgent ana;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup(SETUP, Map.of());
        ana = fixture.agent("ana", "Ana");
        routing = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH,
                new RoutingTimings(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofHours(1)), true);
    }

    @AfterEach
    void tearDown() {
        routing.stop();
        fixture.close();
    }

    /**
     * Verifies that an agent coming online takes the waiting conversation, that closing it pulls the next one, that
     * handing one back to the team's queue frees the agent's slot (in memory too) so the agent takes the older waiting
     * one, and that raising the agent's capacity pulls at once.
     */
    @Test
    void agentsPullWaitingWorkWhenTheyComeFree() {
        String a = fixture.queued(routing, "Hello, where is my order?");
        StoreTesting.await(routing.setPresence(ana, Presence.ONLINE));
        assertEquals(List.of("ASSIGNED", ana.id()), stateAndAgent(a), "coming online pulls");

        String b = fixture.queued(routing, "Hello, I want to change my address");
        assertEquals("QUEUED", fixture.routingRow(b)[0], "Ana is full");
        StoreTesting.await(routing.conversationClosed(a));
        assertEquals(List.of("ASSIGNED", ana.id()), stateAndAgent(b), "a close frees a slot, which pulls");

        String c = fixture.queued(routing, "Hello, can I pay by card?");
        StoreTesting.await(routing.transfer(b, ana, null, "desk", "Someone else please"));
        Await.until(() -> "ASSIGNED".equals(fixture.routingRow(c)[0]), "the freed slot taking the older waiting one");
        assertEquals(List.of("ASSIGNED", ana.id()), stateAndAgent(c));
        assertEquals("QUEUED", fixture.routingRow(b)[0], "the handed-back conversation waits behind it");
        assertEquals(1, routing.engine().agentView(ana.id()).orElseThrow().active(), "the engine counts one, as stored");

        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("username", "ana");
        profile.put("teams", List.of("desk"));
        profile.put("languages", List.of("en"));
        profile.put("max-conversations", 2);
        StoreTesting.await(routing.putAgentProfile(profile, "admin"));
        Await.until(() -> "ASSIGNED".equals(fixture.routingRow(b)[0]), "the raised capacity pulling at once");
        assertEquals(ana.id(), fixture.routingRow(b)[2]);
    }

    private List<String> stateAndAgent(String conversationId) {
        String[] row = fixture.routingRow(conversationId);
        return List.of(row[0], String.valueOf(row[2]));
    }
}
