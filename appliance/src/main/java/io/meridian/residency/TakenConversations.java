package io.meridian.residency;

import io.meridian.cluster.RegionNodes;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversations homed here that agents of other regions took, and giving them back when the taker's region has
 * had no node in the cluster for {@link #GRACE} (its node stopped or was killed): back in their queue here, so a
 * customer is not left with an agent nobody can reach. Known from the take records ({@link CrossRegionReads}) at
 * start, and from each take since. The release is conditional: a conversation that moved on meanwhile stays where it
 * is.
 */
final class TakenConversations {

    /** How long a taker's region may be gone before its conversations go back: a restart's worth. */
    static final Duration GRACE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(TakenConversations.class);

    /** Who took a conversation. */
    record Taker(String agentId, String agentName, String region) {
    }

    /** Gives a conversation back to its queue if the agent still has it; completes with whether it moved. */
    @FunctionalInterface
    interface Release {
        Future<Boolean> release(String conversationId, Taker taker);
    }

    private final RegionNodes nodes;
    private final Release release;
    private final Map<String, Taker> taken = new ConcurrentHashMap<>();
    /** Since when each region of a taker has had no node, in nanoseconds; touched by the sweep only. */
    private final Map<String, Long> lostSince = new HashMap<>();

    TakenConversations(RegionNodes nodes, Release release) {
        this.nodes = nodes;
        this.release = release;
    }

    void took(String conversationId, Taker taker) {
        taken.put(conversationId, taker);
    }

    /** The takes recorded before this start (the latest per conversation), oldest first. */
    void known(Map<String, Taker> recorded) {
        taken.putAll(recorded);
    }

    /** The conversations agents of {@code region} took, by id. */
    Map<String, Taker> ofRegion(String region) {
        Map<String, Taker> out = new HashMap<>();
        taken.forEach((id, t) -> {
            if (t.region().equals(region)) {
                out.put(id, t);
            }
        });
        return out;
    }

    /** A conversation its taker no longer has (closed, or moved on): nothing to give back later. */
    void forget(String conversationId, Taker taker) {
        taken.remove(conversationId, taker);
    }

    int size() {
        return taken.size();
    }

    /** Gives back the conversations of takers whose region has been gone for the grace period. */
    void sweep(long nowNanos) {
        Map<String, List<String>> byRegion = new HashMap<>();
        taken.forEach((id, t) -> byRegion.computeIfAbsent(t.region(), r -> new java.util.ArrayList<>()).add(id));
        lostSince.keySet().retainAll(byRegion.keySet());
        byRegion.forEach((region, ids) -> {
            if (nodes.serving(region).isPresent()) {
                lostSince.remove(region);
                return;
            }
            long since = lostSince.computeIfAbsent(region, r -> nowNanos);
            if (nowNanos - since < GRACE.toNanos()) {
                return;
            }
            for (String id : ids) {
                Taker taker = taken.remove(id);
                if (taker != null) {
                    release.release(id, taker)
                            .onSuccess(moved -> LOG.info("Region {} has had no node for {} s: conversation {} {}",
                                    region, GRACE.toSeconds(), id, moved ? "is back in its queue"
                                            : "had moved on already"))
                            .onFailure(e -> {
                                LOG.warn("Conversation {} taken from region {} could not be given back: {}", id,
                                        region, e.toString());
                                taken.putIfAbsent(id, taker); // tried again at the next sweep
                            });
                }
            }
        });
    }
}
