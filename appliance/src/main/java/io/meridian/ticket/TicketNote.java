package io.meridian.ticket;

import java.time.Instant;

/** An internal note on a ticket: staff only, never sent to the customer; {@code text} opened. */
public record TicketNote(String id, String authorId, String authorName, String text, Instant at) {
}
