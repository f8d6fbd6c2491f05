package io.meridian.conversation;

import io.meridian.bus.BusEvent;
import io.vertx.core.json.JsonObject;

/**
 * An event of one conversation, published on {@link ChatHub#conversationAddress(String)}: what the customer's
 * widget follows (messages, the closing, replies in the customer's language).
 */
public interface ConversationEvent extends BusEvent {

    String conversationId();

    /** The frame the widget's socket sends for this event (the widget protocol, docs/api.md). */
    JsonObject widgetFrame();
}
