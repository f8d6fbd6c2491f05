package io.meridian.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Failed sign-ins per source address, in memory on this node. Each failure doubles the wait before the next answer
 * to that address (up to a cap); too many failures within the window refuse sign-ins from it outright (HTTP 429).
 * Guards against guessing many usernames from one place, which the per-account lockout alone would not slow down.
 * <p>
 * Password checks take their place with {@link #reserve} before they start and give it back with {@link #release}:
 * a check still running counts against the limit as if it had failed, so a burst of simultaneous attempts gets no
 * more checks than {@link #REFUSE_AFTER} minus the recent failures. The wait between answers grows with the
 * failures only, so agents signing in at once through one proxy are not slowed by each other.
 */
final class SourceThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int REFUSE_AFTER = 20;
    static final long FIRST_DELAY_MILLIS = 250;
    static final long MAX_DELAY_MILLIS = 5_000;
    /** Beyond this many tracked addresses, stale ones are dropped before a new one is added. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Duration window;
    private final int refuseAfter;
    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Deque<Long>> failures = new HashMap<>();
    /** Checks reserved and not yet released, per source; an entry exists only while its count is above zero. */
    private final Map<String, Integer> running = new HashMap<>();

    SourceThrottle() {
        this(WINDOW, REFUSE_AFTER, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS, System::currentTimeMillis);
    }

    SourceThrottle(Duration window, int refuseAfter, long firstDelayMillis, long maxDelayMillis, LongSupplier clockMillis) {
        this.window = window;
        this.refuseAfter = refuseAfter;
        this.firstDelayMillis = firstDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.clockMillis = clockMillis;
    }

    /** If the source is refused now: how long until it may try again. */
    synchronized Optional<Duration> refusal(String source) {
        Deque<Long> recent = recent(source);
        int inUse = recent.size() + running.getOrDefault(source, 0);
        if (inUse < refuseAfter) {
            return Optional.empty();
        }
        if (recent.size() < refuseAfter) {
            // Full only because of checks still running: their answers come within seconds.
            return Optional.of(Duration.ofSeconds(1));
        }
        // Only the newest refuseAfter failures are kept, so the oldest kept one decides when the count drops.
        long retryAt = recent.peekFirst() + window.toMillis();
        return Optional.of(Duration.ofMillis(Math.max(1_000, retryAt - clockMillis.getAsLong())));
    }

    /**
     * Takes a place for one password check from {@code source}, or returns how long it must wait if the recent
     * failures and the checks still running have reached the limit. Every place taken must be given back with
     * {@link #release}.
     */
    synchronized Optional<Duration> reserve(String source) {
        Optional<Duration> refused = refusal(source);
        if (refused.isEmpty()) {
            running.merge(source, 1, Integer::sum);
        }
        return refused;
    }

    /** Gives back a place taken with {@link #reserve}; {@code failed} counts the check as a failure of the source. */
    synchronized void release(String source, boolean failed) {
        running.computeIfPresent(source, (s, count) -> count > 1 ? count - 1 : null);
        if (failed) {
            recordFailure(source);
        }
    }

    /** How long to wait before answering this source: 0 without recent failures, then doubling up to the cap. */
    synchronized long delayMillis(String source) {
        int count = recent(source).size();
        if (count == 0) {
            return 0;
        }
        int doublings = Math.min(count - 1, 30);
        return Math.min(maxDelayMillis, firstDelayMillis << doublings);
    }

    synchronized void recordFailure(String source) {
        if (!failures.containsKey(source) && failures.size() >= PRUNE_ABOVE) {
            long oldestCounted = clockMillis.getAsLong() - window.toMillis();
            failures.values().removeIf(times -> times.peekLast() <= oldestCounted);
        }
        Deque<Long> recent = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
        recent.addLast(clockMillis.getAsLong());
        while (recent.size() > refuseAfter) {
            recent.removeFirst();
        }
    }

    /** The source's failures inside the window; older ones are dropped on the way. */
    private Deque<Long> recent(String source) {
        Deque<Long> recent = failures.get(source);
        if (recent == null) {
            return new ArrayDeque<>();
        }
        long oldestCounted = clockMillis.getAsLong() - window.toMillis();
        while (!recent.isEmpty() && recent.peekFirst() <= oldestCounted) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(source);
        }
        return recent;
    }
}
