package io.meridian.conversation;

import io.meridian.bus.BusEvent;
import io.vertx.core.json.JsonObject;

/** An event every console sees, published on {@link ChatHub#INBOX_ADDRESS}. */
public interface InboxEvent extends BusEvent {

    /** The frame the console's live socket sends for this event ({@code /api/v1/live}, docs/api.md). */
    JsonObject inboxFrame();
}
