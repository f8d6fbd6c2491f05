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

    /**
     * The settings from the configuration's values (docs/configuration.md, {@code privacy.retention.*});
     * {@link IllegalArgumentException} for a value out of range or a region entry not {@code REGION:KIND=DAYS}.
     */
    public static RetentionSettings of(int transcriptsDays, int attachmentsDays, int closedTicketsDays,
            java.util.List<String> regions, String runAt, int batchSize) {
        RetentionPolicy defaults = new RetentionPolicy(transcriptsDays, attachmentsDays, closedTicketsDays);
        return new RetentionSettings(RetentionPolicies.parse(defaults, regions), LocalTime.parse(runAt.strip()),
                batchSize);
    }

    /** A write of more messages holds the store's writer, and every chat acknowledgement behind it, too long. */
    public static final int MAX_BATCH = 5_000;
}
