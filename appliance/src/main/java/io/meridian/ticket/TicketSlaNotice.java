package io.meridian.ticket;

import io.meridian.conversation.AgentEvent;
import io.vertx.core.json.JsonObject;

/**
 * A service-level target of a ticket the agent has is about to be missed ({@code breach} false: the warning share of
 * its time is used up) or was missed: their consoles show a notice that opens the ticket. Number and target only.
 */
public record TicketSlaNotice(String number, String target, boolean breach) implements AgentEvent {

    @Override
    public JsonObject agentFrame() {
        return new JsonObject().put("type", "ticket.sla").put("number", number).put("target", target)
                .put("breach", breach);
    }
}
