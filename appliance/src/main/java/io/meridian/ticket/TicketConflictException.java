package io.meridian.ticket;

/** A change the ticket's state does not allow (closed, or closing one not solved), or a conversation already in one. */
public final class TicketConflictException extends RuntimeException {

    public TicketConflictException(String message) {
        super(message, null, false, false);
    }
}
