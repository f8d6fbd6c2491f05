package io.meridian.routing;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting a team or an agent's routing profile. A team that still has waiting conversations is not deleted unless
 * the admin names a team to move them to (they keep their place in time and priority there); a team that is some
 * agent's only team is not deleted either, so nobody is left without a team. Conversations already with an agent stay
 * with the agent. A deleted profile's agent keeps the conversations it holds but gets no new ones.
 */
final class SetupRemovals {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final RoutingBasics basics;
    private final TeamSetup setup;
    private final AssignmentRecords assignments = new AssignmentRecords();

    SetupRemovals(RoutingBasics basics, TeamSetup setup) {
        this.basics = basics;
        this.setup = setup;
    }

    /**
     * Deletes team {@code teamId}; its waiting conversations move to {@code moveQueuedTo} if given. Fails with
     * NoSuchElementException for an unknown team, IllegalArgumentException for a bad target, and
     * {@link RoutingConflictException} when conversations wait there and no target is given, or when the team is some
     * agent's only team. Completes with the number of conversations moved.
     */
    Future<Integer> deleteTeam(String teamId, String moveQueuedTo, String by) {
        RoutingSetup current = basics.engine().setup();
        Team team = current.team(teamId).orElse(null);
        if (team == null) {
            return Future.failedFuture(TeamSetup.unknown("team", teamId));
        }
        Team target = null;
        if (moveQueuedTo != null && !moveQueuedTo.isBlank()) {
            target = current.team(moveQueuedTo).orElse(null);
            if (target == null || target.id().equals(teamId)) {
                return Future.failedFuture(new IllegalArgumentException("to move the waiting conversations, choose "
                        + "another existing team than " + team.name()));
            }
        }
        Map<String, Object> document = setup.document();
        List<String> stranded = SetupDocument.onlyIn(document, teamId);
        if (!stranded.isEmpty()) {
            return Future.failedFuture(new RoutingConflictException("Team " + team.name() + " is the only team of "
                    + String.join(", ", stranded) + ": give them another team or delete their routing profiles first. "
                    + "The team was not deleted."));
        }
        Team moveTo = target;
        List<RoutingRow> moved = new ArrayList<>();
        return setup.save(SetupDocument.withoutTeam(document, teamId), "console: delete team " + teamId, by, (c, next) -> {
            List<RoutingRow> waiting = assignments.queuedIn(c, teamId);
            if (!waiting.isEmpty() && moveTo == null) {
                throw new RoutingConflictException("Team " + team.name() + " still has " + waiting.size()
                        + (waiting.size() == 1 ? " waiting conversation" : " waiting conversations")
                        + ": choose a team to move them to, or transfer them first. The team was not deleted.");
            }
            for (RoutingRow r : waiting) {
                boolean strict = basics.engine().strict(moveTo, r.language());
                if (!assignments.moveQueued(c, r.conversationId(), r.version(), moveTo.id(), strict)) {
                    throw new RoutingConflictException("a waiting conversation of " + team.name() + " changed meanwhile; "
                            + "try again");
                }
                moved.add(new RoutingRow(r.conversationId(), moveTo.id(), null, "QUEUED", r.priority(), r.language(),
                        r.skill(), strict, r.queuedAt(), null, r.version() + 1));
            }
        }).map(applied -> {
            moved.forEach(r -> basics.engine().enqueue(r.asQueued()));
            AUDIT.info("Team {} deleted by {}; {} waiting conversations moved to {}", teamId, by, moved.size(),
                    moveTo == null ? "-" : moveTo.id());
            if (!moved.isEmpty()) {
                basics.announceSetup("queues");
            }
            return moved.size();
        });
    }

    /** Deletes an agent's routing profile. Fails with NoSuchElementException if there is none. */
    Future<RoutingSetup> deleteAgentProfile(String username, String by) {
        String u = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        Map<String, Object> document = setup.document();
        if (!SetupDocument.hasItem(document, "agents", "username", u)) {
            return Future.failedFuture(TeamSetup.unknown("agent profile", u));
        }
        return setup.save(SetupDocument.withoutItem(document, "agents", "username", u), "console: delete agent " + u,
                by, (c, next) -> { });
    }
}
