package io.meridian.ticket;

import java.time.Instant;
import java.util.List;

/**
 * One ticket as an agent reads it: {@code subject} opened with the requester's key; {@code type} one of
 * {@link Tickets#TYPES} or null; {@code assigneeId} and {@code teamId} null when nobody / no team has it;
 * {@code conversationIds} the conversations that belong to it, oldest first; {@code fields} its custom field values
 * by key (text ones opened).
 */
public record Ticket(String id, String number, String contactId, String subject, TicketStatus status,
        TicketPriority priority, String type, String assigneeId, String teamId, String createdBy, Instant createdAt,
        Instant updatedAt, Instant solvedAt, List<String> conversationIds, java.util.Map<String, String> fields) {

    public Ticket {
        conversationIds = List.copyOf(conversationIds);
        fields = java.util.Map.copyOf(fields);
    }
}
