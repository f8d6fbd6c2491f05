package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Typing notices both ways: the widget's to the consoles, an agent's to the widget; nothing stored, nothing lost. */
@Timeout(120)
class TypingTest {

    @TempDir
    Path dir;
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /**
     * Verifies that a visitor's typing notice reaches an agent's live connection with the conversation's id; that a
     * flood of notices is not counted against the message rate (a message after 200 of them is stored); that a
     * short message whose text is "typing" is a message, stored and acknowledged; and that an agent's notice reaches the
     * widget with the agent's name, 404 for an unknown conversation and 409 for a closed one; and that a flood of
     * notices past their own budget closes the connection.
     */
    @Test
    void noticesBothWays() {
        desk = SignedInNode.alone(dir, Map.of());
        Vertx vertx = desk.vertx();
        AgentSession ana = desk.agent("ana", "Ana Lopez", Role.AGENT, "correct horse battery staple");
        AgentSession.LiveFeed feed = Await.result(ana.live(), "ana's live connection");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        visitor.hello(null);
        String id = visitor.say("Hello, is anyone there?").getJsonObject("message").getString("conversationId");

        Await.result(visitor.sendText("{\"type\":\"typing\"}"), "typing");
        feed.expect("typing", id);
        for (int i = 0; i < 200; i++) {
            visitor.sendText("{\"type\":\"typing\"}");
        }
        // A short frame that names "typing" (here as its text) is still a message.
        JsonObject stored = visitor.say("t1", "typing");
        assertEquals("typing", stored.getJsonObject("message").getString("text"), "a message, not a notice");

        assertEquals(204, ana.postJson("/api/v1/conversations/" + id + "/typing", new JsonObject()).statusCode());
        JsonObject typing = visitor.expect("typing");
        assertEquals("Ana Lopez", typing.getString("name"));
        assertEquals(404, ana.postJson("/api/v1/conversations/" + UUID.randomUUID() + "/typing", new JsonObject())
                .statusCode());
        Await.result(desk.node().node().hub().close(id), "closing");
        assertEquals(409, ana.postJson("/api/v1/conversations/" + id + "/typing", new JsonObject()).statusCode());
        Await.result(visitor.close(), "closing the visitor");

        // A flood of notices past their own budget (600 a minute) closes the connection, as a message flood does.
        WidgetVisitor flooder = WidgetVisitor.open(vertx, desk.node().port());
        flooder.hello(null);
        for (int i = 0; i < 700; i++) {
            flooder.sendText("{\"type\":\"typing\"}");
        }
        assertEquals((short) 1008, Await.result(flooder.closed(), "the flood closes the connection"));
        Await.result(feed.close(), "closing the feed");
    }
}
