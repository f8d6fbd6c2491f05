package io.meridian.routing;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' presence: the status each agent chose, and what their console connections say. Every console page keeps a
 * live connection, so moving from one page to the next drops it for a moment; losing the last connection therefore
 * starts a grace period ({@link RoutingTimings#awayAfter()}) before an online agent becomes away, and the agent is
 * offline at {@link RoutingTimings#offlineAfter()} after the loss. A connection coming back within either period
 * restores the chosen status. Going online pulls waiting work at once.
 * <p>
 * Presence lives in the node's memory: after a restart agents are offline until a console reconnects.
 */
final class PresenceTracker {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceTracker.class);

    private final RoutingBasics basics;
    private final RoutingTimings timings;
    private final Function<String, Future<Void>> pull;
    private final Object lock = new Object();
    private final Map<String, Integer> connections = new HashMap<>();
    private final Map<String, Presence> chosen = new HashMap<>();
    /** Per agent without a connection: the timer that will make it away, then the one that will make it offline. */
    private final Map<String, Long> lossTimers = new HashMap<>();

    PresenceTracker(RoutingBasics basics, RoutingTimings timings, Function<String, Future<Void>> pull) {
        this.basics = basics;
        this.timings = timings;
        this.pull = pull;
    }

    /** The agent's own choice (console or API). Going online pulls queued work at once. */
    Future<Presence> set(SignedInAgent agent, Presence presence) {
        basics.engine().knowAgent(agent.id(), agent.username(), agent.displayName());
        synchronized (lock) {
            chosen.put(agent.id(), presence);
        }
        return change(agent.id(), presence, "set by the agent");
    }

    /**
     * A console live connection opened or closed. The first connection restores the agent's chosen presence (online
     * if never chosen); losing the last one starts the grace period.
     */
    void connection(String agentId, boolean connected) {
        if (agentId == null) {
            return;
        }
        Presence restore = null;
        boolean lost = false;
        synchronized (lock) {
            int n = Math.max(0, connections.getOrDefault(agentId, 0) + (connected ? 1 : -1));
            connections.put(agentId, n);
            if (connected && n == 1) {
                cancelLossTimer(agentId);
                restore = chosen.getOrDefault(agentId, Presence.ONLINE);
            } else if (!connected && n == 0) {
                cancelLossTimer(agentId);
                lost = true;
                if (!timings.awayAfter().isZero()) {
                    lossTimers.put(agentId, basics.vertx().setTimer(timings.awayAfter().toMillis(),
                            t -> graceOver(agentId)));
                }
            }
        }
        if (restore != null) {
            Presence target = restore;
            basics.refreshAgents().onComplete(ar -> change(agentId, target, "console connected"));
        } else if (lost && timings.awayAfter().isZero()) {
            graceOver(agentId);
        }
    }

    /** The grace period ran out with no connection back: an online agent is away now, and offline later. */
    private void graceOver(String agentId) {
        synchronized (lock) {
            lossTimers.remove(agentId);
            if (connections.getOrDefault(agentId, 0) > 0) {
                return;
            }
            Duration rest = timings.offlineAfter().minus(timings.awayAfter());
            lossTimers.put(agentId, basics.vertx().setTimer(Math.max(1, rest.toMillis()), t -> offline(agentId)));
        }
        if (basics.engine().presenceOf(agentId) == Presence.ONLINE) {
            change(agentId, Presence.AWAY, timings.awayAfter().isZero() ? "console connection lost"
                    : "console disconnected for " + timings.awayAfter().toSeconds() + " s");
        }
    }

    private void offline(String agentId) {
        synchronized (lock) {
            lossTimers.remove(agentId);
            if (connections.getOrDefault(agentId, 0) > 0) {
                return;
            }
        }
        change(agentId, Presence.OFFLINE, "console disconnected for " + timings.offlineAfter().toSeconds() + " s");
    }

    Future<Presence> change(String agentId, Presence presence, String why) {
        Presence before = basics.engine().setPresence(agentId, presence, basics.now());
        if (before != presence) {
            LOG.info("Agent {} is now {} ({})", agentId, presence, why);
            basics.hub().publishInbox(new AgentPresenceChanged(agentId, presence, why));
        }
        if (presence == Presence.ONLINE) {
            return pull.apply(agentId).map(presence);
        }
        return Future.succeededFuture(presence);
    }

    /** Whether the agent's last console connection is gone and the countdown to away, then offline, is running. */
    boolean awaitingReconnection(String agentId) {
        synchronized (lock) {
            return lossTimers.containsKey(agentId);
        }
    }

    void stop() {
        synchronized (lock) {
            lossTimers.values().forEach(basics.vertx()::cancelTimer);
            lossTimers.clear();
        }
    }

    private void cancelLossTimer(String agentId) {
        Long t = lossTimers.remove(agentId);
        if (t != null) {
            basics.vertx().cancelTimer(t);
        }
    }
}
