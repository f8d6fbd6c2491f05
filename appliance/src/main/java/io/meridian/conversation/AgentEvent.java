package io.meridian.conversation;

import io.meridian.bus.BusEvent;
import io.vertx.core.json.JsonObject;

/** An event for one agent's consoles only, published on {@link ChatHub#agentAddress(String)}. */
public interface AgentEvent extends BusEvent {

    /** The frame the agent's live sockets send for this event ({@code /api/v1/live}, docs/api.md). */
    JsonObject agentFrame();
}
