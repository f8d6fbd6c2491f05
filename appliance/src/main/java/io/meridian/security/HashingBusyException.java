package io.meridian.security;

import java.time.Duration;

/** Password hashing is at capacity: the request was refused without being checked; it may be sent again later. */
public final class HashingBusyException extends RuntimeException {

    private final Duration retryAfter;

    public HashingBusyException(Duration retryAfter) {
        super("password checks are at capacity; retry in " + retryAfter.toSeconds() + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
