package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.InboxEvent;
import io.meridian.security.SignedInAgent;
import io.meridian.store.StoreTesting;
import io.meridian.testing.Await;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence from console connections, with the grace period that covers moving from one console page to the next:
 * a connection lost and back within the grace period changes nothing; a connection gone for good makes the agent
 * away after the grace period and offline later; a connection coming back restores the agent's chosen status.
 */
@Timeout(60)
class PresenceGraceTest {

    private static final Duration GRACE = Duration.ofMillis(1500);
    private static final Duration OFFLINE = Duration.ofMillis(3000);

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private RoutingService routing;
    private SignedInAgent ana;
    private final List<JsonObject> presenceEvents = new CopyOnWriteArrayList<>();
    private MessageConsumer<InboxEvent> events;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup("""
                teams:
                  - {id: desk, time-zone: UTC, hours: {daily: "00:00-24:00"}}
                agents:
                  - {username: ana, teams: [desk], languages: [en], max-conversations: 2}
                """, Map.of());
        ana = fixture.agent("ana", "Ana");
        routing = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH,
                new RoutingTimings(GRACE, OFFLINE, Duration.ofHours(1)), true);
        events = fixture.hub.subscribeInbox(event -> {
            JsonObject e = event.inboxFrame();
            if ("agent.presence".equals(e.getString("type")) && ana.id().equals(e.getString("agentId"))) {
                presenceEvents.add(e);
            }
        });
    }

    @AfterEach
    void tearDown() {
        StoreTesting.await(events.unregister());
        routing.stop();
        fixture.close();
    }

    /** Verifies that a page change (connection closed, then a new one a moment later) keeps the agent online. */
    @Test
    void pageNavigationWithinTheGracePeriodKeepsTheAgentOnline() {
        connect(true);
        // The announcement reaches this subscriber after the engine knows: wait for it, or it may land after clear().
        Await.until(() -> presence() == Presence.ONLINE && !presenceEvents.isEmpty(),
                "the first connection making Ana online, announced");
        presenceEvents.clear();
        for (int page = 0; page < 3; page++) {
            connect(false);
            Await.until(() -> routing.awaitingReconnection(ana.id()), "the grace period started as the page closed");
            connect(true);
            Await.until(() -> !routing.awaitingReconnection(ana.id()), "the next page's connection ending it");
        }
        // No countdown is left running, so nothing will change Ana's presence later.
        assertEquals(Presence.ONLINE, presence(), "still online after moving between pages");
        assertEquals(List.of(), presenceEvents, "no presence change was announced");
    }

    /** Verifies away after the grace period, offline later, and the chosen status back on reconnection. */
    @Test
    void lostConnectionMakesAwayThenOfflineAndReconnectionRestores() {
        StoreTesting.await(routing.setPresence(ana, Presence.ONLINE));
        connect(true);
        long lost = System.nanoTime();
        connect(false);
        Await.until(() -> routing.awaitingReconnection(ana.id()), "the grace period running");
        assertEquals(Presence.ONLINE, presence(), "online during the grace period");
        Await.until(() -> presence() == Presence.AWAY, "away after the grace period");
        long awayAfterMillis = (System.nanoTime() - lost) / 1_000_000;
        assertTrue(awayAfterMillis >= GRACE.toMillis() - 50, "away only after the grace period: " + awayAfterMillis);
        Await.until(() -> presence() == Presence.OFFLINE, "offline later");
        assertTrue((System.nanoTime() - lost) / 1_000_000 >= OFFLINE.toMillis() - 50, "offline at offline-after");
        // Each announcement reaches this subscriber after the engine knows: wait for the last one before comparing.
        Await.until(() -> presenceEvents.size() >= 3, "the offline change announced");
        assertEquals(List.of("online", "away", "offline"),
                presenceEvents.stream().map(e -> e.getString("presence")).toList());

        connect(true);
        Await.until(() -> presence() == Presence.ONLINE, "the chosen status back when a console reconnects");
    }

    private void connect(boolean connected) {
        fixture.hub.consoleConnection(ana.id(), ana.username(), connected);
    }

    private Presence presence() {
        return routing.engine().presenceOf(ana.id());
    }
}
