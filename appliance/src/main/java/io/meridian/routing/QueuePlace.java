package io.meridian.routing;

import io.meridian.conversation.ConversationEvent;
import io.vertx.core.json.JsonObject;

/**
 * Where a waiting conversation stands in its team's queue, for the customer's widget: {@code position} 1 is next;
 * null when it no longer waits (an agent took it). Ids and a number only.
 */
public record QueuePlace(String conversationId, Integer position) implements ConversationEvent {

    @Override
    public JsonObject widgetFrame() {
        return new JsonObject().put("type", "queue").put("position", position);
    }
}
