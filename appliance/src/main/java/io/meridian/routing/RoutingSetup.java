package io.meridian.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything routing decides with, valid as a whole: teams in overflow order, agent profiles by username, queue
 * rules, the holiday calendars by name, and the document it was read from (kept to store and edit it).
 */
public record RoutingSetup(List<Team> teams, Map<String, AgentProfile> agents, List<QueueRule> rules,
        int defaultPriority, Map<String, HolidayCalendar> calendars, Map<String, Object> document) {

    public RoutingSetup {
        teams = teams.stream().sorted(Comparator.comparingInt(Team::overflowRank).thenComparing(Team::id)).toList();
        agents = Map.copyOf(agents);
        rules = List.copyOf(rules);
        calendars = Map.copyOf(calendars);
    }

    /** A setup with no teams: nothing is routed, conversations simply wait in the inbox. */
    public static RoutingSetup empty() {
        return new RoutingSetup(List.of(), Map.of(), List.of(), 0, Map.of(), Map.of());
    }

    public Optional<Team> team(String id) {
        return teams.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public boolean isEmpty() {
        return teams.isEmpty();
    }
}
