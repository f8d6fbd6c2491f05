package io.meridian.routing;

import io.meridian.conversation.ConversationEvent;
import io.vertx.core.json.JsonObject;

/**
 * Where a waiting conversation stands in its team's queue, for the customer's widget: {@code position} 1 is next;
 * null when it no longer waits (an agent took it). {@code expectedWaitSeconds} is a rough estimate from the team's
 * recent pace, null when there is none. Ids and numbers only.
 */
public record QueuePlace(String conversationId, Integer position, Long expectedWaitSeconds)
        implements ConversationEvent {

    /** No longer waiting, or waiting without an estimate. */
    public QueuePlace(String conversationId, Integer position) {
        this(conversationId, position, null);
    }

    @Override
    public JsonObject widgetFrame() {
        return new JsonObject().put("type", "queue").put("position", position)
                .put("expectedWaitSeconds", expectedWaitSeconds);
    }
}
