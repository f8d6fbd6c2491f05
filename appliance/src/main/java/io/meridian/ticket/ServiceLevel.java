package io.meridian.ticket;

import java.time.Instant;

/**
 * One service-level target of a ticket as the console and API show it: {@code target} ({@code first-reply},
 * {@code next-reply}, {@code resolution}), the policy, {@code state} ({@code running}, {@code paused}, {@code met},
 * {@code stopped}), when it falls due (running; when met, the due time it had), when it was breached (null: not),
 * when met, and the open time it had left when its last run ended (negative: overdue by that much).
 */
public record ServiceLevel(String target, String policy, String state, Instant dueAt, Instant breachedAt,
        Instant metAt, long remainingMillis) {

    public boolean breached() {
        return breachedAt != null;
    }
}
