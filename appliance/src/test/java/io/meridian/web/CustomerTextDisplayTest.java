package io.meridian.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What customers write, as the product shows and counts it: a name or message with a right-to-left override or a NUL
 * cannot disguise itself on a console page (the stored original is kept), and the documented 8,000-character message
 * limit counts characters, so 8,000 emoji pass where 8,001 do not, through the widget and the agent's REST reply.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CustomerTextDisplayTest {

    private static final String PASSWORD = "Display-test-password-1";
    /** Reads "Eve exe.png" on screen when shown as is: the override reverses what follows it. */
    private static final String SPOOFED_NAME = "Eve \u202Egnp.exe\u0000";
    private static final String SPOOFED_TEXT = "Invoice \u202Efdp.exe\u2066 attached\u0007";
    private static final String EMOJI = "\uD83D\uDE00"; // one character, two UTF-16 units

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static AgentSession agent;

    @BeforeAll
    static void startNode(Vertx v) {
        vertx = v;
        desk = SignedInNode.start(vertx, dataDir, Map.of());
        agent = desk.agent("dana", "Dana", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that the conversation page shows the visitor's name and message without the bidirectional controls
     * and with U+FFFD for the NUL and BEL, while the REST API still returns the message as stored.
     */
    @Test
    void bidiAndControlCharactersAreNeutralisedOnConsolePages() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        String conversationId;
        try {
            Await.result(visitor.send(new JsonObject().put("type", "hello").put("name", SPOOFED_NAME)), "hello");
            visitor.expect("welcome");
            conversationId = visitor.say(SPOOFED_TEXT).getJsonObject("message").getString("conversationId");
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
        for (String page : List.of("/console/conversations/" + conversationId, "/console/inbox")) {
            HttpResponse<Buffer> response = agent.get(page);
            assertEquals(200, response.statusCode(), page);
            String html = response.bodyAsString();
            for (char hidden : new char[] {'\u202E', '\u2066', '\u0000', '\u0007'}) {
                assertFalse(html.indexOf(hidden) >= 0, page + " shows U+" + String.format("%04X", (int) hidden));
            }
        }
        assertTrue(agent.get("/console/inbox").bodyAsString().contains("Eve gnp.exe\uFFFD"), "the name neutralised");
        String conversation = agent.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(conversation.contains("Invoice fdp.exe attached\uFFFD"), "the message neutralised");
        List<JsonObject> stored = agent.messages(conversationId);
        assertEquals(SPOOFED_TEXT, stored.get(0).getString("text"), "the API returns the original");
    }

    /** Verifies that the widget takes 8,000 emoji in one message and refuses 8,001 as too_large. */
    @Test
    void widgetCountsCharactersNotUtf16Units() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        try {
            visitor.hello(null);
            JsonObject ack = visitor.say(EMOJI.repeat(8000));
            assertEquals(16000, ack.getJsonObject("message").getString("text").length());
            String tooLong = "too-long-" + UUID.randomUUID();
            Await.result(visitor.send(WidgetVisitor.message(tooLong, EMOJI.repeat(8001))), "sending 8,001 emoji");
            visitor.expectError("too_large");
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
    }

    /** Verifies that an agent's REST reply of 8,000 emoji is stored (201) and one of 8,001 is refused (400). */
    @Test
    void agentReplyCountsCharactersNotUtf16Units() {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        String conversationId;
        try {
            visitor.hello(null);
            conversationId = visitor.say("I need a long answer").getJsonObject("message").getString("conversationId");
        } finally {
            Await.result(visitor.close(), "closing the visitor");
        }
        HttpResponse<Buffer> accepted = agent.reply(conversationId, "long-1", EMOJI.repeat(8000));
        assertEquals(201, accepted.statusCode(), accepted.bodyAsString());
        HttpResponse<Buffer> refused = agent.reply(conversationId, "long-2", EMOJI.repeat(8001));
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertEquals("application/problem+json", refused.getHeader("Content-Type"));
    }
}
