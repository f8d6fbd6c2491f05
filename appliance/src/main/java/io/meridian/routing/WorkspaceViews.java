package io.meridian.routing;

import io.meridian.inbox.InboxView;
import io.meridian.inbox.InboxViews;
import io.meridian.security.SignedInAgent;
import io.meridian.security.Permission;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routing's views for the inbox rail: the conversations the agent holds ("mine"), those a colleague mentioned the
 * agent in ("@mentions", the last 14 days, open or closed, the latest mention first), those waiting in the agent's
 * teams' queues, and each of those teams' open conversations. An agent's teams are those of their routing profile;
 * an admin sees every team. Counts come from two grouped reads of {@code conversation_routing}, on its indexes.
 */
final class WorkspaceViews implements InboxViews {

    static final String MINE = "mine";
    static final String WAITING = "waiting";
    static final String TEAM = "team:";
    static final String MENTIONS = "mentions";
    /** How far back the @mentions view looks. */
    static final Duration MENTIONS_FOR = Duration.ofDays(14);

    private final RoutingBasics basics;
    private final AssignmentRecords assignments;
    private final TimelineRecords timeline = new TimelineRecords();

    WorkspaceViews(RoutingBasics basics, AssignmentRecords assignments) {
        this.basics = basics;
        this.assignments = assignments;
    }

    @Override
    public Future<List<InboxView>> views(SignedInAgent agent, String language) {
        List<Team> teams = teamsOf(agent);
        return basics.store().read(c -> {
            long mine = assignments.countAssignedTo(c, agent.id());
            Map<String, AssignmentRecords.TeamLoad> load = assignments.openByTeam(c);
            List<InboxView> views = new ArrayList<>();
            views.add(InboxView.of(MINE, "inbox.view.mine", mine));
            views.add(InboxView.of(MENTIONS, "inbox.view.mentions",
                    timeline.countMentionedIn(c, agent.id(), basics.now().minus(MENTIONS_FOR))));
            if (!teams.isEmpty()) {
                long waiting = teams.stream().mapToLong(t -> loadOf(load, t).waiting()).sum();
                views.add(InboxView.of(WAITING, "inbox.view.waiting", waiting));
            }
            for (Team team : teams) {
                AssignmentRecords.TeamLoad l = loadOf(load, team);
                views.add(InboxView.named(TEAM + team.id(), team.nameIn(language), l.waiting() + l.held(),
                        "inbox.teams"));
            }
            return views;
        });
    }

    @Override
    public Future<Optional<List<String>>> conversationIds(SignedInAgent agent, String view, int limit) {
        if (MINE.equals(view)) {
            return basics.store().read(c -> Optional.of(assignments.assignedIds(c, agent.id(), limit)));
        }
        if (MENTIONS.equals(view)) {
            return basics.store().read(c -> Optional.of(timeline.mentionedIn(c, agent.id(),
                    basics.now().minus(MENTIONS_FOR), limit)));
        }
        List<String> teamIds = teamsOf(agent).stream().map(Team::id).toList();
        if (WAITING.equals(view) && !teamIds.isEmpty()) {
            return basics.store().read(c -> Optional.of(assignments.openIdsOfTeams(c, teamIds, true, limit)));
        }
        if (view != null && view.startsWith(TEAM) && teamIds.contains(view.substring(TEAM.length()))) {
            List<String> one = List.of(view.substring(TEAM.length()));
            return basics.store().read(c -> Optional.of(assignments.openIdsOfTeams(c, one, false, limit)));
        }
        return Future.succeededFuture(Optional.empty());
    }

    /** The teams of the agent's routing profile that exist; every team for those who manage teams. */
    private List<Team> teamsOf(SignedInAgent agent) {
        RoutingSetup setup = basics.engine().setup();
        if (agent.may(Permission.TEAMS_MANAGE)) {
            return setup.teams();
        }
        AgentProfile profile = setup.agents().get(agent.username());
        if (profile == null) {
            return List.of();
        }
        return profile.teams().stream().map(setup::team).flatMap(Optional::stream).toList();
    }

    private static AssignmentRecords.TeamLoad loadOf(Map<String, AssignmentRecords.TeamLoad> load, Team team) {
        return load.getOrDefault(team.id(), new AssignmentRecords.TeamLoad(0, 0));
    }
}
