package io.meridian.ticket;

import java.time.Instant;

/**
 * One entry of a ticket's audit trail: who changed which field when, from what to what. {@code field} is
 * {@code created}, {@code status}, {@code priority}, {@code type}, {@code assignee}, {@code team}, {@code subject}
 * (no values: it is personal) or {@code conversation} (a conversation linked: its id as the new value).
 */
public record TicketEvent(String id, Instant at, String actorId, String actorName, String field, String from,
        String to) {
}
