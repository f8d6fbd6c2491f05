package io.meridian.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whose turn it is, in the inbox list and the REST API: the customer's wait and who wrote last. */
@Timeout(120)
class InboxWaitingHttpTest {

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
     * Verifies that a customer's message starts the wait (shown in the list, and as customerWaitingSince), that a
     * second one keeps its start, that a system text neither ends it nor hides whose it is ("System:"), and that an
     * agent's reply ends it and is shown as the agent's.
     */
    @Test
    void customerWaitsUntilAnAgentAnswers() {
        node = SignedInNode.alone(dir, Map.of());
        AgentSession agent = node.agent("ana", "Ana", Role.AGENT, "correct horse battery staple");
        var conversations = node.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("en-GB", "Europe/London", null, null)), "visitor").contactId();
        String id = Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(),
                "Hello, my order has not arrived"), "first").message().conversationId();

        JsonObject first = summary(agent, id);
        assertEquals("visitor", first.getString("lastAuthor"));
        String since = first.getString("customerWaitingSince");
        assertTrue(since != null && since.equals(first.getString("lastMessageAt")), first.encode());
        assertTrue(item(agent, id).contains("<span class=\"badge waiting-time\" data-waiting-since=\"" + since
                + "\">waiting &lt;1 min</span>"), item(agent, id));

        Await.result(conversations.appendVisitorMessage(contact, UUID.randomUUID().toString(), "Are you there?"),
                "second");
        Await.result(conversations.appendSystemMessage(id, UUID.randomUUID().toString(), "We are away until 9:00."),
                "off-hours text");
        JsonObject afterSystem = summary(agent, id);
        assertEquals(since, afterSystem.getString("customerWaitingSince"), "the wait runs from the first message");
        assertEquals("system", afterSystem.getString("lastAuthor"));
        assertTrue(item(agent, id).contains("<span class=\"preview-author\">System:</span> We are away until 9:00."),
                item(agent, id));

        assertEquals(201, agent.reply(id, UUID.randomUUID().toString(), "It ships today.").statusCode());
        JsonObject answered = summary(agent, id);
        assertNull(answered.getString("customerWaitingSince"), answered.encode());
        assertEquals("agent", answered.getString("lastAuthor"));
        String listed = item(agent, id);
        assertFalse(listed.contains("waiting-time"), listed);
        assertTrue(listed.contains("<span class=\"preview-author\">Agent:</span> It ships today."), listed);
    }

    private static JsonObject summary(AgentSession agent, String id) {
        return agent.get("/api/v1/conversations/" + id).bodyAsJsonObject();
    }

    /** The conversation's entry in the inbox list. */
    private static String item(AgentSession agent, String id) {
        String list = agent.get("/console/inbox").bodyAsString();
        int from = list.indexOf("data-conversation-id=\"" + id + "\"");
        assertTrue(from >= 0, list);
        return list.substring(from, list.indexOf("</li>", from));
    }
}
