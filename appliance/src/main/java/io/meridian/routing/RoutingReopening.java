package io.meridian.routing;

import io.meridian.conversation.ConversationReopening;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Routing's part when a customer reopens a closed conversation, in the transaction that reopens it: the conversation's
 * routing is removed, so it is routed anew as waiting work (by the message pipeline, or at the next start if the
 * node stops first), and the timeline records the reopening. Runs only SQL on the given connection.
 */
public final class RoutingReopening implements ConversationReopening {

    private final AssignmentRecords assignments = new AssignmentRecords();
    private final TimelineRecords timeline = new TimelineRecords();

    @Override
    public void reopened(Connection c, String conversationId, Instant at, String channel) throws SQLException {
        Optional<RoutingRow> was = assignments.removeClosed(c, conversationId);
        timeline.insertEvent(c, RoutingBasics.event(conversationId, at, "REOPENED", was.map(RoutingRow::teamId)
                .orElse(null), null, null, new Reason().add("reopened", channel)));
    }
}
