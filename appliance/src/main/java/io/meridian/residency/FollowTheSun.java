package io.meridian.residency;

import io.meridian.cluster.ClusterMembers.OpenTeam;
import io.meridian.cluster.RegionNodes;
import io.meridian.conversation.ChatHub;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.residency.CrossRegionPolicy.Access;
import io.meridian.routing.OtherRegions;
import io.meridian.routing.QueuedConversation;
import io.meridian.routing.RoutingEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follow the sun across regions, both ways (docs/cluster.md). As a home region: a conversation no team of this region
 * can take now (all closed) is offered to the regions whose team is open for it with an agent free and whose policy
 * lets them read this region's conversations, in turn until one takes it; it keeps waiting here until then, and is
 * offered again at most every {@link #REOFFER_MILLIS} while it waits. As a region offered work: routing picks the
 * agent as for its own conversations, takes the conversation in its home region for them and tells their consoles;
 * and every {@link #SWEEP_MILLIS} it asks the home regions which of their conversations its agents still have, so
 * their capacity here counts them (and an agent whose take was not confirmed in time is told once it shows).
 * <p>
 * What crosses the bus is ids, language, skill, priority and region: no customer data.
 */
public final class FollowTheSun implements OtherRegions, Lifecycle {

    static final long SWEEP_MILLIS = 5_000;
    static final long REOFFER_MILLIS = 15_000;
    static final int OFFERS_PER_SWEEP = 20;
    private static final long OFFER_TIMEOUT_MILLIS = 8_000;
    /** How long a take without an answer is watched for in the home region's counts. */
    private static final long UNCONFIRMED_KEPT_NANOS = 60_000_000_000L;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(FollowTheSun.class);

    /** Where a node hears the offers of other regions. */
    static String address(String nodeId) {
        return "meridian.residency.offers." + nodeId;
    }

    /** The latest offer of each conversation, kept while it is recent: a second asker gets its answer. */
    private final Map<String, Future<Boolean>> offering = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final RegionNodes nodes;
    private final String region;
    private final CrossRegionPolicy policy;
    private final RoutingEngine engine;
    private final RemoteRegions remote;
    private final ChatHub hub;
    private final Clock clock;
    /** When each waiting conversation was last offered (nanoseconds), so a refusal is not repeated at once. */
    private final Map<String, Long> offeredAt = new ConcurrentHashMap<>();
    /** By home region: how many of its conversations each agent of this region has (their answers to "held"). */
    private final Map<String, Map<String, Integer>> heldElsewhere = new ConcurrentHashMap<>();
    /** By home region: when this region last took one of its conversations (nanoseconds). */
    private final Map<String, Long> lastGiven = new ConcurrentHashMap<>();
    /** Takes whose answer did not come in time, by "region/conversation": the agent, and since when (nanoseconds). */
    private final Map<String, Unconfirmed> unconfirmed = new ConcurrentHashMap<>();
    private MessageConsumer<Object> consumer;
    private long sweep = -1;

    public FollowTheSun(Vertx vertx, RegionNodes nodes, String region, CrossRegionPolicy policy,
            RoutingEngine engine, RemoteRegions remote, ChatHub hub, Clock clock) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.region = region;
        this.policy = policy;
        this.engine = engine;
        this.remote = remote;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        engine.followTheSunAcross(this);
        // Cluster-wide on purpose: other regions' nodes offer work here by this node's id.
        consumer = vertx.eventBus().consumer(address(nodes.self()), this::onOffer);
        sweep = vertx.setPeriodic(SWEEP_MILLIS, t -> sweep());
        return consumer.completion();
    }

    @Override
    public Future<Void> stop() {
        engine.followTheSunAcross(OtherRegions.NONE);
        if (sweep >= 0) {
            vertx.cancelTimer(sweep);
        }
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public List<String> mayAnswer(String language, String skill) {
        return regionsOpenFor(language, skill, true);
    }

    @Override
    public List<String> mayNotRead(String language, String skill) {
        return regionsOpenFor(language, skill, false);
    }

    /** Regions open for it whose policy lets them read ({@code readable}) or not; the most free agents first. */
    private List<String> regionsOpenFor(String language, String skill, boolean readable) {
        Map<String, Integer> free = new HashMap<>();
        nodes.openTeams().forEach((other, teams) -> {
            if (other.equals(region) || (policy.of(region, other) != Access.DENY) != readable) {
                return;
            }
            List<OpenTeam> fitting = fitting(teams, language, skill);
            int agents = fitting.stream().mapToInt(OpenTeam::free).sum();
            if (!fitting.isEmpty() && (!readable || agents > 0)) {
                free.put(other, agents);
            }
        });
        List<String> out = new ArrayList<>(free.keySet());
        out.sort(Comparator.comparing((String r) -> -free.get(r)).thenComparing(r -> r));
        return out;
    }

    /**
     * The open teams that would take it, as that region's routing chooses ({@code RoutingEngine.reserveForRegion}):
     * those serving the language (all, if none does), and of those the ones with the skill, if one is asked for.
     */
    static List<OpenTeam> fitting(List<OpenTeam> teams, String language, String skill) {
        List<OpenTeam> speaking = teams.stream().filter(t -> language == null || t.languages().isEmpty()
                || t.languages().contains(language)).toList();
        if (speaking.isEmpty()) {
            speaking = teams;
        }
        return speaking.stream().filter(t -> skill == null || t.skills().contains(skill)).toList();
    }

    @Override
    public Future<Boolean> offer(QueuedConversation waiting) {
        String id = waiting.conversationId();
        // An offer of this conversation on its way or answered moments ago (the sweep may find it queued before the
        // routing that queued it offers it) is the answer to this one too: its caller must not take it for a refusal.
        Future<Boolean> earlier = offering.get(id);
        if (earlier != null && (!earlier.isComplete() || recentlyOffered(id))) {
            return earlier;
        }
        if (nodes.self() == null) {
            return Future.succeededFuture(false);
        }
        if (!claimOffer(id)) {
            return offering.getOrDefault(id, Future.succeededFuture(false));
        }
        Future<Boolean> outcome = offerTo(waiting, mayAnswer(waiting.language(), waiting.skill()), 0);
        offering.put(id, outcome);
        return outcome;
    }

    /** Whether this caller may offer the conversation now (not offered in the last {@link #REOFFER_MILLIS}). */
    private boolean claimOffer(String conversationId) {
        long now = System.nanoTime();
        boolean[] mine = {false};
        offeredAt.compute(conversationId, (id, last) -> {
            if (last != null && now - last < REOFFER_MILLIS * 1_000_000) {
                return last;
            }
            mine[0] = true;
            return now;
        });
        return mine[0];
    }

    private boolean recentlyOffered(String conversationId) {
        Long last = offeredAt.get(conversationId);
        return last != null && System.nanoTime() - last < REOFFER_MILLIS * 1_000_000;
    }

    /** Offers the conversation to {@code regions} from the {@code i}th on, until one takes it. */
    private Future<Boolean> offerTo(QueuedConversation waiting, List<String> regions, int i) {
        if (i >= regions.size()) {
            return Future.succeededFuture(false);
        }
        String to = regions.get(i);
        var node = nodes.serving(to);
        if (node.isEmpty()) {
            return offerTo(waiting, regions, i + 1);
        }
        JsonObject offer = new JsonObject().put("conversationId", waiting.conversationId()).put("region", region)
                .put("language", waiting.language()).put("skill", waiting.skill())
                .put("priority", waiting.priority());
        return vertx.eventBus().<JsonObject>request(address(node.get()), offer,
                new DeliveryOptions().setSendTimeout(OFFER_TIMEOUT_MILLIS)).map(r -> {
                    LOG.info("Conversation {} went to region {}, open there", waiting.conversationId(), to);
                    return true;
                }).recover(e -> {
                    LOG.debug("Region {} did not take conversation {}: {}", to, waiting.conversationId(),
                            e.getMessage());
                    return offerTo(waiting, regions, i + 1);
                });
    }

    /** As a home region: offers what waits while its teams are closed; as any region: counts what its agents have. */
    private void sweep() {
        long now = System.nanoTime();
        offeredAt.values().removeIf(at -> now - at > 40 * REOFFER_MILLIS * 1_000_000);
        offering.entrySet().removeIf(e -> e.getValue().isComplete() && !recentlyOffered(e.getKey()));
        if (nodes.otherRegions().isEmpty()) {
            heldElsewhere.clear();
            engine.setElsewhere(Map.of());
            return;
        }
        // Only those another region may take now and not offered moments ago count against the round's limit.
        engine.waitingWhileClosed(clock.instant(), OFFERS_PER_SWEEP, q -> !recentlyOffered(q.conversationId())
                && !mayAnswer(q.language(), q.skill()).isEmpty()).forEach(this::offer);
        unconfirmed.values().removeIf(u -> now - u.since() > UNCONFIRMED_KEPT_NANOS);
        heldElsewhere.keySet().retainAll(nodes.otherRegions());
        List<Future<?>> asked = new ArrayList<>();
        for (String home : nodes.otherRegions()) {
            long askedAt = System.nanoTime();
            asked.add(remote.held(home).onSuccess(answer -> counted(home, answer, askedAt)));
        }
        Future.join(asked).onComplete(ar -> {
            Map<String, Integer> total = new HashMap<>();
            heldElsewhere.values().forEach(m -> m.forEach((agent, n) -> total.merge(agent, n, Integer::sum)));
            engine.setElsewhere(total);
        });
    }

    /**
     * What a home region answered about the conversations this region's agents have: their counts replace the last
     * ones, unless this region took one of its conversations since the question left (then the higher count of
     * each agent stands until the next answer); an unconfirmed take that shows up is told to its agent.
     */
    private void counted(String home, JsonObject answer, long askedAt) {
        Map<String, Integer> byAgent = new HashMap<>();
        for (Object o : answer.getJsonArray("held", new io.vertx.core.json.JsonArray())) {
            if (o instanceof JsonObject h && h.getValue("agentId") instanceof String agent
                    && h.getValue("conversationId") instanceof String id) {
                byAgent.merge(agent, 1, Integer::sum);
                Unconfirmed late = unconfirmed.remove(home + "/" + id);
                if (late != null && late.agentId().equals(agent)) {
                    hub.notifyAgent(agent, new GivenFromRegion(home, id));
                }
            }
        }
        Long given = lastGiven.get(home);
        Map<String, Integer> before = heldElsewhere.getOrDefault(home, Map.of());
        if (given != null && given - askedAt >= 0) {
            before.forEach((agent, n) -> byAgent.merge(agent, n, Math::max));
        }
        heldElsewhere.put(home, new ConcurrentHashMap<>(byAgent));
    }

    /** As a region offered work: an agent free in a team open now takes it in its home region. */
    private void onOffer(Message<Object> message) {
        if (!(message.body() instanceof JsonObject offer)
                || !(offer.getValue("conversationId") instanceof String conversationId)
                || !ID.matcher(conversationId).matches()
                || !(offer.getValue("region") instanceof String home) || !REGION.matcher(home).matches()
                || home.equals(region) || !optionalWord(offer.getValue("language"))
                || !optionalWord(offer.getValue("skill"))) {
            message.fail(400, "an offer names a conversation and its home region (another one)");
            return;
        }
        String language = (String) offer.getValue("language");
        String skill = (String) offer.getValue("skill");
        var chosen = engine.reserveForRegion(language, skill, clock.instant());
        if (chosen.isEmpty()) {
            message.fail(409, "no agent of region " + region + " is free for it now");
            return;
        }
        RoutingEngine.AgentView agent = chosen.get();
        remote.give(home, agent.id(), agent.displayName(), conversationId).onComplete(ar -> {
            engine.offerSettled(agent.id(), ar.succeeded());
            if (ar.succeeded()) {
                lastGiven.put(home, System.nanoTime());
                heldElsewhere.computeIfAbsent(home, h -> new ConcurrentHashMap<>()).merge(agent.id(), 1,
                        Integer::sum);
                hub.notifyAgent(agent.id(), new GivenFromRegion(home, conversationId));
                message.reply(new JsonObject().put("taken", true));
                return;
            }
            int status = ar.cause() instanceof RemoteRegions.Refused r ? r.status() : 500;
            if (status == 503) {
                // No answer in time: the take may still commit there; the next count of what we hold tells.
                unconfirmed.put(home + "/" + conversationId, new Unconfirmed(agent.id(), System.nanoTime()));
            }
            message.fail(status, ar.cause().getMessage());
        });
    }

    /** A take that got no answer in time: the agent it was for, and since when. */
    private record Unconfirmed(String agentId, long since) {
    }

    private static boolean optionalWord(Object value) {
        return value == null || value instanceof String s && WORD.matcher(s).matches();
    }
}
