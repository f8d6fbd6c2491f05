package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.Author;
import io.meridian.testing.Await;
import io.meridian.testing.ClosedDesk;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing after a restart: a conversation stored but never routed (the node stopped between committing the first
 * message and routing it) is routed when the node starts again, so nothing acknowledged is left out.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoutingAtStartTest {

    @TempDir
    Path dir;

    /**
     * Verifies that an open conversation without any routing row is routed by the next start of the node on the
     * same data directory: queued in the team (no team being open) with the off-hours reply to the customer.
     */
    @Test
    void aRestartRoutesAnOpenConversationThatWasNeverRouted(Vertx vertx) throws Exception {
        Map<String, String> env = ClosedDesk.write(dir);
        Path data = dir.resolve("node");
        TestNode first = Await.result(TestNode.start(vertx, data, env), "starting the node");
        String id;
        try {
            // Stored straight through the service: no live event, so nothing routes it (as if the node stopped).
            Appended stored = Await.result(first.node().conversations().appendChannelMessage(new ChannelInbound(
                    "mail-in", "email", "rita." + UUID.randomUUID() + "@example.com", "Rita",
                    "<s." + UUID.randomUUID() + "@example.com>", "Order", "Where is my order, please?")), "storing");
            id = stored.message().conversationId();
            assertEquals("UNROUTED", Await.result(first.node().routing().timeline(id), "timeline").state());
        } finally {
            Await.result(first.stop(), "stopping the node");
        }

        TestNode second = Await.result(TestNode.start(vertx, data, env), "starting the node again");
        try {
            // Start completes once the unrouted conversations are routed.
            Timeline timeline = Await.result(second.node().routing().timeline(id), "timeline after the restart");
            assertEquals("QUEUED", timeline.state(), timeline.toString());
            assertEquals(ClosedDesk.TEAM_ID, timeline.teamId());
            assertTrue(timeline.entries().stream().anyMatch(e -> e.kind().equals("OFF_HOURS")),
                    timeline.entries().toString());
            List<ChatMessage> messages = Await.result(second.node().conversations().messages(id, 0, 10), "messages");
            assertTrue(messages.stream().anyMatch(m -> m.author() == Author.SYSTEM), "the off-hours reply was sent");
        } finally {
            Await.result(second.stop(), "stopping the node");
        }
    }
}
