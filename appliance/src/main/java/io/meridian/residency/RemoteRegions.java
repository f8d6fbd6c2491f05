package io.meridian.residency;

import io.meridian.cluster.RegionNodes;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Asks the node of another region about its conversations, as an agent of this node's region
 * ({@link HomeRegionReads} answers). Fails with {@link Refused}: 400 a malformed region or request, or this node's own
 * region; 403 the home region's policy refuses; 404 no such conversation there, or a region this node neither sees
 * nor has configured (or this node is not clustered); 409 it is closed (an answer); 503 no node of a configured
 * region answers now.
 */
public final class RemoteRegions {

    static final long ASK_TIMEOUT_MILLIS = 5_000;
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** Why a request was not answered, with the HTTP status and problem type the API answers it with. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String type;

        Refused(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final String region;
    /** An agent's reading language, if they chose one (their settings page). */
    private final Function<String, Optional<String>> readingLanguage;
    /** The regions this node's configuration names (home regions, cross-region pairs): known even while unserved. */
    private final Set<String> configured;

    public RemoteRegions(Vertx vertx, RegionNodes nodes, String region,
            Function<String, Optional<String>> readingLanguage, Set<String> configured) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.region = region;
        this.readingLanguage = readingLanguage;
        this.configured = Set.copyOf(configured);
    }

    /** This node's region. */
    public String region() {
        return region;
    }

    /** The regions other members serve now. */
    public List<String> otherRegions() {
        return nodes.otherRegions();
    }

    /** The open conversations homed in {@code home}, as its policy lets this region see them. */
    public Future<JsonObject> conversations(String home, SignedInAgent agent) {
        return ask(home, agent, new JsonObject().put("op", "conversations"));
    }

    /**
     * One conversation's messages after {@code after} (at most {@code limit}), the customer's translated in the home
     * region into {@code language} (null: the agent's reading language, else {@code consoleLanguage}); recorded there.
     */
    public Future<JsonObject> messages(String home, SignedInAgent agent, String conversationId, long after,
            int limit, String language, String consoleLanguage) {
        String target = language != null ? language : readingLanguage.apply(agent.id()).orElse(consoleLanguage);
        return ask(home, agent, new JsonObject().put("op", "messages").put("conversationId", conversationId)
                .put("after", after).put("limit", limit).put("language", target));
    }

    /** An answer, stored and sent in the home region under the agent's display name; recorded there. */
    public Future<JsonObject> reply(String home, SignedInAgent agent, String conversationId, Object clientMessageId,
            Object text) {
        return ask(home, agent, new JsonObject().put("op", "reply").put("conversationId", conversationId)
                .put("clientMessageId", clientMessageId).put("text", text));
    }

    /** The agent takes a conversation waiting in {@code home}: out of that region's queue, theirs to answer. */
    public Future<JsonObject> take(String home, SignedInAgent agent, String conversationId) {
        return ask(home, agent, new JsonObject().put("op", "take").put("conversationId", conversationId));
    }

    /**
     * Takes a conversation {@code home} offered this region, for the agent this region's routing chose (follow the
     * sun across regions); the home region's timeline says it was given.
     */
    Future<JsonObject> give(String home, String agentId, String agentName, String conversationId) {
        return ask(home, agentId, agentName, new JsonObject().put("op", "take").put("conversationId", conversationId)
                .put("given", true));
    }

    /** The conversations homed in {@code home} that agents of this region have now (ids and agent ids). */
    Future<JsonObject> held(String home) {
        return ask(home, "routing", "routing of region " + region, new JsonObject().put("op", "held"));
    }

    private Future<JsonObject> ask(String home, SignedInAgent agent, JsonObject request) {
        return ask(home, agent.id(), agent.displayName(), request);
    }

    private Future<JsonObject> ask(String home, String readerId, String readerName, JsonObject request) {
        if (home == null || !REGION.matcher(home).matches()) {
            return Future.failedFuture(new Refused(400, "invalid-parameter",
                    "a region is lower-case letters, digits and '-'"));
        }
        if (home.equals(region)) {
            return Future.failedFuture(new Refused(400, "own-region", "region " + region
                    + " is this node's: use /api/v1/conversations"));
        }
        if (nodes.self() == null) {
            return Future.failedFuture(new Refused(404, "unknown-region", "this node is not in a cluster: there is no "
                    + "other region to read"));
        }
        var node = nodes.serving(home);
        if (node.isEmpty()) {
            // A region the configuration names is down: retry. Any other is unknown.
            return Future.failedFuture(configured.contains(home)
                    ? new Refused(503, "region-unavailable", "no node of region " + home + " is in the cluster now")
                    : new Refused(404, "unknown-region", "no node of region " + home + " is in the cluster, and "
                            + "residency.home-regions and residency.cross-region do not name it"));
        }
        request.put("reader", new JsonObject().put("id", readerId).put("name", readerName)
                .put("region", region));
        return vertx.eventBus().<JsonObject>request(HomeRegionReads.address(node.get()), request,
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MILLIS)).map(reply -> reply.body()).recover(e -> {
                    if (e instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                        return switch (r.failureCode()) {
                            case 403 -> Future.failedFuture(new Refused(403, "cross-region-denied", r.getMessage()));
                            case 404 -> Future.failedFuture(new Refused(404, "not-found", r.getMessage()));
                            case 409 -> Future.failedFuture(new Refused(409, "conflict", r.getMessage()));
                            case 429 -> Future.failedFuture(new Refused(429, "rate-limited", r.getMessage()));
                            case 400 -> Future.failedFuture(new Refused(400, "invalid-field", r.getMessage()));
                            default -> Future.failedFuture(unanswered(home));
                        };
                    }
                    return Future.failedFuture(unanswered(home));
                });
    }

    private static Refused unanswered(String home) {
        return new Refused(503, "region-unavailable", "the node of region " + home
                + " did not answer; try again shortly");
    }
}
