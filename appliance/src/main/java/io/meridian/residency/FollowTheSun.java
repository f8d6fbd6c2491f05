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
 * can take now (all closed) is offered to a region whose team is open for it, has an agent free and may read this
 * region's conversations by its policy; the conversation keeps waiting here until that region's routing takes it by
 * the usual conditional update, and is offered again every {@link #REOFFER_MILLIS} while it waits. As a region
 * offered work: routing picks the agent as for its own conversations, takes the conversation in its home region for
 * them and tells their consoles; and every {@link #SWEEP_MILLIS} it asks the home regions which of their
 * conversations its agents still have, so their capacity here counts them.
 * <p>
 * What crosses the bus is ids, language, skill, priority and region: no customer data.
 */
public final class FollowTheSun implements OtherRegions, Lifecycle {

    static final long SWEEP_MILLIS = 5_000;
    static final long REOFFER_MILLIS = 15_000;
    static final int OFFERS_PER_SWEEP = 20;
    private static final long OFFER_TIMEOUT_MILLIS = 8_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(FollowTheSun.class);

    /** Where a node hears the offers of other regions. */
    static String address(String nodeId) {
        return "meridian.residency.offers." + nodeId;
    }

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
     * The open teams that would take it, as that region's routing chooses: those serving the language (all, if none
     * does), and of those the ones with the skill (all of them, if none has it).
     */
    static List<OpenTeam> fitting(List<OpenTeam> teams, String language, String skill) {
        List<OpenTeam> speaking = teams.stream().filter(t -> language == null || t.languages().isEmpty()
                || t.languages().contains(language)).toList();
        if (speaking.isEmpty()) {
            speaking = teams;
        }
        List<OpenTeam> skilled = speaking.stream().filter(t -> skill == null || t.skills().contains(skill)).toList();
        return skilled.isEmpty() ? speaking : skilled;
    }

    @Override
    public void offer(QueuedConversation waiting) {
        List<String> regions = mayAnswer(waiting.language(), waiting.skill());
        if (regions.isEmpty() || nodes.self() == null) {
            return;
        }
        long now = System.nanoTime();
        Long last = offeredAt.get(waiting.conversationId());
        if (last != null && now - last < REOFFER_MILLIS * 1_000_000) {
            return;
        }
        String to = regions.get(0);
        var node = nodes.serving(to);
        if (node.isEmpty()) {
            return;
        }
        offeredAt.put(waiting.conversationId(), now);
        JsonObject offer = new JsonObject().put("conversationId", waiting.conversationId()).put("region", region)
                .put("language", waiting.language()).put("skill", waiting.skill())
                .put("priority", waiting.priority());
        vertx.eventBus().<JsonObject>request(address(node.get()), offer,
                new DeliveryOptions().setSendTimeout(OFFER_TIMEOUT_MILLIS))
                .onSuccess(r -> LOG.info("Conversation {} went to region {}, open there", waiting.conversationId(), to))
                .onFailure(e -> LOG.debug("Region {} did not take conversation {}: {}", to,
                        waiting.conversationId(), e.getMessage()));
    }

    /** As a home region: offers what waits while its teams are closed; as any region: counts what its agents have. */
    private void sweep() {
        long now = System.nanoTime();
        offeredAt.values().removeIf(at -> now - at > 40 * REOFFER_MILLIS * 1_000_000);
        if (nodes.otherRegions().isEmpty()) {
            heldElsewhere.clear();
            engine.setElsewhere(Map.of());
            return;
        }
        engine.waitingWhileClosed(clock.instant(), OFFERS_PER_SWEEP).forEach(this::offer);
        heldElsewhere.keySet().retainAll(nodes.otherRegions());
        List<Future<?>> asked = new ArrayList<>();
        for (String home : nodes.otherRegions()) {
            asked.add(remote.held(home).onSuccess(answer -> {
                Map<String, Integer> byAgent = new HashMap<>();
                for (Object o : answer.getJsonArray("held", new io.vertx.core.json.JsonArray())) {
                    if (o instanceof JsonObject h && h.getValue("agentId") instanceof String agent) {
                        byAgent.merge(agent, 1, Integer::sum);
                    }
                }
                heldElsewhere.put(home, new ConcurrentHashMap<>(byAgent));
            }));
        }
        Future.join(asked).onComplete(ar -> {
            Map<String, Integer> total = new HashMap<>();
            heldElsewhere.values().forEach(m -> m.forEach((agent, n) -> total.merge(agent, n, Integer::sum)));
            engine.setElsewhere(total);
        });
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
                heldElsewhere.computeIfAbsent(home, h -> new ConcurrentHashMap<>()).merge(agent.id(), 1,
                        Integer::sum);
                hub.notifyAgent(agent.id(), new GivenFromRegion(home, conversationId));
                message.reply(new JsonObject().put("taken", true));
            } else {
                message.fail(ar.cause() instanceof RemoteRegions.Refused r ? r.status() : 500,
                        ar.cause().getMessage());
            }
        });
    }

    private static boolean optionalWord(Object value) {
        return value == null || value instanceof String s && WORD.matcher(s).matches();
    }
}
