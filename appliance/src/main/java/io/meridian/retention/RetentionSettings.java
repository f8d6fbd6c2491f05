package io.meridian.retention;

import java.time.LocalTime;

/**
 * The retention job's configuration: the policies, the time of day (UTC) of the daily run, and how many messages
 * one write erases at most.
 */
public record RetentionSettings(RetentionPolicies policies, LocalTime runAt, int batchSize) {

    public RetentionSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("expected 1 to " + MAX_BATCH + " messages per write, got " + batchSize);
        }
    }

    /** A write of more messages holds the store's writer, and every chat acknowledgement behind it, too long. */
    public static final int MAX_BATCH = 5_000;
}
