package io.meridian.ticket;

import java.util.Locale;

/**
 * Where a ticket stands: {@code new} (nobody has it yet), {@code open} (being worked on), {@code pending} (waiting on
 * the customer), {@code on-hold} (waiting on a third party), {@code solved}, {@code closed} (final: it takes no more
 * changes).
 */
public enum TicketStatus {
    NEW, OPEN, PENDING, ON_HOLD, SOLVED, CLOSED;

    /** As stored and in the API: lower case, {@code on-hold}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the values, for anything else */
    public static TicketStatus parse(String text) {
        for (TicketStatus s : values()) {
            if (s.wire().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of new, open, pending, on-hold, solved, closed");
    }
}
