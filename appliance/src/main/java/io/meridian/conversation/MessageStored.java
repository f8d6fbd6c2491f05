package io.meridian.conversation;

import io.vertx.core.json.JsonObject;

/**
 * A message was committed: the widget and every console show it. {@code opened}: it opened its conversation (or,
 * with {@code reopened}, opened a closed one again); {@code automatic}: a machine wrote it. Carries the message's text
 * (personal data).
 */
public record MessageStored(ChatMessage message, boolean opened, boolean automatic, boolean reopened)
        implements ConversationEvent, InboxEvent {

    @Override
    public String conversationId() {
        return message.conversationId();
    }

    @Override
    public JsonObject widgetFrame() {
        return new JsonObject().put("type", "message").put("message", ChatHub.toJson(message));
    }

    @Override
    public JsonObject inboxFrame() {
        JsonObject frame = new JsonObject()
                .put("type", opened ? "conversation.opened" : "message")
                .put("conversationId", message.conversationId())
                .put("message", ChatHub.toJson(message));
        if (automatic) {
            frame.put("automatic", true);
        }
        if (reopened) {
            frame.put("reopened", true);
        }
        return frame;
    }
}
