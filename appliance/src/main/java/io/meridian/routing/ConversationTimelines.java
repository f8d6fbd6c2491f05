package io.meridian.routing;

import io.meridian.routing.TimelineRecords.EventRow;
import io.meridian.routing.TimelineRecords.NoteRow;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a conversation's routing timeline: where it stands, and every decision and note (opened) in time order. */
final class ConversationTimelines {

    private final RoutingBasics basics;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final TimelineRecords records = new TimelineRecords();

    ConversationTimelines(RoutingBasics basics) {
        this.basics = basics;
    }

    Future<Timeline> timeline(String conversationId) {
        return basics.store().read(c -> {
            Optional<RoutingRow> row = assignments.routing(c, conversationId);
            List<Timeline.Entry> entries = new ArrayList<>();
            for (EventRow e : records.events(c, conversationId)) {
                entries.add(new Timeline.Entry(e.at(), e.kind(), e.reason(), null, List.of()));
            }
            for (NoteRow n : records.notes(c, conversationId)) {
                String text = basics.hub().conversations().openForConversation(c, conversationId, "conversation_notes",
                        n.id(), "body_sealed", n.bodySealed());
                entries.add(new Timeline.Entry(n.createdAt(), n.kind().equals("NOTE") ? "NOTE" : "TRANSFER_NOTE", text,
                        n.authorName(), n.mentions() == null ? List.of() : List.of(n.mentions().split(","))));
            }
            entries.sort((a, b) -> a.at().compareTo(b.at()));
            RoutingEngine engine = basics.engine();
            String teamName = row.map(RoutingRow::teamId).flatMap(t -> engine.setup().team(t)).map(Team::name)
                    .orElse(row.map(RoutingRow::teamId).orElse(null));
            String agentName = row.map(RoutingRow::agentId).flatMap(engine::displayNameOf).orElse(null);
            return new Timeline(conversationId, row.map(RoutingRow::state).orElse("UNROUTED"),
                    row.map(RoutingRow::teamId).orElse(null), teamName, row.map(RoutingRow::agentId).orElse(null),
                    agentName, row.map(RoutingRow::priority).orElse(0), row.map(RoutingRow::language).orElse(null),
                    entries);
        });
    }

    /** The conversations an agent holds now. */
    Future<List<String>> assignedTo(String agentId) {
        return basics.store().read(c -> assignments.assignedTo(c, agentId));
    }
}
