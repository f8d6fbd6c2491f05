package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A visitor who waits at an open team with nobody free is told their place in the queue, live and after a reconnect,
 * and told again as the queue moves.
 */
@Timeout(120)
class WidgetQueueTest {

    @TempDir
    Path dir;
    private SignedInNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * Verifies that two visitors queued at an open team with no agent online are told places 1 and 2, that the second
     * gets place 2 in its welcome after reconnecting, and that when the only agent comes online and takes the first,
     * the first is told it no longer waits and the second that it is next.
     */
    @Test
    void placeInTheQueueIsToldAndFollowed() throws Exception {
        node = RoutingFixture.nodeAloneWithSetup(dir, """
                teams:
                  - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"}}
                agents:
                  - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
                """);
        Vertx vertx = node.vertx();
        Await.result(node.node().createAgent("ana", "Ana", Role.AGENT, RoutingFixture.PASSWORD), "ana");

        WidgetVisitor first = WidgetVisitor.open(vertx, node.node().port());
        first.hello(null);
        first.say("Hello, where is my parcel?");
        assertEquals(1, place(first));
        WidgetVisitor second = WidgetVisitor.open(vertx, node.node().port());
        String token = second.hello(null).getString("visitorToken");
        second.say("Hello, I need an invoice please");
        assertEquals(2, place(second));
        Await.result(second.close(), "the second visitor leaves");

        WidgetVisitor again = WidgetVisitor.open(vertx, node.node().port());
        JsonObject welcome = again.hello(token);
        assertEquals(2, welcome.getInteger("queue"), welcome.encode());

        AgentSession ana = AgentSession.open(vertx, node.web(), node.node().port(), "ana", RoutingFixture.PASSWORD);
        AgentSession.LiveFeed feed = Await.result(ana.live(), "ana online");
        JsonObject taken = first.expect(f -> "queue".equals(f.getString("type")) && f.getValue("position") == null,
                "no longer waiting");
        assertNull(taken.getValue("position"));
        assertEquals(1, place(again), "next in line");
        Await.result(feed.close(), "closing ana's feed");
        Await.result(first.close(), "closing");
        Await.result(again.close(), "closing");
    }

    /** The next place the visitor is told. */
    private static int place(WidgetVisitor visitor) {
        return visitor.expect(f -> "queue".equals(f.getString("type")) && f.getValue("position") != null,
                "a place in the queue").getInteger("position");
    }
}
