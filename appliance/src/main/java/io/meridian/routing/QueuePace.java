package io.meridian.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast each team's agents have been taking conversations from its queue, for telling a waiting customer roughly
 * how long they will wait: the mean time between the team's last {@value #KEPT} takes, times the customer's place. No
 * estimate without at least {@value #ENOUGH} takes in the last hour: a guess from nothing would mislead. Not
 * thread-safe: the {@link RoutingEngine} holds it under its lock.
 */
final class QueuePace {

    static final int KEPT = 10;
    static final int ENOUGH = 3;
    static final Duration RECENT = Duration.ofHours(1);

    private final Map<String, Deque<Instant>> takes = new HashMap<>();

    /** An agent of the team took a waiting conversation at {@code at}. */
    void taken(String teamId, Instant at) {
        Deque<Instant> times = takes.computeIfAbsent(teamId, k -> new ArrayDeque<>());
        times.addLast(at);
        while (times.size() > KEPT) {
            times.removeFirst();
        }
    }

    /** The expected wait of the customer at {@code position} (1 is next), or null when there is no pace to go by. */
    Duration expectedWait(String teamId, int position, Instant now) {
        Deque<Instant> times = takes.get(teamId);
        if (times == null) {
            return null;
        }
        Instant since = now.minus(RECENT);
        long recent = times.stream().filter(t -> t.isAfter(since)).count();
        if (recent < ENOUGH) {
            return null;
        }
        Instant first = times.stream().filter(t -> t.isAfter(since)).findFirst().orElseThrow();
        Duration between = Duration.between(first, times.getLast()).dividedBy(recent - 1);
        return between.multipliedBy(position);
    }
}
