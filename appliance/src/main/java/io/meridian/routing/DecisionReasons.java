package io.meridian.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The reason lines the engine writes for each decision, as the conversation's timeline shows them: why this team,
 * why this agent, or why it waits. Written in English when the decision is made (they are a record of it).
 */
final class DecisionReasons {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

    private DecisionReasons() {
    }

    static String assigned(String why, Team team, Instant now, Inquiry q, List<String> closed, List<String> busy,
            AgentState agent) {
        return why + team.name() + " is open (" + local(now, team.calendar().zone()) + ") and serves "
                + languageNote(q) + (q.skill() == null ? "" : " and skill '" + q.skill() + "'")
                + (closed.isEmpty() ? "" : "; closed: " + String.join(", ", closed))
                + (busy.isEmpty() ? "" : "; no agent free in " + String.join(", ", busy))
                + ". " + agent.displayName + " is online, speaks " + (q.language() == null ? "the team's languages"
                : q.language() + " (" + level(agent, q.language()) + ")") + ", holds " + (agent.active - 1) + " of "
                + agent.profile.maxConversations() + " conversations, idle since "
                + local(agent.idleSince, team.calendar().zone()) + " (least loaded, then longest idle).";
    }

    static String queued(String why, Inquiry q, List<Team> open, List<String> busy, Team first) {
        return why + "Open for " + languageNote(q) + ": "
                + open.stream().map(Team::name).reduce((a, b) -> a + ", " + b).orElse("") + "; no agent free ("
                + String.join("; ", busy) + "). Queued for " + first.name() + priorityNote(q) + ".";
    }

    static String offHours(String why, Inquiry q, List<String> closed, Team first, Instant opensAt) {
        return why + "Off hours: every team for " + languageNote(q) + " is closed (" + String.join(", ", closed)
                + "). Queued for " + first.name() + ", which opens first, at " + local(opensAt, first.calendar().zone())
                + priorityNote(q) + ".";
    }

    static String neverOpens(String why, List<String> closed, Team first) {
        return why + "No matching team opens within a year (" + String.join(", ", closed) + " closed); queued for "
                + first.name() + ".";
    }

    static String claimed(AgentState agent, String teamName, QueuedConversation entry, Instant now) {
        return agent.displayName + " came free in " + teamName + " and took the next waiting conversation (priority "
                + entry.priority() + ", waited " + human(Duration.between(entry.queuedAt(), now)) + ").";
    }

    /** "4 agents, 3 online, 3 at capacity": why nobody in an open team could take it. */
    static String staff(Collection<AgentState> staff) {
        long online = staff.stream().filter(a -> a.presence == Presence.ONLINE).count();
        long full = staff.stream().filter(a -> a.presence == Presence.ONLINE && a.profile != null
                && a.active >= a.profile.maxConversations()).count();
        return staff.size() + (staff.size() == 1 ? " agent, " : " agents, ") + online + " online, " + full
                + " at capacity";
    }

    static String local(Instant at, ZoneId zone) {
        return at.atZone(zone).format(HOUR) + " " + zone.getId();
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String languageNote(Inquiry q) {
        return q.language() == null ? "language unknown" : "language " + q.language();
    }

    private static String level(AgentState a, String language) {
        Proficiency p = a.profile.languages().get(language);
        return p == null ? "?" : p.name().toLowerCase(Locale.ROOT);
    }

    private static String priorityNote(Inquiry q) {
        return q.matchedRules().isEmpty() ? " at priority " + q.priority()
                : " at priority " + q.priority() + " (rules: " + String.join(", ", q.matchedRules()) + ")";
    }
}
