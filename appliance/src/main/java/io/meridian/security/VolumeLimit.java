package io.meridian.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts an account's uses within the current period (hour or day, UTC) and says once per period when the count
 * passes the limit. In memory: a restart starts the count again, which at worst delays an alert by one period.
 */
final class VolumeLimit {

    private record Count(Instant period, int uses, boolean told) {
    }

    private final int limit;
    private final ChronoUnit unit;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    VolumeLimit(int limit, ChronoUnit unit) {
        this.limit = limit;
        this.unit = unit;
    }

    int limit() {
        return limit;
    }

    /** Counts one use by the account; true the first time in the period the count passes the limit. */
    boolean count(String accountId, Instant now) {
        Instant period = now.truncatedTo(unit);
        Count next = counts.compute(accountId, (id, c) -> c == null || !c.period().equals(period)
                ? new Count(period, 1, false) : new Count(period, c.uses() + 1, c.told()));
        if (next.uses() > limit && !next.told()) {
            // Only the caller that flips "told" raises the alert, however many count at once.
            return counts.replace(accountId, next, new Count(period, next.uses(), true));
        }
        return false;
    }
}
