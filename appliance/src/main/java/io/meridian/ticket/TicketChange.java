package io.meridian.ticket;

/**
 * What an agent changes on a ticket: a null field stays as it is; an empty {@code type}, {@code assigneeId} or
 * {@code teamId} clears it.
 */
public record TicketChange(String subject, String status, String priority, String type, String assigneeId,
        String teamId) {

    public boolean isEmpty() {
        return subject == null && status == null && priority == null && type == null && assigneeId == null
                && teamId == null;
    }
}
