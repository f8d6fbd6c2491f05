package io.meridian.inbox;

import io.meridian.console.Messages;
import io.meridian.conversation.ConversationStatus;
import io.meridian.conversation.ConversationSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a customer has been waiting for an answer, as the inbox list says it ("waiting 12 min", "waiting 3 h"), at
 * the moment the list is drawn ("waiting <1 min" in the first minute); empty when nobody waits (an agent answered last, or the conversation is closed).
 */
public record WaitingTime(Instant now) {

    public String of(Messages t, ConversationSummary c) {
        return c.status() != ConversationStatus.OPEN ? "" : since(t, c.customerWaitingSince());
    }

    /** The wait of an open conversation whose customer has waited since {@code since} (null: nobody waits). */
    public String since(Messages t, Instant since) {
        if (since == null) {
            return "";
        }
        long minutes = Math.max(0, Duration.between(since, now).toMinutes());
        if (minutes < 1) {
            return t.get("inbox.waiting.now");
        }
        if (minutes < 60) {
            return t.count("inbox.waiting.minutes", minutes);
        }
        if (minutes < 48 * 60) {
            return t.count("inbox.waiting.hours", minutes / 60);
        }
        return t.count("inbox.waiting.days", minutes / (24 * 60));
    }

    /** Whether the wait is long enough to stand out (15 minutes). */
    public boolean isLong(ConversationSummary c) {
        return c.status() == ConversationStatus.OPEN && isLongSince(c.customerWaitingSince());
    }

    /** Whether a wait since {@code since} stands out (null: nobody waits). */
    public boolean isLongSince(Instant since) {
        return since != null && Duration.between(since, now).toMinutes() >= 15;
    }
}
