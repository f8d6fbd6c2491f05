package io.meridian.ticket;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Merging a ticket into another: one request about one problem, asked twice, becomes one ticket. */
public final class TicketMerges {

    private final Tickets tickets;

    public TicketMerges(Tickets tickets) {
        this.tickets = tickets;
    }

    /**
     * Merges ticket {@code source} into {@code target}: its conversations move there, and it is closed; both
     * histories say so. Fails with {@link NoSuchElementException} for an unknown ticket,
     * {@link IllegalArgumentException} for a ticket merged into itself, {@link TicketConflictException} when either is
     * closed.
     */
    public Future<Ticket> merge(SignedInAgent by, String source, String target) {
        Future<Optional<Ticket>> from = tickets.ticket(source);
        Future<Optional<Ticket>> into = tickets.ticket(target);
        return Future.all(from, into).compose(v -> {
            if (from.result().isEmpty() || into.result().isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket "
                        + (from.result().isEmpty() ? source : target)));
            }
            String fromId = from.result().get().id();
            String intoId = into.result().get().id();
            if (fromId.equals(intoId)) {
                return Future.failedFuture(new IllegalArgumentException("a ticket cannot be merged into itself"));
            }
            Instant now = tickets.clock.instant();
            Tickets.Actor actor = Tickets.Actor.of(by);
            return tickets.store.write(c -> {
                TicketRecords records = tickets.records;
                TicketRecords.Row s = records.find(c, fromId).orElseThrow(() -> new NoSuchElementException(source));
                TicketRecords.Row t = records.find(c, intoId).orElseThrow(() -> new NoSuchElementException(target));
                if ("closed".equals(s.status()) || "closed".equals(t.status())) {
                    throw new TicketConflictException("a closed ticket cannot be merged, nor merged into");
                }
                List<String> moved = records.conversations(c, s.id());
                records.moveConversations(c, s.id(), t.id());
                records.update(c, new TicketRecords.Row(s.id(), s.number(), s.contactId(), s.subjectSealed(),
                        "closed", s.priority(), s.type(), s.assigneeId(), s.teamId(), s.createdBy(), s.createdAt(),
                        now, s.solvedAt() != null ? s.solvedAt() : now));
                if (tickets.levels != null) {
                    tickets.levels.statusChanged(c, s.id(), "closed", now);
                }
                records.insertEvent(c, s.id(), Tickets.event(actor, now, "merged-into", s.status(), t.number()));
                records.insertEvent(c, t.id(), Tickets.event(actor, now, "merged-from", null, s.number()));
                for (String conversation : moved) {
                    records.insertEvent(c, t.id(), Tickets.event(actor, now, "conversation", null, conversation));
                }
                return tickets.ticket(c, t.id());
            });
        });
    }
}
