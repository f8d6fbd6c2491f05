package io.meridian.conversation;

import io.vertx.core.json.JsonObject;

/**
 * Someone is writing in a conversation: the customer (to the consoles, {@code agentName} null) or an agent (to the
 * customer's widget, with the name the customer sees on replies). Carries no text; nothing is stored. Senders
 * repeat it every few seconds while typing, and the screens forget it after a few seconds without one.
 */
public record Typing(String conversationId, String agentName) implements ConversationEvent, InboxEvent {

    /** How long a screen shows "typing…" after the last event. */
    public static final int SHOWN_SECONDS = 6;
    /** The least time between two events one sender sends. */
    public static final int EVERY_SECONDS = 3;

    public static Typing customer(String conversationId) {
        return new Typing(conversationId, null);
    }

    public static Typing agent(String conversationId, String agentName) {
        return new Typing(conversationId, agentName);
    }

    public boolean byCustomer() {
        return agentName == null;
    }

    @Override
    public JsonObject widgetFrame() {
        return new JsonObject().put("type", "typing").put("name", agentName);
    }

    @Override
    public JsonObject inboxFrame() {
        return new JsonObject().put("type", "typing").put("conversationId", conversationId);
    }
}
