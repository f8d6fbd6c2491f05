package io.meridian.routing;

import io.meridian.conversation.ChatHub;
import io.meridian.routing.TimelineRecords.EventRow;
import io.meridian.security.AgentAccounts;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What every part of routing works with: the node's Vert.x, the store, the chat hub (sealing, live events), the
 * accounts, routing's clock and the one in-memory {@link RoutingEngine}; and the announcements they all make to the
 * consoles.
 */
record RoutingBasics(Vertx vertx, Store store, ChatHub hub, AgentAccounts accounts, Clock clock, RoutingEngine engine) {

    /** Inbox event announcing a routing outcome (assigned, queued, off-hours, transferred). */
    static final String ROUTED_EVENT = "conversation.routed";
    /** Inbox event announcing that teams, profiles or calendars changed: the routing page redraws. */
    static final String SETUP_EVENT = "routing.setup";
    /** Inbox event announcing an agent's new presence. */
    static final String PRESENCE_EVENT = "agent.presence";

    /** "Now" as the store keeps it (milliseconds). */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Makes every console account known to the engine (names for reasons, presence). */
    Future<Void> refreshAgents() {
        return accounts.list().map(list -> {
            list.forEach(a -> engine.knowAgent(a.id(), a.username(), a.displayName()));
            return null;
        });
    }

    static EventRow event(String conversationId, Instant at, String kind, String teamId, String agentId,
            String actorId, Reason reason) {
        return new EventRow(UUID.randomUUID().toString(), conversationId, at, kind, teamId, agentId, actorId,
                reason.stored());
    }

    /** How reasons read, with the teams' names of the setup in force. */
    ReasonText reasons() {
        return new ReasonText(id -> engine.setup().team(id));
    }

    /**
     * Tells every console where a conversation went, and the agent who got it; and the message pipeline, whose
     * translation follows the conversation to its new reader.
     */
    void announce(String conversationId, String outcome, String teamId, String agentId, Reason reason) {
        ConversationRouted event = new ConversationRouted(conversationId, outcome, teamId, agentId,
                reasons().english(reason.stored()));
        hub.publishInbox(event);
        hub.readerChanged(conversationId);
        if (agentId != null) {
            hub.notifyAgent(agentId, event);
            hub.publishToConversation(new QueuePlace(conversationId, null));
        }
        if (teamId != null) {
            announceQueue(teamId);
        }
    }

    /**
     * Tells the customers waiting in a team's queue where they stand now: the first {@value #TOLD_PLACES}, so a long
     * queue costs no more than that; those further back hear once they are among them.
     */
    void announceQueue(String teamId) {
        Instant now = now();
        engine.positions(teamId, TOLD_PLACES).forEach((conversationId, position) -> {
            Duration wait = engine.expectedWait(teamId, position, now);
            hub.publishToConversation(new QueuePlace(conversationId, position,
                    wait == null ? null : Math.max(60, wait.toSeconds())));
        });
    }

    /** How many places of a queue are announced after each change. */
    static final int TOLD_PLACES = 100;

    /** Tells every console that the setup changed ({@code what}: team, agent, calendar, reload). */
    void announceSetup(String what) {
        hub.publishInbox(new RoutingSetupChanged(what));
    }
}
