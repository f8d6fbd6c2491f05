package io.meridian.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long one home region keeps each kind of data, in days; 0 keeps it for ever. Transcripts count from a closed
 * conversation's last activity, files from their message's time, closed tickets from their last change.
 */
public record RetentionPolicy(int transcriptsDays, int attachmentsDays, int closedTicketsDays) {

    /** Keeps everything: what an install that sets no policy gets. */
    public static final RetentionPolicy KEEP = new RetentionPolicy(0, 0, 0);

    public RetentionPolicy {
        for (int days : new int[] {transcriptsDays, attachmentsDays, closedTicketsDays}) {
            if (days < 0 || days > MAX_DAYS) {
                throw new IllegalArgumentException("days are 0 (keep for ever) to " + MAX_DAYS + ", got " + days);
            }
        }
    }

    /** A hundred years: longer is a typing mistake, not a policy. */
    public static final int MAX_DAYS = 36_500;

    /** This policy with one kind's days changed. */
    public RetentionPolicy with(RetentionKind kind, int days) {
        return switch (kind) {
            case TRANSCRIPTS -> new RetentionPolicy(days, attachmentsDays, closedTicketsDays);
            case ATTACHMENTS -> new RetentionPolicy(transcriptsDays, days, closedTicketsDays);
            case CLOSED_TICKETS -> new RetentionPolicy(transcriptsDays, attachmentsDays, days);
        };
    }

    public int days(RetentionKind kind) {
        return switch (kind) {
            case TRANSCRIPTS -> transcriptsDays;
            case ATTACHMENTS -> attachmentsDays;
            case CLOSED_TICKETS -> closedTicketsDays;
        };
    }

    /** What of this kind was last touched before is due at {@code now}; empty when it is kept for ever. */
    public Optional<Instant> dueBefore(RetentionKind kind, Instant now) {
        int days = days(kind);
        return days == 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
    }

    public boolean keepsAll() {
        return transcriptsDays == 0 && attachmentsDays == 0 && closedTicketsDays == 0;
    }
}
