package io.meridian.conversation;

import io.vertx.core.json.JsonObject;

/** A conversation was closed: the widget and every console show it. */
public record ConversationClosed(String conversationId) implements ConversationEvent, InboxEvent {

    @Override
    public JsonObject widgetFrame() {
        return frame();
    }

    @Override
    public JsonObject inboxFrame() {
        return frame();
    }

    private JsonObject frame() {
        return new JsonObject().put("type", "conversation.closed").put("conversationId", conversationId);
    }
}
