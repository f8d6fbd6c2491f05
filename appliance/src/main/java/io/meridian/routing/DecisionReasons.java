package io.meridian.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The reasons the engine records for each decision, as the conversation's timeline shows them: why this team, why
 * this agent, or why it waits. Kept as {@link Reason} sentences, shown in each reader's console language.
 */
final class DecisionReasons {

    private DecisionReasons() {
    }

    static Reason assigned(Reason why, Team team, Instant now, Inquiry q, List<Team> closed, List<Object> busy,
            AgentState agent) {
        Reason r = new Reason().add(why).add("team-open", Reason.team(team), Reason.time(now, team.calendar().zone()),
                serving(q));
        if (!closed.isEmpty()) {
            r.add("closed-teams", teams(closed));
        }
        if (!busy.isEmpty()) {
            r.add("no-agent-free-in", busy);
        }
        Object speaks = q.language() == null ? Reason.phrase("speaks-team-languages")
                : Reason.phrase("speaks", q.language(), Reason.phrase("level." + level(agent, q.language())));
        return r.add("agent-chosen", agent.displayName, speaks, agent.load() - 1, agent.profile.maxConversations(),
                Reason.time(agent.idleSince, team.calendar().zone()));
    }

    static Reason queued(Reason why, Inquiry q, List<Team> open, List<Object> busy, Team first) {
        return new Reason().add(why).add("queued", serving(q), teams(open), busy, Reason.team(first), q.priority())
                .add(rules(q));
    }

    static Reason offHours(Reason why, Inquiry q, List<Team> closed, Team first, Instant opensAt) {
        return new Reason().add(why).add("off-hours", serving(q), teams(closed), Reason.team(first),
                Reason.time(opensAt, first.calendar().zone()), q.priority()).add(rules(q));
    }

    /** No team of this region is open for it, but one of {@code regions} is: it waits here and is offered there. */
    static Reason offered(Reason why, Inquiry q, List<Team> closed, Team first, List<String> regions) {
        return new Reason().add(why).add("offered-to-region", serving(q), teams(closed), Reason.list(
                List.copyOf(regions)), Reason.team(first), q.priority()).add(rules(q));
    }

    static Reason neverOpens(Reason why, List<Team> closed, Team first) {
        return new Reason().add(why).add("never-opens", teams(closed), Reason.team(first));
    }

    static Reason claimed(AgentState agent, Team team, QueuedConversation entry, Instant now) {
        return new Reason().add("claimed", agent.displayName, Reason.team(team), entry.priority(),
                Reason.duration(Duration.between(entry.queuedAt(), now)));
    }

    /** "Europe (agents: 4, online: 3, at capacity: 3)": why nobody in an open team could take it. */
    static Object busy(Team team, Collection<AgentState> staff) {
        long online = staff.stream().filter(a -> a.presence == Presence.ONLINE).count();
        long full = staff.stream().filter(a -> a.presence == Presence.ONLINE && a.profile != null
                && a.load() >= a.profile.maxConversations()).count();
        return Reason.phrase("busy-team", Reason.team(team), staff.size(), online, full);
    }

    private static Object teams(List<Team> teams) {
        return Reason.list(teams.stream().map(Reason::team).toList());
    }

    /** "language es", "an unknown language", and the skill when one is asked for. */
    private static Object serving(Inquiry q) {
        Object language = q.language() == null ? Reason.phrase("language-unknown") : Reason.phrase("language",
                q.language());
        return q.skill() == null ? language : Reason.phrase("with-skill", language, q.skill());
    }

    private static Reason rules(Inquiry q) {
        return q.matchedRules().isEmpty() ? new Reason() : new Reason().add("rules", q.matchedRules());
    }

    private static String level(AgentState a, String language) {
        Proficiency p = a.profile.languages().get(language);
        return p == null ? "unknown" : p.name().toLowerCase(Locale.ROOT);
    }
}
