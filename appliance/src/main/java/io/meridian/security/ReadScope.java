package io.meridian.security;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Whether a record lies within the teams and home regions an account's role may read ({@link Access#covers}).
 * {@link ConsoleSecurity} asks it for every console page and REST route that names a record in its path, and lists
 * ask {@link #within} ({@link ConsoleSecurity#readable}) before they show anything. Unknown ids count as covered, so the route itself
 * answers its usual 404.
 */
public interface ReadScope {

    /** The kinds of record a path may name. */
    enum Kind { CONVERSATION, CONTACT, MESSAGE, ATTACHMENT, TICKET, REGION }

    /** Every account reads everything: for nodes and tests without teams or regions to scope by. */
    ReadScope EVERYTHING = new ReadScope() {
        @Override
        public Future<Boolean> covers(Access access, Kind kind, String id) {
            return Future.succeededFuture(true);
        }

        @Override
        public Future<Set<String>> within(Access access, Kind kind, Collection<String> ids) {
            return Future.succeededFuture(Set.copyOf(ids));
        }
    };

    /**
     * Whether the record ({@code id}: a ticket's id or number for tickets; for {@code REGION}, a region whose
     * conversations another region's node lists) is within {@code access}'s scope.
     */
    Future<Boolean> covers(Access access, Kind kind, String id);

    /** Those of {@code ids}, records of one kind, within {@code access}'s scope. */
    Future<Set<String>> within(Access access, Kind kind, Collection<String> ids);
}
