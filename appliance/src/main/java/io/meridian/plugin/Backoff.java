package io.meridian.plugin;

import java.time.Duration;

/** Exponential back-off for retries: 1 s, 2 s, 4 s... capped at {@code max}. */
final class Backoff {

    private static final Duration FIRST = Duration.ofSeconds(1);

    private Backoff() {
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    static Duration delay(int attempt, Duration max) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = FIRST.toMillis() << doublings;
        return millis >= max.toMillis() || millis <= 0 ? max : Duration.ofMillis(millis);
    }
}
