package io.meridian.widget;

import java.time.Instant;

/**
 * Whether a visitor would reach an open team now, for the widget's header: open, or away until the first of the
 * teams serving the visitor's language opens; and where the visitor's conversation waits. Offered by routing; answered
 * from memory, never blocking.
 */
@FunctionalInterface
public interface ChatAvailability {

    /** For a visitor whose browser prefers {@code language} (a lower-case primary subtag such as "ja"; may be null). */
    Availability now(String language);

    /** Where the conversation waits in its team's queue (1 is next); null when it does not wait. */
    default Integer queuePosition(String conversationId) {
        return null;
    }

    /** Roughly how long the waiting conversation will still wait, in seconds; null without an estimate. */
    default Long queueWaitSeconds(String conversationId) {
        return null;
    }

    /** {@code opensAt} is null when open, or when no team serving the visitor ever opens. */
    record Availability(boolean open, Instant opensAt) {
    }

    static ChatAvailability alwaysOpen() {
        return language -> new Availability(true, null);
    }
}
