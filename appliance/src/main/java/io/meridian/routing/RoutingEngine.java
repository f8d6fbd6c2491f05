package io.meridian.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The routing decision, on in-memory state only: the setup, each agent's presence and load, and the team queues.
 * Deciding takes microseconds and touches no database; persisting the outcome is the caller's job
 * ({@link RoutingService}), and the database has the last word: a decision whose conditional update fails is
 * handed back with {@link #assignmentRefused} or {@link #claimRefused}.
 * <p>
 * Thread-safe: every method holds the engine's lock for its (short) duration.
 */
public final class RoutingEngine {

    /** An agent as the console shows it. */
    public record AgentView(String id, String username, String displayName, Presence presence, int active, int max,
            List<String> teams, Map<String, Proficiency> languages, Instant idleSince) {
    }

    /** A team's queue as the console shows it. */
    public record QueueView(String teamId, String teamName, boolean open, int waiting, Instant oldestQueuedAt,
            int highestPriority, List<QueuedConversation> entries, int online, int freeAgents) {
    }

    /** A queued conversation taken by an agent that came free; its capacity is reserved in memory. */
    public record Claim(QueuedConversation entry, String agentId, Reason reason) {
    }

    private RoutingSetup setup = RoutingSetup.empty();
    private final AgentRoster agents = new AgentRoster();
    private final TeamQueues queues = new TeamQueues();
    private final QueuePace pace = new QueuePace();
    private OtherRegions others = OtherRegions.NONE;

    public synchronized RoutingSetup setup() {
        return setup;
    }

    /** Puts a new setup in force. Queued conversations of a team that no longer exists move to the first team. */
    public synchronized void apply(RoutingSetup next) {
        this.setup = next;
        agents.applyProfiles(next);
        List<QueuedConversation> orphans = queues.all().stream()
                .filter(q -> next.team(q.teamId()).isEmpty()).toList();
        for (QueuedConversation q : orphans) {
            remove(q.conversationId());
            if (!next.teams().isEmpty()) {
                enqueue(q.inTeam(next.teams().get(0).id(), false));
            }
        }
    }

    /** The cluster's other regions, for the conversations no team of this region can take now. */
    public synchronized void followTheSunAcross(OtherRegions regions) {
        this.others = regions;
    }

    public synchronized OtherRegions otherRegions() {
        return others;
    }

    /** Makes a console account known (at start, and when it signs in or changes presence). */
    public synchronized void knowAgent(String id, String username, String displayName) {
        agents.know(id, username, displayName, setup);
    }

    /** Sets the agent's load as the database knows it (at start, or after the database refused an assignment). */
    public synchronized void setLoad(String agentId, int active) {
        AgentState a = agents.get(agentId);
        if (a != null) {
            a.active = Math.max(0, active);
        }
    }

    /** Changes presence; returns the previous one. Unknown agents are ignored (OFFLINE returned). */
    public synchronized Presence setPresence(String agentId, Presence presence, Instant now) {
        AgentState a = agents.get(agentId);
        if (a == null) {
            return Presence.OFFLINE;
        }
        Presence before = a.presence;
        a.presence = presence;
        if (presence == Presence.ONLINE && before != Presence.ONLINE && a.active == 0) {
            a.idleSince = now;
        }
        return before;
    }

    public synchronized Presence presenceOf(String agentId) {
        AgentState a = agents.get(agentId);
        return a == null ? Presence.OFFLINE : a.presence;
    }

    public synchronized Optional<String> agentIdOf(String username) {
        return agents.withUsername(username).map(a -> a.id);
    }

    /** The agent's maximum of conversations at once from its routing profile; 0 without one. */
    public synchronized int maxConversationsOf(String agentId) {
        AgentState a = agents.get(agentId);
        return a == null || a.profile == null ? 0 : a.profile.maxConversations();
    }

    public synchronized Optional<AgentView> agentView(String agentId) {
        AgentState a = agents.get(agentId);
        return a == null ? Optional.empty() : Optional.of(AgentRoster.view(a));
    }

    public synchronized Optional<String> displayNameOf(String agentId) {
        AgentState a = agents.get(agentId);
        return a == null ? Optional.empty() : Optional.of(a.displayName);
    }

    /**
     * Decides where a new conversation goes, and records the decision in memory: an assignment reserves the agent's
     * capacity, a queue decision puts the conversation in the team's queue.
     */
    public synchronized RoutingDecision decide(Inquiry q, Instant now) {
        if (setup.isEmpty()) {
            return new RoutingDecision.Unrouted(new Reason().add("no-teams"));
        }
        Reason why = new Reason();
        List<Team> candidates = teamsFor(q.language());
        if (setup.teams().stream().noneMatch(t -> t.speaks(q.language()))) {
            why.add("no-team-for-language", q.language() == null ? Reason.phrase("language-unknown")
                    : Reason.phrase("language", q.language()));
        }
        if (q.skill() != null) {
            List<Team> skilled = candidates.stream().filter(t -> t.hasSkill(q.skill())).toList();
            if (skilled.isEmpty()) {
                why.add("no-team-with-skill", q.skill());
            } else {
                candidates = new ArrayList<>(skilled);
            }
        }
        List<Team> open = new ArrayList<>();
        List<Team> closed = new ArrayList<>();
        for (Team t : candidates) {
            if (openHere(t, now)) {
                open.add(t);
            } else {
                closed.add(t);
            }
        }
        if (open.isEmpty()) {
            Team first = null;
            Instant opensAt = null;
            // It waits with a team of this region, which the customer is told about; another region's only if none.
            List<Team> ours = candidates.stream().filter(this::servesHere).toList();
            if (!ours.isEmpty()) {
                closed = closed.stream().filter(this::servesHere).toList(); // others' teams are not closed, not here
            }
            for (Team t : ours.isEmpty() ? candidates : ours) {
                Optional<Instant> next = t.calendar().nextOpening(now);
                if (next.isPresent() && (opensAt == null || next.get().isBefore(opensAt))) {
                    first = t;
                    opensAt = next.get();
                }
            }
            // Follow the sun across regions: it waits here, where its data lives, and a region open now takes it.
            List<String> answering = others.mayAnswer(q.language(), q.skill());
            if (!answering.isEmpty()) {
                Team waitsIn = first == null ? candidates.get(0) : first;
                QueuedConversation entry = entry(q, waitsIn, now);
                enqueue(entry);
                return new RoutingDecision.Offered(entry, answering, opensAt,
                        DecisionReasons.offered(why, q, closed, waitsIn, answering));
            }
            List<String> unreadable = others.mayNotRead(q.language(), q.skill());
            if (!unreadable.isEmpty()) {
                why.add("regions-may-not-read", Reason.list(unreadable));
            }
            if (first == null) {
                first = candidates.get(0);
                QueuedConversation entry = entry(q, first, now);
                enqueue(entry);
                return new RoutingDecision.Queued(entry, DecisionReasons.neverOpens(why, closed, first));
            }
            QueuedConversation entry = entry(q, first, now);
            enqueue(entry);
            return new RoutingDecision.OffHours(entry, opensAt,
                    DecisionReasons.offHours(why, q, closed, first, opensAt));
        }
        List<Object> busy = new ArrayList<>();
        for (Team t : open) {
            AgentState best = agents.best(t.id(), q.language(), q.skill(), strict(t, q.language()));
            if (best != null) {
                best.active++;
                return new RoutingDecision.Assigned(t.id(), best.id,
                        DecisionReasons.assigned(why, t, now, q, closed, busy, best));
            }
            busy.add(DecisionReasons.busy(t, agents.staff(t.id())));
        }
        Team first = open.get(0);
        QueuedConversation entry = entry(q, first, now);
        enqueue(entry);
        return new RoutingDecision.Queued(entry, DecisionReasons.queued(why, q, open, busy, first));
    }

    /**
     * What a customer writing in {@code language} would find now: whether a team that serves it (every team, if none
     * does) is open here, or another region open now would answer it (follow the sun across regions), and if not,
     * when the first of this node's teams for it opens (null if none ever does). With no teams set up the shared
     * inbox is always open.
     */
    public synchronized Availability availability(String language, Instant now) {
        if (setup.isEmpty()) {
            return new Availability(true, null);
        }
        Instant opensAt = null;
        List<Team> teams = teamsFor(language);
        List<Team> ours = teams.stream().filter(this::servesHere).toList();
        for (Team t : ours.isEmpty() ? teams : ours) {
            if (openHere(t, now)) {
                return new Availability(true, null);
            }
            Optional<Instant> next = t.calendar().nextOpening(now);
            if (next.isPresent() && (opensAt == null || next.get().isBefore(opensAt))) {
                opensAt = next.get();
            }
        }
        // A region open now would answer (follow the sun across regions): the customer meets an open desk.
        return others.mayAnswer(language, null).isEmpty() ? new Availability(false, opensAt)
                : new Availability(true, null);
    }

    /** Whether the teams a customer would reach are open now; if not, the first opening (null: none). */
    public record Availability(boolean open, Instant opensAt) {
    }

    /**
     * The first {@code limit} conversations waiting in a team's queue, in the order its agents take them (1 is next);
     * for telling customers where they stand.
     */
    public synchronized LinkedHashMap<String, Integer> positions(String teamId, int limit) {
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        int position = 0;
        for (QueuedConversation q : queues.ofTeam(teamId)) {
            if (++position > limit) {
                break;
            }
            out.put(q.conversationId(), position);
        }
        return out;
    }

    /**
     * Roughly how long the customer at {@code position} of a team's queue will wait, from the pace at which its agents
     * took conversations in the last hour; null without enough to go by, or while the team is closed.
     */
    public synchronized Duration expectedWait(String teamId, int position, Instant now) {
        Optional<Team> team = setup.team(teamId);
        if (team.isEmpty() || !team.get().calendar().isOpen(now)) {
            return null;
        }
        return pace.expectedWait(teamId, position, now);
    }

    /** Where a waiting conversation stands in its team's queue (1 is next); empty when it does not wait. */
    public synchronized Optional<Integer> positionOf(String conversationId) {
        Optional<QueuedConversation> entry = queuedEntry(conversationId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        int position = 0;
        for (QueuedConversation q : queues.ofTeam(entry.get().teamId())) {
            position++;
            if (q.conversationId().equals(conversationId)) {
                return Optional.of(position);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this node serves the team: alone, every team; in a cluster, the teams of its region (and those of no
     * region), while another region's team is served by that region's node.
     */
    public synchronized boolean servesHere(Team t) {
        return others.region() == null || t.region() == null || t.region().isEmpty()
                || t.region().equals(others.region());
    }

    private boolean openHere(Team t, Instant now) {
        return servesHere(t) && t.calendar().isOpen(now);
    }

    /** The teams that serve {@code language}, in setup order; every team when none does. */
    private List<Team> teamsFor(String language) {
        List<Team> speaking = new ArrayList<>();
        for (Team t : setup.teams()) {
            if (t.speaks(language)) {
                speaking.add(t);
            }
        }
        return speaking.isEmpty() ? new ArrayList<>(setup.teams()) : speaking;
    }

    /** The database refused the agent for a fresh assignment (full on another node): undo and correct the load. */
    public synchronized void assignmentRefused(String agentId, int activeInDatabase) {
        setLoad(agentId, activeInDatabase);
    }

    /**
     * The best queued conversation for an agent who is online with free capacity, taken out of its queue with the
     * agent's capacity reserved; empty if the agent is not free or nothing fits.
     */
    public synchronized Optional<Claim> claimFor(String agentId, Instant now) {
        AgentState a = agents.get(agentId);
        if (a == null || !a.free()) {
            return Optional.empty();
        }
        QueuedConversation best = queues.best(a.profile.teams(), a.profile.languages().keySet(),
                c -> a.profile.hasSkill(c.skill()));
        if (best == null) {
            return Optional.empty();
        }
        remove(best.conversationId());
        pace.taken(best.teamId(), now);
        a.active++;
        Team team = setup.team(best.teamId()).orElseThrow();
        return Optional.of(new Claim(best, a.id, DecisionReasons.claimed(a, team, best, now)));
    }

    /** The database refused a claim: the conversation was taken elsewhere, or the agent is full. */
    public synchronized void claimRefused(Claim claim, boolean conversationStillQueued, Integer activeInDatabase) {
        AgentState a = agents.get(claim.agentId());
        if (a != null) {
            a.active = activeInDatabase != null ? activeInDatabase : Math.max(0, a.active - 1);
        }
        if (conversationStillQueued) {
            enqueue(claim.entry());
        }
    }

    /** The agent gave a conversation up (closed or transferred): one more free slot. */
    public synchronized void released(String agentId, Instant now) {
        AgentState a = agents.get(agentId);
        if (a != null) {
            a.active = Math.max(0, a.active - 1);
            a.idleSince = now;
        }
    }

    /** Counts an assignment made outside {@link #decide} (a transfer to a named agent, or a reload from storage). */
    public synchronized void assignedDirectly(String agentId) {
        AgentState a = agents.get(agentId);
        if (a != null) {
            a.active++;
        }
    }

    /**
     * An agent of a team open now for a conversation another region offers (its language, null: unknown, and
     * skill), chosen as for a conversation of this region, with room reserved for it until {@link #offerSettled}.
     */
    public synchronized Optional<AgentView> reserveForRegion(String language, String skill, Instant now) {
        // Only teams with the skill, as the offering region counted them (FollowTheSun.fitting).
        for (Team t : teamsFor(language)) {
            if (!t.hasSkill(skill) || !openHere(t, now)) {
                continue;
            }
            AgentState best = agents.best(t.id(), language, skill, strict(t, language));
            if (best != null) {
                best.offered++;
                return Optional.of(AgentRoster.view(best));
            }
        }
        return Optional.empty();
    }

    /** A conversation offered by another region was taken by the agent there ({@code taken}) or not. */
    public synchronized void offerSettled(String agentId, boolean taken) {
        AgentState a = agents.get(agentId);
        if (a != null) {
            a.offered = Math.max(0, a.offered - 1);
            if (taken) {
                a.elsewhere++;
            }
        }
    }

    /**
     * How many conversations of other regions each agent has, as their home regions said (agents not named have
     * none): what their capacity here counts besides this region's own.
     */
    public synchronized void setElsewhere(Map<String, Integer> byAgent) {
        for (AgentState a : agents.all()) {
            a.elsewhere = Math.max(0, byAgent.getOrDefault(a.id, 0));
        }
    }

    /**
     * Waiting conversations whose team is closed here now and that {@code eligible} accepts, first in line first, at
     * most {@code limit}: what other regions may take.
     */
    public synchronized List<QueuedConversation> waitingWhileClosed(Instant now, int limit,
            java.util.function.Predicate<QueuedConversation> eligible) {
        List<QueuedConversation> out = new ArrayList<>();
        for (QueuedConversation q : queues.all().stream().sorted(QueuedConversation.ORDER).toList()) {
            Optional<Team> team = setup.team(q.teamId());
            if (team.isPresent() && !openHere(team.get(), now) && eligible.test(q)) {
                out.add(q);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Puts a conversation in (or back in) its team's queue. */
    public synchronized void enqueue(QueuedConversation q) {
        queues.add(q);
    }

    /** Takes a conversation out of any queue (closed, or assigned elsewhere). */
    public synchronized Optional<QueuedConversation> remove(String conversationId) {
        return queues.remove(conversationId);
    }

    public synchronized Optional<QueuedConversation> queuedEntry(String conversationId) {
        return queues.get(conversationId);
    }

    /** Whether the team has agents speaking {@code language}: then only they may take such a conversation. */
    public synchronized boolean strict(Team t, String language) {
        return language != null && agents.anySpeaks(t.id(), language);
    }

    /** Online agents with free capacity, for the periodic pull. */
    public synchronized List<String> freeAgents() {
        return agents.free();
    }

    public synchronized List<AgentView> agentViews() {
        return agents.views();
    }

    public synchronized List<QueueView> queueViews(Instant now, int maxEntries) {
        List<QueueView> out = new ArrayList<>();
        for (Team t : setup.teams()) {
            TreeSet<QueuedConversation> all = queues.ofTeam(t.id());
            Instant oldest = all.stream().map(QueuedConversation::queuedAt).min(Instant::compareTo).orElse(null);
            int highest = all.isEmpty() ? 0 : all.first().priority();
            List<AgentState> staff = agents.staff(t.id());
            int online = (int) staff.stream().filter(a -> a.presence == Presence.ONLINE).count();
            int free = (int) staff.stream().filter(AgentState::free).count();
            out.add(new QueueView(t.id(), t.name(), t.calendar().isOpen(now), all.size(), oldest, highest,
                    all.stream().limit(maxEntries).toList(), online, free));
        }
        return out;
    }

    public synchronized int queuedCount() {
        return queues.size();
    }

    private QueuedConversation entry(Inquiry q, Team team, Instant now) {
        return new QueuedConversation(q.conversationId(), team.id(), q.priority(), q.language(), q.skill(),
                strict(team, q.language()), q.arrivedAt() == null ? now : q.arrivedAt(), 0);
    }
}
