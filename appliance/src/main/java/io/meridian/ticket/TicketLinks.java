package io.meridian.ticket;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Links between related tickets (the same fault for several customers, a follow-up): both ways, once per pair. */
public final class TicketLinks {

    private final Tickets tickets;

    public TicketLinks(Tickets tickets) {
        this.tickets = tickets;
    }

    /** The numbers of the tickets linked to this one. */
    public Future<List<String>> of(Ticket ticket) {
        return tickets.store.read(c -> tickets.records.linkedNumbers(c, ticket.id()));
    }

    /**
     * Links (or with {@code linked} false unlinks) two tickets, recorded in both histories; completes with whether
     * anything changed. Fails with {@link NoSuchElementException} for an unknown ticket,
     * {@link IllegalArgumentException} for a ticket linked to itself.
     */
    public Future<Boolean> set(SignedInAgent by, String one, String other, boolean linked) {
        Future<Optional<Ticket>> a = tickets.ticket(one);
        Future<Optional<Ticket>> b = tickets.ticket(other);
        return Future.all(a, b).compose(v -> {
            if (a.result().isEmpty() || b.result().isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("no ticket "
                        + (a.result().isEmpty() ? one : other)));
            }
            Ticket x = a.result().get();
            Ticket y = b.result().get();
            if (x.id().equals(y.id())) {
                return Future.failedFuture(new IllegalArgumentException("a ticket is not linked to itself"));
            }
            var now = tickets.clock.instant();
            Tickets.Actor actor = Tickets.Actor.of(by);
            return tickets.store.write(c -> {
                boolean changed = linked ? tickets.records.linkTickets(c, x.id(), y.id(), now)
                        : tickets.records.unlinkTickets(c, x.id(), y.id());
                if (changed) {
                    String field = linked ? "linked" : "unlinked";
                    tickets.records.insertEvent(c, x.id(), Tickets.event(actor, now, field, null, y.number()));
                    tickets.records.insertEvent(c, y.id(), Tickets.event(actor, now, field, null, x.number()));
                }
                return changed;
            });
        });
    }
}
