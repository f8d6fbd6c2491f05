package io.meridian.ticket;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Internal notes on tickets: what colleagues tell each other about the work, never sent to the customer. Sealed under
 * the requester's key like everything else about them; the history records that a note was added, not its text.
 */
public final class TicketNotes {

    public static final int MAX_NOTE_CHARS = 4000;

    private final Tickets tickets;

    public TicketNotes(Tickets tickets) {
        this.tickets = tickets;
    }

    /** The ticket's notes, oldest first; fails with {@link NoSuchElementException} for an unknown ticket. */
    public Future<List<TicketNote>> of(String idOrNumber) {
        return tickets.ticket(idOrNumber).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + idOrNumber));
            }
            Ticket t = found.get();
            return tickets.store.read(c -> {
                List<TicketNote> out = new ArrayList<>();
                for (TicketRecords.NoteRow n : tickets.records.notes(c, t.id())) {
                    out.add(new TicketNote(n.id(), n.authorId(), n.authorName(), open(c, t, n), n.at()));
                }
                return out;
            });
        });
    }

    /**
     * Adds a note by {@code by}; fails with {@link IllegalArgumentException} for an empty or too long text,
     * {@link NoSuchElementException} for an unknown ticket, {@link TicketConflictException} for a closed one.
     */
    public Future<TicketNote> add(SignedInAgent by, String idOrNumber, String text) {
        String body = text == null ? "" : text.replace("\r\n", "\n").strip();
        if (body.isEmpty() || body.codePointCount(0, body.length()) > MAX_NOTE_CHARS) {
            return Future.failedFuture(new IllegalArgumentException("a note has 1 to " + MAX_NOTE_CHARS
                    + " characters"));
        }
        return tickets.ticket(idOrNumber).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + idOrNumber));
            }
            Ticket t = found.get();
            if (t.status() == TicketStatus.CLOSED) {
                return Future.failedFuture(new TicketConflictException("ticket " + t.number() + " is closed"));
            }
            String id = UUID.randomUUID().toString();
            var now = tickets.clock.instant();
            return tickets.store.write(c -> {
                byte[] sealed = tickets.conversations.sealForContact(c, t.contactId(), "ticket_notes", id,
                        "body_sealed", body);
                tickets.records.insertNote(c, t.id(), new TicketRecords.NoteRow(id, by.id(), by.displayName(),
                        sealed, now));
                tickets.records.insertEvent(c, t.id(), Tickets.event(Tickets.Actor.of(by), now, "note", null, null));
                return new TicketNote(id, by.id(), by.displayName(), body, now);
            });
        });
    }

    private String open(java.sql.Connection c, Ticket t, TicketRecords.NoteRow n) throws SQLException {
        return tickets.conversations.openForContact(c, t.contactId(), "ticket_notes", n.id(), "body_sealed",
                n.sealed());
    }
}
