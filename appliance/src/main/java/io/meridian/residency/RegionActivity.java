package io.meridian.residency;

import io.meridian.cluster.RegionNodes;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationEvent;
import io.meridian.conversation.InboxEvent;
import io.meridian.conversation.Typing;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.routing.ConversationRouted;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Live events across regions, without personal data: each node tells every other, at most once a second, which of
 * its region's conversations changed (a message, a routing decision, a closing) and how many are open and waiting
 * ({@link RegionChanged}; a heartbeat every 15 seconds when nothing changed, so a node that joins learns the counts).
 * A node hands what other regions tell it to its own consoles as an inbox event, and keeps each region's latest counts
 * for the inbox's rail. The texts stay home: a console that wants them asks the home node, under its policy.
 */
public final class RegionActivity implements Lifecycle {

    /** Cluster-wide: every node publishes its region's changes here, and every node listens. */
    static final String ADDRESS = "meridian.residency.region-changed";
    /** Conversation ids one announcement names at most; beyond, it says it is incomplete. */
    static final int MAX_IDS = 100;
    static final long ANNOUNCE_MILLIS = 1_000;
    static final long HEARTBEAT_MILLIS = 15_000;
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** This region's counts now: open conversations, and those waiting in a queue. */
    public record Counts(long open, long waiting) {
    }

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final ChatHub hub;
    private final String region;
    private final Supplier<Counts> counts;
    private final Set<String> changed = new LinkedHashSet<>();
    private boolean overflow;
    private long lastAnnounced;
    private final Map<String, RegionChanged> latest = new ConcurrentHashMap<>();
    private MessageConsumer<InboxEvent> inbox;
    private MessageConsumer<Object> others;
    private long timer = -1;

    public RegionActivity(Vertx vertx, RegionNodes nodes, ChatHub hub, String region, Supplier<Counts> counts) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.hub = hub;
        this.region = region;
        this.counts = counts;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        inbox = hub.subscribeInbox(this::noted);
        others = vertx.eventBus().consumer(ADDRESS, this::received);
        timer = vertx.setPeriodic(ANNOUNCE_MILLIS, t -> announce(System.nanoTime()));
        return others.completion();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (inbox != null) {
            inbox.unregister();
        }
        return others == null ? Future.succeededFuture() : others.unregister();
    }

    /** What {@code other} told last, if it told anything since this node started. */
    public Optional<RegionChanged> latest(String other) {
        return Optional.ofNullable(latest.get(other));
    }

    private synchronized void noted(InboxEvent event) {
        String id = event instanceof ConversationRouted routed ? routed.conversationId()
                : event instanceof ConversationEvent c && !(event instanceof Typing) ? c.conversationId() : null;
        if (id == null) {
            return;
        }
        if (changed.size() < MAX_IDS) {
            changed.add(id);
        } else if (!changed.contains(id)) {
            overflow = true;
        }
    }

    private void announce(long now) {
        RegionChanged announcement;
        synchronized (this) {
            boolean quiet = changed.isEmpty() && !overflow;
            if (quiet && lastAnnounced != 0 && now - lastAnnounced < HEARTBEAT_MILLIS * 1_000_000) {
                return;
            }
            Counts c = counts.get();
            announcement = new RegionChanged(region, new ArrayList<>(changed), !overflow, c.open(), c.waiting());
            changed.clear();
            overflow = false;
            lastAnnounced = now;
        }
        vertx.eventBus().publish(ADDRESS, announcement);
    }

    private void received(Message<Object> message) {
        if (!(message.body() instanceof RegionChanged told) || told.region() == null || region.equals(told.region())
                || !REGION.matcher(told.region()).matches() || told.conversationIds().size() > MAX_IDS
                || told.open() < 0 || told.waiting() < 0
                || !told.conversationIds().stream().allMatch(id -> id != null && ID.matcher(id).matches())) {
            return;
        }
        latest.put(told.region(), told);
        hub.publishInbox(told);
    }
}
