package io.meridian.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.conversation.Author;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationClosed;
import io.meridian.conversation.MessageStored;
import io.meridian.routing.AgentMentioned;
import io.meridian.routing.AgentPresenceChanged;
import io.meridian.routing.ConversationRouted;
import io.meridian.routing.NoteAdded;
import io.meridian.routing.Presence;
import io.meridian.routing.RoutingSetupChanged;
import io.meridian.translation.MessageTranslated;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The frames the sockets at the edge send for each event, byte for byte: the widget protocol and the console's live
 * socket (docs/api.md) are what browsers and API clients rely on, so field names, order, nulls and values are fixed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventFramesTest {

    private static final Instant AT = Instant.parse("2026-12-06T07:00:00.123Z");
    private static final ChatMessage VISITOR = new ChatMessage("m-1", "c-1", 3, Author.VISITOR, "contact-1", null,
            "client-9", "Hola", AT);
    private static final String VISITOR_JSON = "{\"messageId\":\"m-1\",\"conversationId\":\"c-1\",\"seq\":3,"
            + "\"author\":\"visitor\",\"authorName\":null,\"clientMessageId\":\"client-9\",\"text\":\"Hola\","
            + "\"at\":\"2026-12-06T07:00:00.123Z\"}";

    /** Verifies the frames of a stored message: the widget's, and the console's for a new, reopened or automatic one. */
    @Test
    void aStoredMessage() {
        assertEquals("{\"type\":\"message\",\"message\":" + VISITOR_JSON + "}",
                new MessageStored(VISITOR, false, false, false).widgetFrame().encode());
        assertEquals("{\"type\":\"message\",\"message\":" + VISITOR_JSON + "}",
                new MessageStored(VISITOR, true, true, true).widgetFrame().encode());
        assertEquals("{\"type\":\"message\",\"conversationId\":\"c-1\",\"message\":" + VISITOR_JSON + "}",
                new MessageStored(VISITOR, false, false, false).inboxFrame().encode());
        assertEquals("{\"type\":\"conversation.opened\",\"conversationId\":\"c-1\",\"message\":" + VISITOR_JSON + "}",
                new MessageStored(VISITOR, true, false, false).inboxFrame().encode());
        assertEquals("{\"type\":\"conversation.opened\",\"conversationId\":\"c-1\",\"message\":" + VISITOR_JSON
                + ",\"automatic\":true,\"reopened\":true}",
                new MessageStored(VISITOR, true, true, true).inboxFrame().encode());
    }

    /** Verifies the closing's frame, the same for the widget and the consoles. */
    @Test
    void aClosing() {
        String closed = "{\"type\":\"conversation.closed\",\"conversationId\":\"c-1\"}";
        assertEquals(closed, new ConversationClosed("c-1").widgetFrame().encode());
        assertEquals(closed, new ConversationClosed("c-1").inboxFrame().encode());
    }

    /** Verifies routing's frames: a decision for every console and as an assignment for its agent, setup, presence. */
    @Test
    void routingEvents() {
        ConversationRouted routed = new ConversationRouted("c-1", "assigned", "care", "agent-1", "least busy");
        assertEquals("{\"type\":\"conversation.routed\",\"conversationId\":\"c-1\",\"outcome\":\"assigned\","
                + "\"teamId\":\"care\",\"agentId\":\"agent-1\",\"reason\":\"least busy\"}", routed.inboxFrame().encode());
        assertEquals("{\"type\":\"conversation.assigned\",\"conversationId\":\"c-1\",\"outcome\":\"assigned\","
                + "\"teamId\":\"care\",\"agentId\":\"agent-1\",\"reason\":\"least busy\"}", routed.agentFrame().encode());
        assertEquals("{\"type\":\"conversation.routed\",\"conversationId\":\"c-1\",\"outcome\":\"queued\","
                + "\"teamId\":null,\"agentId\":null,\"reason\":null}",
                new ConversationRouted("c-1", "queued", null, null, null).inboxFrame().encode());
        assertEquals("{\"type\":\"routing.setup\",\"change\":\"team\"}",
                new RoutingSetupChanged("team").inboxFrame().encode());
        assertEquals("{\"type\":\"agent.presence\",\"agentId\":\"agent-1\",\"presence\":\"offline\","
                + "\"why\":\"console disconnected for 300 s\"}",
                new AgentPresenceChanged("agent-1", Presence.OFFLINE, "console disconnected for 300 s").inboxFrame()
                        .encode());
        assertEquals("{\"type\":\"note.added\",\"conversationId\":\"c-1\",\"noteId\":\"n-1\"}",
                new NoteAdded("c-1", "n-1").inboxFrame().encode());
        assertEquals("{\"type\":\"mention\",\"conversationId\":\"c-1\",\"noteId\":\"n-1\",\"from\":\"Jonas\","
                + "\"text\":\"@ana look\",\"at\":\"2026-12-06T07:00:00.123Z\"}",
                new AgentMentioned("c-1", "n-1", "Jonas", "@ana look", AT).agentFrame().encode());
    }

    /** Verifies a translation's frames: the customer's widget gets the reply, the agent's consoles the message. */
    @Test
    void aTranslation() {
        MessageTranslated t = new MessageTranslated("c-1", "m-1", "en", "es", "Hola", "apertium");
        assertEquals("{\"type\":\"translation\",\"messageId\":\"m-1\",\"language\":\"es\",\"text\":\"Hola\"}",
                t.widgetFrame().encode());
        assertEquals("{\"type\":\"translation\",\"conversationId\":\"c-1\",\"messageId\":\"m-1\",\"language\":\"es\","
                + "\"text\":\"Hola\",\"source\":\"en\",\"engine\":\"apertium\"}", t.agentFrame().encode());
    }
}
