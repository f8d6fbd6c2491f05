package io.meridian.ticket;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.time.Instant;
import java.util.UUID;

/**
 * Internal notes on tickets: what colleagues tell each other about the work, never sent to the customer, and the one
 * handover note for the team a ticket goes to next. Sealed under the requester's key like everything else about them;
 * the history records that a note was added or changed, not its text.
 */
public final class TicketNotes {

    public static final int MAX_NOTE_CHARS = 4000;
    public static final int MAX_HANDOVER_NOTE_CHARS = 2000;

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

    /** The note left for the team a ticket is handed to, if any. */
    public Future<Optional<String>> handoverNote(Ticket ticket) {
        return tickets.store.read(c -> tickets.records.handoverNote(c, ticket.id()).map(sealed -> {
            try {
                return tickets.conversations.openForContact(c, ticket.contactId(), "tickets", ticket.id(),
                        "handover_note_sealed", sealed);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /**
     * Leaves (blank: removes) the note for the team the ticket is handed to: what was done, the next step, what the
     * customer expects. Sealed like the subject; its change recorded without its text. Fails as
     * {@link Tickets#change} does.
     */
    public Future<Ticket> setHandoverNote(SignedInAgent by, String idOrNumber, String note) {
        String text = note == null ? "" : note.replace("\r\n", "\n").strip();
        if (text.codePointCount(0, text.length()) > MAX_HANDOVER_NOTE_CHARS) {
            return Future.failedFuture(new IllegalArgumentException("a handover note has at most "
                    + MAX_HANDOVER_NOTE_CHARS + " characters"));
        }
        return tickets.ticket(idOrNumber).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket " + idOrNumber));
            }
            Ticket t = found.get();
            if (t.status() == TicketStatus.CLOSED) {
                return Future.failedFuture(new TicketConflictException("ticket " + t.number() + " is closed"));
            }
            Instant now = tickets.clock.instant();
            return tickets.store.write(c -> {
                byte[] sealed = text.isEmpty() ? null : tickets.conversations.sealForContact(c, t.contactId(),
                        "tickets", t.id(), "handover_note_sealed", text);
                tickets.records.setHandoverNote(c, t.id(), sealed, now);
                tickets.records.insertEvent(c, t.id(), Tickets.event(Tickets.Actor.of(by), now, "handover-note", null,
                        null));
                return tickets.ticket(c, t.id());
            });
        });
    }

    private String open(java.sql.Connection c, Ticket t, TicketRecords.NoteRow n) throws SQLException {
        return tickets.conversations.openForContact(c, t.contactId(), "ticket_notes", n.id(), "body_sealed",
                n.sealed());
    }
}
