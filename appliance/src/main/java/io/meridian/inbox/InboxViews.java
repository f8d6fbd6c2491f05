package io.meridian.inbox;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The views of open work another capability offers the inbox's rail (routing: the agent's own conversations, those
 * waiting in the agent's teams, each team), with their counts. The inbox adds "all open" and "closed" itself.
 */
public interface InboxViews {

    /**
     * The views {@code agent} sees, in the rail's order, each with its count now; names (a team's) in
     * {@code language}, the console's.
     */
    Future<List<InboxView>> views(SignedInAgent agent, String language);

    /**
     * The ids of up to {@code limit} open conversations in {@code view} for {@code agent}, in the order the view
     * shows them; empty if the agent has no such view.
     */
    Future<Optional<List<String>>> conversationIds(SignedInAgent agent, String view, int limit);

    /** No views beyond the inbox's own. */
    static InboxViews none() {
        return new InboxViews() {
            @Override
            public Future<List<InboxView>> views(SignedInAgent agent, String language) {
                return Future.succeededFuture(List.of());
            }

            @Override
            public Future<Optional<List<String>>> conversationIds(SignedInAgent agent, String view, int limit) {
                return Future.succeededFuture(Optional.empty());
            }
        };
    }
}
