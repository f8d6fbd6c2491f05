package io.meridian.routing;

import java.time.Instant;

/** What routing decided for a conversation, with the reason shown in its timeline. */
public sealed interface RoutingDecision {

    /** Why, as the timeline shows it. */
    Reason reason();

    /** Given to an agent of an open team; the agent's capacity is already reserved in memory. */
    record Assigned(String teamId, String agentId, Reason reason) implements RoutingDecision {
    }

    /** A matching team is open but nobody there is free: the conversation waits in its queue. */
    record Queued(QueuedConversation entry, Reason reason) implements RoutingDecision {
    }

    /** No matching team is open: it waits in the queue of the team that opens first, and the customer is told when. */
    record OffHours(QueuedConversation entry, Instant opensAt, Reason reason) implements RoutingDecision {
    }

    /**
     * No matching team of this region is open but one of {@code regions} is (follow the sun across regions): the
     * conversation waits in its team's queue here and is offered to them in turn. {@code opensAt} is when its team
     * here opens (null: never), for the off-hours reply if no region takes it.
     */
    record Offered(QueuedConversation entry, java.util.List<String> regions, Instant opensAt, Reason reason)
            implements RoutingDecision {
    }

    /** Routing has no teams set up: the conversation stays in the shared inbox. */
    record Unrouted(Reason reason) implements RoutingDecision {
    }
}
