package io.meridian.ticket;

import java.util.Locale;

/** How urgent a ticket is. */
public enum TicketPriority {
    LOW, NORMAL, HIGH, URGENT;

    /** As stored and in the API: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the values, for anything else */
    public static TicketPriority parse(String text) {
        for (TicketPriority p : values()) {
            if (p.wire().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be one of low, normal, high, urgent");
    }
}
