package io.meridian.ticket;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One change applied to many tickets, one after the other, each on its own (a closed ticket or a value out of range
 * fails that ticket only): the console's bulk bar and {@code POST /api/v1/tickets/bulk}.
 */
final class BulkChange {

    /** A ticket that was not changed, with the HTTP status and reason a single change would have got. */
    record Failure(String number, int status, String detail) {
    }

    /** What was changed and what not. */
    record Outcome(List<String> updated, List<Failure> failed) {

        JsonObject toJson() {
            JsonArray not = new JsonArray();
            failed.forEach(f -> not.add(new JsonObject().put("number", f.number()).put("status", f.status())
                    .put("detail", f.detail())));
            return new JsonObject().put("updated", new JsonArray(List.copyOf(updated))).put("failed", not);
        }
    }

    private final Tickets tickets;

    BulkChange(Tickets tickets) {
        this.tickets = tickets;
    }

    Future<Outcome> apply(SignedInAgent by, List<String> numbers, TicketChange change) {
        List<String> updated = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (String number : numbers) {
            chain = chain.compose(v -> tickets.change(by, number, change).map(t -> {
                updated.add(t.number());
                return (Void) null;
            }).recover(e -> {
                int status = e instanceof NoSuchElementException ? 404 : e instanceof TicketConflictException ? 409
                        : e instanceof IllegalArgumentException ? 400 : -1;
                if (status < 0) {
                    return Future.failedFuture(e);
                }
                failed.add(new Failure(number, status, e.getMessage()));
                return Future.succeededFuture();
            }));
        }
        return chain.map(v -> new Outcome(updated, failed));
    }
}
