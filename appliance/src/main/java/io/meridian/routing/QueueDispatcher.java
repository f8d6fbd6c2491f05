package io.meridian.routing;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Hands waiting conversations to agents who can take them. Driven by events: an agent coming online, a slot freed by
 * a close or a transfer, a conversation queued, a setup change each pull at once. A periodic sweep
 * ({@link RoutingTimings#sweepEvery()}) is only the safety net, for what no event announces (a claim that failed on
 * the database, a change made by another node).
 * <p>
 * A pull is a claim in the engine (the best queued conversation the agent can serve, its capacity reserved in memory)
 * made durable by two conditional updates in one store write: the conversation must still be queued at the version
 * read, and the agent must still have a free slot. Either refusal hands the claim back to the engine. One pull per
 * agent runs at a time; a pull asked for meanwhile runs right after.
 */
final class QueueDispatcher {

    private final RoutingBasics basics;
    private final Duration sweepEvery;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final AgentLoadRecords loads = new AgentLoadRecords();
    private final TimelineRecords timeline = new TimelineRecords();
    private final Object lock = new Object();
    private final Set<String> pulling = new HashSet<>();
    private final Set<String> pullAgain = new HashSet<>();
    private long sweepTimer = -1;

    QueueDispatcher(RoutingBasics basics, Duration sweepEvery) {
        this.basics = basics;
        this.sweepEvery = sweepEvery;
    }

    /** Starts the periodic sweep. */
    void start() {
        sweepTimer = basics.vertx().setPeriodic(sweepEvery.toMillis(), t -> pullAll());
    }

    void stop() {
        if (sweepTimer >= 0) {
            basics.vertx().cancelTimer(sweepTimer);
            sweepTimer = -1;
        }
    }

    /** Looks for queued work for every online agent with free capacity. */
    void pullAll() {
        basics.engine().freeAgents().forEach(this::pull);
    }

    /** Gives the agent queued conversations until it is full or nothing fits. */
    Future<Void> pull(String agentId) {
        synchronized (lock) {
            if (!pulling.add(agentId)) {
                pullAgain.add(agentId);
                return Future.succeededFuture();
            }
        }
        return pullLoop(agentId).onComplete(ar -> {
            boolean again;
            synchronized (lock) {
                pulling.remove(agentId);
                again = pullAgain.remove(agentId);
            }
            if (again) {
                pull(agentId);
            }
        });
    }

    private Future<Void> pullLoop(String agentId) {
        Instant now = basics.now();
        Optional<RoutingEngine.Claim> next = basics.engine().claimFor(agentId, now);
        if (next.isEmpty()) {
            return Future.succeededFuture();
        }
        RoutingEngine.Claim claim = next.get();
        QueuedConversation q = claim.entry();
        int max = basics.engine().maxConversationsOf(agentId);
        return basics.store().write(c -> {
            if (!assignments.claim(c, q.conversationId(), q.version(), agentId, now)) {
                throw new ClaimLost();
            }
            if (!loads.takeSlot(c, agentId, max, now)) {
                throw new SlotRefused(loads.activeOf(c, agentId));
            }
            timeline.insertEvent(c, RoutingBasics.event(q.conversationId(), now, "CLAIMED", q.teamId(), agentId, null,
                    claim.reason()));
            return null;
        }).compose(v -> {
            basics.announce(q.conversationId(), "assigned", q.teamId(), agentId, claim.reason());
            return pullLoop(agentId);
        }, e -> {
            if (e instanceof ClaimLost) {
                basics.engine().claimRefused(claim, false, null);
                return pullLoop(agentId);
            }
            basics.engine().claimRefused(claim, true, e instanceof SlotRefused s ? s.active : null);
            return e instanceof SlotRefused ? Future.succeededFuture() : Future.failedFuture(e);
        });
    }
}
