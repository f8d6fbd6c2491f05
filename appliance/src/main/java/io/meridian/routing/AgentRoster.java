package io.meridian.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console accounts routing knows, with each one's routing profile, presence and load, and who works in which
 * team. Not thread-safe: {@link RoutingEngine} guards it with its lock.
 */
final class AgentRoster {

    private final Map<String, AgentState> byId = new LinkedHashMap<>();
    private final Map<String, AgentState> byUsername = new HashMap<>();
    private Map<String, List<AgentState>> byTeam = Map.of();

    AgentState get(String agentId) {
        return byId.get(agentId);
    }

    Optional<AgentState> withUsername(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    /** Adds an account (with its profile from {@code setup}), or updates its display name. */
    void know(String id, String username, String displayName, RoutingSetup setup) {
        AgentState a = byId.get(id);
        if (a == null) {
            a = new AgentState(id, username, displayName);
            byId.put(id, a);
            byUsername.put(username, a);
            a.profile = setup.agents().get(username);
            rebuildTeams();
        } else {
            a.displayName = displayName;
        }
    }

    /** Gives every agent its profile from a new setup (none if the setup has none for it). */
    void applyProfiles(RoutingSetup setup) {
        byId.values().forEach(a -> a.profile = setup.agents().get(a.username));
        rebuildTeams();
    }

    /** The agents with a profile in {@code teamId}. */
    List<AgentState> staff(String teamId) {
        return byTeam.getOrDefault(teamId, List.of());
    }

    /** Whether the team has agents speaking {@code language}. */
    boolean anySpeaks(String teamId, String language) {
        return staff(teamId).stream().anyMatch(a -> a.profile.speaks(language));
    }

    /**
     * The free agent of the team with the skill (and the language, if {@code strictLanguage}) who holds the fewest
     * conversations, ties to the one idle longest; null if nobody is free.
     */
    AgentState best(String teamId, String language, String skill, boolean strictLanguage) {
        AgentState best = null;
        for (AgentState a : staff(teamId)) {
            if (!a.free() || (strictLanguage && !a.profile.speaks(language)) || !a.profile.hasSkill(skill)) {
                continue;
            }
            if (best == null || a.load() < best.load()
                    || (a.load() == best.load() && a.idleSince.isBefore(best.idleSince))) {
                best = a;
            }
        }
        return best;
    }

    /** Every agent, for counting their conversations in other regions. */
    java.util.Collection<AgentState> all() {
        return byId.values();
    }

    /** Online agents with free capacity. */
    List<String> free() {
        return byId.values().stream().filter(AgentState::free).map(a -> a.id).toList();
    }

    /** Every agent as the console shows it, by display name. */
    List<RoutingEngine.AgentView> views() {
        List<RoutingEngine.AgentView> out = new ArrayList<>();
        byId.values().forEach(a -> out.add(view(a)));
        out.sort(Comparator.comparing(RoutingEngine.AgentView::displayName));
        return out;
    }

    static RoutingEngine.AgentView view(AgentState a) {
        return new RoutingEngine.AgentView(a.id, a.username, a.displayName, a.presence, a.active + a.elsewhere,
                a.profile == null ? 0 : a.profile.maxConversations(),
                a.profile == null ? List.of() : a.profile.teams(),
                a.profile == null ? Map.of() : a.profile.languages(), a.idleSince);
    }

    private void rebuildTeams() {
        Map<String, List<AgentState>> m = new HashMap<>();
        for (AgentState a : byId.values()) {
            if (a.profile != null) {
                for (String team : a.profile.teams()) {
                    m.computeIfAbsent(team, k -> new ArrayList<>()).add(a);
                }
            }
        }
        byTeam = m;
    }
}
