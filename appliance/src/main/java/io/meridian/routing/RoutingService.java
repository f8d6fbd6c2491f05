package io.meridian.routing;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConsoleConnectionChanged;
import io.meridian.conversation.LanguagedMessage;
import io.meridian.inbox.InboxViews;
import io.meridian.language.LanguageDetector;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.security.AgentAccounts;
import io.meridian.security.SignedInAgent;
import io.meridian.store.Store;
import io.meridian.widget.ChatAvailability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing on a node: the one entry point the web layer, the node and the message pipeline use (its routing stage is
 * {@link #routeOpened}, a closing goes to {@link #conversationClosed}). It puts the parts together; each part does one
 * thing:
 * <ul>
 * <li>{@link TeamSetup}, {@link HolidayCalendars}, {@link SetupRemovals}: the setup in force and its changes;</li>
 * <li>{@link ConversationRouter}: a conversation's routing when it opens and its release when it closes;</li>
 * <li>{@link QueueDispatcher}: waiting work pulled by agents who can take it;</li>
 * <li>{@link PresenceTracker}: agents' presence, from their choice and their console connections;</li>
 * <li>{@link Transfers}, {@link InternalNotes}, {@link ContactTags}, {@link ConversationTimelines}: what agents do
 * around a conversation.</li>
 * </ul>
 * The decision itself is made in memory by {@link RoutingEngine}; the database has the last word through conditional
 * updates. Every method returns a Future and never blocks the event loop.
 */
public final class RoutingService implements Lifecycle {

    /** Inbox event type announcing a routing outcome. */
    public static final String ROUTED_EVENT = RoutingBasics.ROUTED_EVENT;
    private static final Logger LOG = LoggerFactory.getLogger(RoutingService.class);

    private final RoutingBasics basics;
    private final QueueDispatcher dispatcher;
    private final PresenceTracker presence;
    private final TeamSetup setup;
    private final HolidayCalendars calendars;
    private final SetupRemovals removals;
    private final ConversationRouter router;
    private final InternalNotes notes;
    private final Transfers transfers;
    private final ContactTags tags;
    private final ConversationTimelines timelines;
    private final AssignmentRecords assignments = new AssignmentRecords();
    private final AgentLoadRecords loads = new AgentLoadRecords();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    /** How often to check whether the year turned and the holiday calendars' window must move on. */
    private static final long RENEW_CALENDARS_EVERY_MS = 60 * 60 * 1000L;
    private long renewTimer = -1;
    /** Conversations being routed now (see {@link #routeOnce}). */
    private final Set<String> routingNow = ConcurrentHashMap.newKeySet();

    public RoutingService(Vertx vertx, Store store, ChatHub hub, AgentAccounts accounts, LanguageDetector detector,
            Clock clock, SetupFiles files, OffHoursReplies replies, RoutingTimings timings) {
        this.basics = new RoutingBasics(vertx, store, hub, accounts, clock, new RoutingEngine());
        this.dispatcher = new QueueDispatcher(basics, timings.sweepEvery());
        this.presence = new PresenceTracker(basics, timings, dispatcher::pull);
        this.setup = new TeamSetup(basics, files, dispatcher::pullAll);
        this.calendars = new HolidayCalendars(basics, setup);
        this.removals = new SetupRemovals(basics, setup);
        this.router = new ConversationRouter(basics, detector, replies, dispatcher);
        this.notes = new InternalNotes(basics);
        this.transfers = new Transfers(basics, notes, dispatcher);
        this.tags = new ContactTags(basics, router::rerank);
        this.timelines = new ConversationTimelines(basics);
    }

    public RoutingEngine engine() {
        return basics.engine();
    }

    // --- start and stop ----------------------------------------------------------------------------------------

    /**
     * Loads the setup (the stored one; on a fresh install the conf/ files, which are then stored), the agents and
     * their loads, and the queues; then listens for new and closed conversations and console connections; then
     * routes the open conversations that have no routing yet (the node stopped between storing their message and
     * routing it), so nothing acknowledged is left out. {@code listen} false leaves the event bus and the sweep
     * alone (for tests that drive routing directly).
     */
    @Override
    public Future<Void> start() {
        return start(true);
    }

    public Future<Void> start(boolean listen) {
        RoutingEngine engine = basics.engine();
        return basics.refreshAgents()
                .compose(v -> setup.load())
                .compose(v -> basics.store().write(c -> loads.recount(c, basics.now())))
                .compose(counted -> {
                    counted.forEach(engine::setLoad);
                    return basics.store().read(c -> assignments.inState(c, "QUEUED"));
                })
                .map(queued -> {
                    queued.forEach(r -> engine.enqueue(r.asQueued()));
                    // A conversation left waiting for a team that no longer exists joins the first team's queue.
                    engine.apply(engine.setup());
                    if (listen) {
                        listen();
                    }
                    return null;
                }).compose(v -> routeUnrouted());
    }

    /** Routes, one after the other, the open conversations without routing; a failure is logged, not fatal. */
    private Future<Void> routeUnrouted() {
        return basics.store().read(assignments::openUnrouted).compose(ids -> {
            if (!ids.isEmpty()) {
                LOG.info("Routing {} open conversation(s) that were not routed before the node stopped", ids.size());
            }
            Future<Void> done = Future.succeededFuture();
            for (String id : ids) {
                // Checked again right before: its own event may have routed it meanwhile.
                done = done.compose(v -> routeOnce(id, () -> basics.store().read(c -> assignments.routing(c, id))
                        .compose(row -> row.isPresent() ? Future.succeededFuture()
                                : basics.hub().conversations().lastCustomerMessage(id).compose(last ->
                                        router.route(id, last.map(m -> m.text()).orElse(""), false,
                                                Optional.empty()))))
                        .recover(e -> {
                            LOG.error("Routing conversation {} at start failed; it stays in the shared inbox", id, e);
                            return Future.succeededFuture();
                        }));
            }
            return done;
        }).recover(e -> {
            LOG.error("Looking for unrouted conversations at start failed", e);
            return Future.succeededFuture();
        });
    }

    private void listen() {
        consumers.add(basics.vertx().eventBus().<ConsoleConnectionChanged>localConsumer(
                ChatHub.CONSOLE_CONNECTIONS_ADDRESS, m -> presence.connection(m.body().agentId(), m.body().connected())));
        dispatcher.start();
        renewTimer = basics.vertx().setPeriodic(RENEW_CALENDARS_EVERY_MS, t -> setup.renewCalendars());
    }

    /** Expands the holiday calendars again if the year turned since they were expanded (the hourly check). */
    Future<Boolean> renewCalendars() {
        return setup.renewCalendars();
    }

    @Override
    public Future<Void> stop() {
        consumers.forEach(MessageConsumer::unregister);
        consumers.clear();
        dispatcher.stop();
        presence.stop();
        if (renewTimer >= 0) {
            basics.vertx().cancelTimer(renewTimer);
            renewTimer = -1;
        }
        return Future.succeededFuture();
    }

    // --- setup -------------------------------------------------------------------------------------------------

    /** The setup document in force. */
    public Map<String, Object> document() {
        return setup.document();
    }

    public Set<String> calendarNames() {
        return setup.calendarNames();
    }

    public Optional<HolidayCalendar> calendar(String name) {
        return setup.calendar(name);
    }

    /** Re-reads conf/routing.yaml and conf/calendars/*.ics; invalid files fail naming file and field, nothing changes. */
    public Future<RoutingSetup> reloadFromFiles(String by) {
        return setup.reloadFromFiles(by);
    }

    /** Replaces the whole setup document; an invalid one fails with {@link RoutingSetupException}, nothing changes. */
    public Future<RoutingSetup> replaceDocument(Map<String, Object> document, String source, String by) {
        return setup.replaceDocument(document, source, by);
    }

    /** Adds or replaces one team (matched by id). */
    public Future<RoutingSetup> putTeam(Map<String, Object> team, String by) {
        return setup.putTeam(team, by);
    }

    /** Adds or replaces one agent profile (matched by username). */
    public Future<RoutingSetup> putAgentProfile(Map<String, Object> profile, String by) {
        return setup.putAgentProfile(profile, by);
    }

    /**
     * Deletes a team. Refused ({@link RoutingConflictException}) while conversations wait in its queue, unless
     * {@code moveQueuedTo} names the team to move them to, and while it is some agent's only team. Completes with the
     * number of waiting conversations moved.
     */
    public Future<Integer> deleteTeam(String teamId, String moveQueuedTo, String by) {
        return removals.deleteTeam(teamId, moveQueuedTo, by);
    }

    /** Deletes an agent's routing profile: the agent keeps its conversations and gets no new ones. */
    public Future<RoutingSetup> deleteAgentProfile(String username, String by) {
        return removals.deleteAgentProfile(username, by);
    }

    /** Stores a holiday calendar; one that is too large or does not parse is refused and the one in force stays. */
    public Future<HolidayCalendar> putCalendar(String name, String text, String by) {
        return calendars.put(name, text, by, name);
    }

    /** As {@link #putCalendar(String, String, String)}, naming the uploaded {@code file} in errors. */
    public Future<HolidayCalendar> putCalendar(String name, String text, String by, String file) {
        return calendars.put(name, text, by, file);
    }

    // --- conversations -----------------------------------------------------------------------------------------

    /** Routes a new conversation whose first message is {@code firstText}; completes with the decision in effect. */
    public Future<RoutingDecision> route(String conversationId, String firstText) {
        return router.route(conversationId, firstText, false, Optional.empty());
    }

    /**
     * As {@link #route(String, String)}; an {@code automatic} first message (an auto-reply or a bounce) is routed
     * like any other but never gets an off-hours reply, so two machines do not answer each other in a loop.
     */
    public Future<RoutingDecision> route(String conversationId, String firstText, boolean automatic) {
        return router.route(conversationId, firstText, automatic, Optional.empty());
    }

    /**
     * The message pipeline's routing stage: a message that opened its conversation (a new one, or a closed one it
     * reopened) routes it, with the language the pipeline detected on it.
     */
    public Future<Void> routeOpened(LanguagedMessage opening) {
        String id = opening.message().conversationId();
        return routeOnce(id, () -> router.route(id, opening.message().text(), opening.committed().automatic(),
                opening.language()));
    }

    /** A conversation was closed: its agent has a free slot again, or it leaves its queue. */
    public Future<Void> conversationClosed(String conversationId) {
        return router.closed(conversationId);
    }

    /** Looks for queued work for every online agent with free capacity. */
    public void pullAll() {
        dispatcher.pullAll();
    }

    /** Gives the agent queued conversations until it is full or nothing fits. */
    public Future<Void> pull(String agentId) {
        return dispatcher.pull(agentId);
    }

    /**
     * Whether the agent's consoles have all disconnected and the grace period (then the wait for offline) is running;
     * false again as soon as a console reconnects. While false, no timer will change the agent's presence.
     */
    public boolean awaitingReconnection(String agentId) {
        return presence.awaitingReconnection(agentId);
    }

    /** The agent's own choice of presence (console or API). Going online pulls queued work at once. */
    public Future<Presence> setPresence(SignedInAgent agent, Presence chosen) {
        return presence.set(agent, chosen);
    }

    /**
     * {@code followUp} hears of every change that gave teams other hours (zone, weekly hours, overrides, holidays),
     * after it is in force, with those teams' calendars before it: service levels count their running deadlines again.
     */
    public void onHoursChanged(Consumer<Map<String, BusinessCalendar>> followUp) {
        setup.onHoursChanged(followUp);
    }

    /**
     * An admin ({@code by}) deactivated {@code agent}: offline at once, so nothing new is assigned, and every
     * conversation the agent held goes back to its team's queue (a transfer in the timeline, by the admin). Completes
     * with how many went back.
     */
    public Future<Integer> agentDeactivated(SignedInAgent agent, SignedInAgent by) {
        return presence.set(agent, Presence.OFFLINE).compose(offline -> assignedTo(agent.id())).compose(held -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (String conversationId : held) {
                chain = chain.compose(moved -> placement(conversationId).compose(found -> {
                    String teamId = found.map(Placement::teamId).orElse(null);
                    return teamId == null ? Future.succeededFuture(moved)
                            : transfers.transfer(conversationId, by, null, teamId, null).map(done -> moved + 1);
                }));
            }
            return chain;
        });
    }

    /** Hands a conversation to an agent or a team's queue, with an optional note (see {@link Transfers}). */
    public Future<Void> transfer(String conversationId, SignedInAgent actor, String toAgentId, String toTeamId,
            String note) {
        return transfers.transfer(conversationId, actor, toAgentId, toTeamId, note);
    }

    /** See {@link Transfers#takenFromRegion}: an agent of another region takes a conversation waiting here. */
    public Future<Void> takenFromRegion(String conversationId, String agentId, String agentName, String region,
            boolean given) {
        return transfers.takenFromRegion(conversationId, agentId, agentName, region, given);
    }

    /** See {@link Transfers#releasedFromRegion}: back in the queue when the taker's region left the cluster. */
    public Future<Boolean> releasedFromRegion(String conversationId, String agentId, String agentName, String region) {
        return transfers.releasedFromRegion(conversationId, agentId, agentName, region);
    }

    /**
     * For the retention job (docs/privacy.md#retention), inside its store work: empties the texts of the
     * conversation's internal notes and transfer reasons, whose transcript it erased; how many there were.
     */
    public int forgetNotes(java.sql.Connection c, String conversationId) throws java.sql.SQLException {
        return notes.forget(c, conversationId);
    }

    /** Adds a private note; colleagues named as @username are notified live. Returns the usernames notified. */
    public Future<List<String>> addNote(String conversationId, SignedInAgent author, String text) {
        return notes.add(conversationId, author, text);
    }

    /**
     * Tags a contact (e.g. vip) for the queue rules; its waiting conversations are ranked again. Completes with whether
     * anything changed. {@code by} (may be null) is named in the timeline.
     */
    public Future<Boolean> tagContact(String contactId, String tag, boolean add, SignedInAgent by) {
        return tags.tag(contactId, tag, add, by);
    }

    /** Tags the contact of a conversation, as {@link #tagContact} does. */
    public Future<Boolean> tagConversationContact(String conversationId, String tag, boolean add, SignedInAgent by) {
        return tags.tagContactOf(conversationId, tag, add, by);
    }

    public Future<List<String>> tags(String contactId) {
        return tags.tags(contactId);
    }

    /** The tags of a conversation's contact. */
    public Future<List<String>> tagsOfConversation(String conversationId) {
        return tags.tagsOfContactOf(conversationId);
    }

    /** The team each of these conversations is (or was last) routed to; conversations never routed are left out. */
    public Future<Map<String, String>> teamsOf(List<String> conversationIds) {
        List<String> asked = List.copyOf(conversationIds);
        return basics.store().read(c -> {
            Map<String, String> teams = new HashMap<>();
            for (RoutingRow row : assignments.routings(c, asked)) {
                if (row.teamId() != null) {
                    teams.put(row.conversationId(), row.teamId());
                }
            }
            return teams;
        });
    }

    /** The conversation's routing state, events and notes (decrypted) in time order. */
    public Future<Timeline> timeline(String conversationId) {
        return timelines.timeline(conversationId);
    }

    /**
     * Runs {@code routing} unless the conversation is being routed already: at start, a conversation's own event and
     * the look for unrouted conversations may meet, and a conversation is routed once.
     */
    private Future<Void> routeOnce(String conversationId, Supplier<Future<?>> routing) {
        if (!routingNow.add(conversationId)) {
            return Future.succeededFuture();
        }
        Future<?> running;
        try {
            running = routing.get();
        } catch (RuntimeException e) {
            running = Future.failedFuture(e);
        }
        return running.onComplete(ar -> routingNow.remove(conversationId)).mapEmpty();
    }

    /**
     * The display name of the team the conversation is routed to (queued or assigned there, or was when it closed);
     * empty if it was never routed or the team no longer exists.
     */
    public Future<Optional<String>> teamNameOf(String conversationId) {
        return basics.store().read(c -> assignments.routing(c, conversationId)).map(row -> row
                .map(RoutingRow::teamId).flatMap(t -> basics.engine().setup().team(t)).map(Team::name));
    }

    /** What the widget's header says: whether a team serving the visitor's language is open, else when one opens. */
    public ChatAvailability widgetAvailability() {
        return new ChatAvailability() {
            @Override
            public ChatAvailability.Availability now(String language) {
                RoutingEngine.Availability now = basics.engine().availability(language, basics.now());
                return new ChatAvailability.Availability(now.open(), now.opensAt());
            }

            @Override
            public Integer queuePosition(String conversationId) {
                return basics.engine().positionOf(conversationId).orElse(null);
            }

            @Override
            public Long queueWaitSeconds(String conversationId) {
                RoutingEngine engine = basics.engine();
                return engine.queuedEntry(conversationId).flatMap(q -> engine.positionOf(conversationId)
                        .map(position -> engine.expectedWait(q.teamId(), position, basics.now())))
                        .map(wait -> Math.max(60, wait.toSeconds())).orElse(null);
            }
        };
    }

    /** The teams of an agent's routing profile that exist (none without a profile). */
    public List<String> teamIdsOf(SignedInAgent agent) {
        RoutingSetup setup = basics.engine().setup();
        AgentProfile profile = setup.agents().get(agent.username());
        return profile == null ? List.of()
                : profile.teams().stream().filter(t -> setup.team(t).isPresent()).toList();
    }

    /** The teams of the setup in force, id and name, in setup order. */
    public List<Map.Entry<String, String>> teamNames() {
        return basics.engine().setup().teams().stream().map(t -> Map.entry(t.id(), t.name())).toList();
    }

    /** The inbox rail's views of routed work: mine, waiting in my teams, each team. */
    public InboxViews inboxViews() {
        return new WorkspaceViews(basics, assignments);
    }

    /** The conversations an agent holds now. */
    public Future<List<String>> assignedTo(String agentId) {
        return timelines.assignedTo(agentId);
    }

    /**
     * Where a conversation stands for those who read it: its team (null if none) and the assigned agent's id (null
     * while it waits in a queue or is closed).
     */
    public record Placement(String teamId, String assignedAgentId) {
    }

    /** The conversation's team and assigned agent; empty if it was never routed. */
    public Future<Optional<Placement>> placement(String conversationId) {
        return basics.store().read(c -> new AssignmentRecords().routing(c, conversationId)
                .map(r -> new Placement(r.teamId(), r.assigned() ? r.agentId() : null)));
    }

    /**
     * Where these conversations are now (team, and agent if assigned), by conversation id; the routing language is
     * left out. Conversations never routed are missing.
     */
    public Future<Map<String, Placement>> placements(List<String> conversationIds) {
        List<String> ids = List.copyOf(conversationIds);
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return basics.store().read(c -> {
            Map<String, Placement> out = new java.util.HashMap<>();
            for (RoutingRow r : new AssignmentRecords().routings(c, ids)) {
                out.put(r.conversationId(), new Placement(r.teamId(), r.assigned() ? r.agentId() : null));
            }
            return out;
        });
    }

    /** The conversations queued, assigned or transferred at or after {@code since}. */
    public Future<List<String>> routedSince(Instant since) {
        return basics.store().read(c -> new AssignmentRecords().routedSince(c, since));
    }

    /** How the timeline's reasons read in a console's language. */
    public ReasonText reasonText() {
        return basics.reasons();
    }

    /** The contacts carrying {@code tag}. */
    public Future<List<String>> contactsTagged(String tag) {
        return basics.store().read(c -> new ContactTagRecords().contactsTagged(c, tag));
    }

    /** A team of the setup in force. */
    public Optional<Team> team(String teamId) {
        return teamId == null ? Optional.empty() : basics.engine().setup().team(teamId);
    }
}
