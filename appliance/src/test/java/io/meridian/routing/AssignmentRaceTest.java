package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.OutboundSink;
import io.meridian.security.SignedInAgent;
import io.meridian.store.StoreEngine;
import io.meridian.store.StoreTesting;
import io.meridian.testing.Await;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many conversations and several agents race through two routing services (two "nodes", each with its own, stale,
 * in-memory view) over one real store, Derby and PostgreSQL (where several nodes of a region share it): the
 * conditional updates must keep every agent within capacity and give no conversation to two agents.
 */
@Timeout(180)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class AssignmentRaceTest {

    @Parameter
    StoreEngine engine;

    private static final int AGENTS = 4;
    private static final int CAPACITY = 3;
    private static final int CONVERSATIONS = 60;
    private static final String SETUP = """
            teams:
              - id: desk
                name: Desk
                time-zone: UTC
                languages: [en]
                hours:
                  daily: ["00:00-24:00"]
            agents:
            """;

    @TempDir
    Path dir;
    private RoutingFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir, OutboundSink.NONE, engine);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Verifies that no agent ever holds more than its capacity and no conversation is assigned twice. */
    @Test
    void racingNodesNeverOverAssign() throws Exception {
        List<SignedInAgent> agents = new ArrayList<>();
        StringBuilder yaml = new StringBuilder(SETUP);
        for (int i = 0; i < AGENTS; i++) {
            agents.add(fixture.agent("agent" + i, "Agent " + i));
            yaml.append("  - {username: agent").append(i).append(", teams: [desk], languages: [en], max-conversations: ")
                    .append(CAPACITY).append("}\n");
        }
        fixture.writeSetup(yaml.toString(), Map.of());
        RoutingService nodeA = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        RoutingService nodeB = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(1, nodeA.engine().setup().teams().size());
        assertEquals(AGENTS, nodeB.engine().setup().agents().size(), "node B loaded the stored setup");

        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(fixture.newConversation("en-US", "UTC", "Hello, I need help " + i));
        }
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger worstLoad = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (racing.get()) {
                worstLoad.accumulateAndGet(StoreTesting.await(fixture.store.read(c -> maxAssigned(c))), Math::max);
            }
        });
        watcher.start();

        // Agents come online on both nodes while the conversations arrive on both.
        List<Future<?>> race = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            RoutingService node = i % 2 == 0 ? nodeA : nodeB;
            race.add(node.route(conversations.get(i), "Hello, I need help " + i));
            if (i % 15 == 0) {
                SignedInAgent a = agents.get(i / 15);
                race.add(nodeA.setPresence(a, Presence.ONLINE));
                race.add(nodeB.setPresence(a, Presence.ONLINE));
            }
        }
        StoreTesting.await(Future.join(race));
        // Then agents close conversations on either node; each free slot pulls queued work on that node.
        List<String> assigned = StoreTesting.await(fixture.store.read(c -> assignedConversations(c)));
        List<Future<?>> closing = new ArrayList<>();
        for (int i = 0; i < assigned.size(); i++) {
            closing.add((i % 2 == 0 ? nodeA : nodeB).conversationClosed(assigned.get(i)));
        }
        StoreTesting.await(Future.join(closing));
        waitUntilRefilled();
        racing.set(false);
        watcher.join();

        assertTrue(worstLoad.get() <= CAPACITY, "an agent held " + worstLoad.get() + " conversations at once");
        Map<String, Integer> load = StoreTesting.await(fixture.store.read(c -> assignedPerAgent(c)));
        Map<String, Integer> recorded = StoreTesting.await(fixture.store.read(c -> agentLoadRows(c)));
        for (SignedInAgent a : agents) {
            int n = load.getOrDefault(a.id(), 0);
            assertTrue(n <= CAPACITY, a.username() + " holds " + n);
            assertEquals(n, recorded.getOrDefault(a.id(), 0), "agent_load agrees with the routing rows for " + a.username());
        }
        assertEquals(AGENTS * CAPACITY, load.values().stream().mapToInt(Integer::intValue).sum(),
                "every slot freed by a close was refilled from the queues");
        Map<String, Integer> assignmentsPerConversation = StoreTesting.await(fixture.store.read(c -> assignmentEvents(c)));
        assignmentsPerConversation.forEach((conversation, n) ->
                assertEquals(1, n, "conversation " + conversation + " was assigned " + n + " times"));
        assertEquals(AGENTS * CAPACITY + assigned.size(), assignmentsPerConversation.size());
        long rows = StoreTesting.await(fixture.store.read(c -> count(c, "SELECT COUNT(*) FROM conversation_routing")));
        assertEquals(CONVERSATIONS, rows, "each conversation was routed exactly once");
        nodeA.stop();
        nodeB.stop();
    }

    /**
     * Waits until the closes' freed slots are taken again: as many assignments as the agents have slots. At least, so
     * that an over-assignment ends the wait too and the assertions below report it.
     */
    private void waitUntilRefilled() {
        Await.until(() -> StoreTesting.await(fixture.store.read(c -> count(c,
                "SELECT COUNT(*) FROM conversation_routing WHERE state = 'ASSIGNED'"))) >= AGENTS * CAPACITY,
                "every slot freed by a close refilled from the queues");
    }

    private static int maxAssigned(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM conversation_routing "
                + "WHERE state = 'ASSIGNED' GROUP BY agent_id) AS loads"); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> assignedConversations(java.sql.Connection c) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT conversation_id FROM conversation_routing WHERE state = 'ASSIGNED'"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Map<String, Integer> assignedPerAgent(java.sql.Connection c) throws java.sql.SQLException {
        return pairs(c, "SELECT agent_id, COUNT(*) FROM conversation_routing WHERE state = 'ASSIGNED' GROUP BY agent_id");
    }

    private static Map<String, Integer> agentLoadRows(java.sql.Connection c) throws java.sql.SQLException {
        return pairs(c, "SELECT agent_id, active FROM agent_load");
    }

    private static Map<String, Integer> assignmentEvents(java.sql.Connection c) throws java.sql.SQLException {
        return pairs(c, "SELECT conversation_id, COUNT(*) FROM routing_events WHERE kind IN ('ASSIGNED', 'CLAIMED') "
                + "GROUP BY conversation_id");
    }

    private static Map<String, Integer> pairs(java.sql.Connection c, String sql) throws java.sql.SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
