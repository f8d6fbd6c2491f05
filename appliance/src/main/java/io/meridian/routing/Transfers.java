package io.meridian.routing;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a conversation to a colleague or back to a team's queue, with an optional note; the history stays with the
 * conversation. Both moves are conditional updates on the routing row's version, and a transfer to an agent takes one
 * of that agent's slots the same way an assignment does, so a transfer never puts anyone over capacity.
 */
final class Transfers {

    private final RoutingBasics basics;
    private final InternalNotes notes;
    private final QueueDispatcher dispatcher;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final AgentLoadRecords loads = new AgentLoadRecords();
    private final TimelineRecords timeline = new TimelineRecords();

    Transfers(RoutingBasics basics, InternalNotes notes, QueueDispatcher dispatcher) {
        this.basics = basics;
        this.notes = notes;
        this.dispatcher = dispatcher;
    }

    /**
     * Transfers to {@code toAgentId} or to the queue of {@code toTeamId} (exactly one of them). Fails with
     * {@link RoutingConflictException} if the agent is at capacity or the conversation changed meanwhile,
     * {@link IllegalArgumentException} for an unknown agent or team.
     */
    Future<Void> transfer(String conversationId, SignedInAgent actor, String toAgentId, String toTeamId, String note) {
        if ((toAgentId == null) == (toTeamId == null)) {
            return Future.failedFuture(new IllegalArgumentException("give either an agent or a team to transfer to"));
        }
        if (note != null && note.length() > InternalNotes.MAX_NOTE_CHARS) {
            return Future.failedFuture(InternalNotes.tooLong());
        }
        String noteText = note == null || note.isBlank() ? null : note.strip();
        return toAgentId != null ? toAgent(conversationId, actor, toAgentId, noteText)
                : toTeam(conversationId, actor, toTeamId, noteText);
    }

    private Future<Void> toAgent(String conversationId, SignedInAgent actor, String toAgentId, String noteText) {
        Optional<RoutingEngine.AgentView> target = basics.engine().agentView(toAgentId);
        if (target.isEmpty() || target.get().max() == 0) {
            return Future.failedFuture(new IllegalArgumentException("no agent " + toAgentId + " with a routing profile"));
        }
        RoutingEngine.AgentView to = target.get();
        String teamId = to.teams().get(0);
        Instant now = basics.now();
        Reason reason = new Reason().add(noteText == null ? "transferred-to-agent" : "transferred-to-agent-with-note",
                actor.displayName(), to.displayName());
        return basics.store().write(c -> {
            RoutingRow row = rowFor(c, conversationId, teamId, now);
            if (toAgentId.equals(row.agentId()) && row.assigned()) {
                throw new RoutingConflictException("the conversation is already with " + to.displayName());
            }
            if (!assignments.reassign(c, conversationId, row.version(), teamId, toAgentId, now)) {
                throw new RoutingConflictException("the conversation changed meanwhile or is closed; reload and retry");
            }
            if (row.assigned() && row.agentId() != null) {
                loads.freeSlot(c, row.agentId(), now);
            }
            if (!loads.takeSlot(c, toAgentId, to.max(), now)) {
                throw new RoutingConflictException(to.displayName() + " is at capacity (" + to.max() + " conversations)");
            }
            timeline.insertEvent(c, RoutingBasics.event(conversationId, now, "TRANSFERRED", teamId, toAgentId,
                    actor.id(), reason));
            notes.insert(c, conversationId, "TRANSFER", actor, noteText, List.of(), now);
            return row;
        }).map(row -> {
            basics.engine().remove(conversationId);
            if (row.assigned() && row.agentId() != null) {
                basics.engine().released(row.agentId(), now);
                dispatcher.pull(row.agentId());
            }
            basics.engine().assignedDirectly(toAgentId);
            basics.announce(conversationId, "transferred", teamId, toAgentId, reason);
            return null;
        });
    }

    private Future<Void> toTeam(String conversationId, SignedInAgent actor, String toTeamId, String noteText) {
        Optional<Team> team = basics.engine().setup().team(toTeamId);
        if (team.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("no team " + toTeamId));
        }
        Instant now = basics.now();
        Reason reason = new Reason().add(noteText == null ? "transferred-to-team" : "transferred-to-team-with-note",
                actor.displayName(), Reason.team(team.get()));
        return basics.store().write(c -> {
            RoutingRow row = rowFor(c, conversationId, toTeamId, now);
            boolean strict = basics.engine().strict(team.get(), row.language());
            if (!assignments.requeue(c, conversationId, row.version(), toTeamId, strict, now)) {
                throw new RoutingConflictException("the conversation changed meanwhile or is closed; reload and retry");
            }
            if (row.assigned() && row.agentId() != null) {
                loads.freeSlot(c, row.agentId(), now);
            }
            timeline.insertEvent(c, RoutingBasics.event(conversationId, now, "TRANSFERRED", toTeamId, null, actor.id(),
                    reason));
            notes.insert(c, conversationId, "TRANSFER", actor, noteText, List.of(), now);
            return Map.entry(row, assignments.routing(c, conversationId).orElseThrow());
        }).map(rows -> {
            RoutingRow before = rows.getKey();
            basics.engine().enqueue(rows.getValue().asQueued());
            if (before.assigned() && before.agentId() != null) {
                // The agent who handed it over has a free slot again, in memory as in the database.
                basics.engine().released(before.agentId(), now);
            }
            basics.announce(conversationId, "transferred", toTeamId, null, reason);
            dispatcher.pullAll();
            return null;
        });
    }

    /**
     * An agent of another region takes a conversation that waits here (follow the sun by hand, docs/cluster.md): the
     * same conditional update on the routing row, so it goes to one agent only, and out of this node's queue. The
     * agent's capacity is their own node's, not counted here. {@code given}: that region's routing chose the agent
     * for a conversation this region offered it (follow the sun across regions), rather than the agent taking it.
     * Fails with {@link RoutingConflictException} when an agent has it already or it changed meanwhile.
     */
    Future<Void> takenFromRegion(String conversationId, String agentId, String agentName, String region,
            boolean given) {
        Instant now = basics.now();
        Reason reason = new Reason().add(given ? "given-to-region" : "taken-from-region", agentName, region);
        return basics.store().write(c -> {
            RoutingRow row = rowFor(c, conversationId, null, now);
            if (row.assigned()) {
                throw new RoutingConflictException("an agent has the conversation already");
            }
            if (!assignments.reassign(c, conversationId, row.version(), row.teamId(), agentId, now)) {
                throw new RoutingConflictException("the conversation changed meanwhile or is closed; reload and retry");
            }
            timeline.insertEvent(c, RoutingBasics.event(conversationId, now, "TRANSFERRED", row.teamId(), agentId,
                    agentId, reason));
            return row;
        }).map(row -> {
            basics.engine().remove(conversationId);
            basics.announce(conversationId, "transferred", row.teamId(), agentId, reason);
            return null;
        });
    }

    /**
     * A conversation an agent of another region took goes back to its queue here, because that agent's region left
     * the cluster: if it is still theirs (a conditional update, as any move). Completes with whether it moved.
     */
    Future<Boolean> releasedFromRegion(String conversationId, String agentId, String agentName, String region) {
        Instant now = basics.now();
        Reason reason = new Reason().add("released-region-lost", agentName, region);
        return basics.store().write(c -> {
            Optional<RoutingRow> row = assignments.routing(c, conversationId);
            if (row.isEmpty() || !row.get().assigned() || !agentId.equals(row.get().agentId())
                    || !assignments.requeue(c, conversationId, row.get().version(), row.get().teamId(),
                            row.get().strictLanguage(), now)) {
                return Optional.<RoutingRow>empty(); // moved on meanwhile: nothing to give back
            }
            timeline.insertEvent(c, RoutingBasics.event(conversationId, now, "RELEASED", row.get().teamId(), null,
                    agentId, reason));
            return assignments.routing(c, conversationId);
        }).map(queued -> {
            queued.ifPresent(q -> {
                if (q.teamId() != null) {
                    basics.engine().enqueue(q.asQueued());
                }
                basics.announce(conversationId, "transferred", q.teamId(), null, reason);
                dispatcher.pullAll();
            });
            return queued.isPresent();
        });
    }

    /** The routing row, made on the spot for a conversation that was never routed (e.g. no setup at the time). */
    private RoutingRow rowFor(Connection c, String conversationId, String teamId, Instant now) throws SQLException {
        Optional<RoutingRow> row = assignments.routing(c, conversationId);
        if (row.isPresent()) {
            return row.get();
        }
        RoutingRow fresh = new RoutingRow(conversationId, teamId, null, "QUEUED", 0, null, null, false, now, null, 0);
        assignments.insert(c, fresh);
        return fresh;
    }
}
