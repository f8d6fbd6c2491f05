package io.meridian.cluster;

import io.meridian.lifecycle.Lifecycle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Who is in the cluster now: each member's name, region and version (which every node announces with its event bus
 * address, {@link ClusteredVertx}), its event bus address and its load (each node answers for its own over the
 * cluster's TLS event bus), refreshed every few seconds off the request path, so health checks, JMX and the Cluster
 * page read it without waiting. Empty on a node that is not clustered.
 */
public final class ClusterMembers implements Lifecycle, RegionNodes {

    static final long REFRESH_MILLIS = 5_000;
    private static final int ANNOUNCE_TRIES = 20;
    private static final long LOAD_TIMEOUT_MILLIS = 2_000;

    /**
     * One member as it announced itself; {@code self} for this node. {@code load} is what it answered last about its
     * work now (see {@link NodeLoad}); null when it did not answer.
     */
    public record Member(String nodeId, String name, String region, String version, String busAddress, boolean self,
            NodeLoad load) {
    }

    /**
     * A node's work now, as it answers the others: the agents online on it (user names, staff data), its open console
     * and widget connections, the conversations waiting in its queues, and its teams open now (what following the sun
     * across regions looks at). No customer data.
     */
    public record NodeLoad(List<String> agentsOnline, int consoleConnections, int visitorConnections, int waiting,
            List<OpenTeam> openTeams) {

        public NodeLoad {
            agentsOnline = List.copyOf(agentsOnline);
            openTeams = List.copyOf(openTeams);
        }

        JsonObject toJson() {
            JsonArray open = new JsonArray();
            openTeams.forEach(t -> open.add(new JsonObject().put("languages", new JsonArray(t.languages()))
                    .put("skills", new JsonArray(t.skills())).put("free", t.free())));
            return new JsonObject().put("agentsOnline", new JsonArray(agentsOnline))
                    .put("consoleConnections", consoleConnections).put("visitorConnections", visitorConnections)
                    .put("waiting", waiting).put("openTeams", open);
        }

        static NodeLoad of(JsonObject json) {
            List<OpenTeam> open = new ArrayList<>();
            for (Object o : json.getJsonArray("openTeams", new JsonArray())) {
                if (o instanceof JsonObject t) {
                    open.add(new OpenTeam(strings(t.getJsonArray("languages")), strings(t.getJsonArray("skills")),
                            t.getInteger("free", 0)));
                }
            }
            return new NodeLoad(strings(json.getJsonArray("agentsOnline")), json.getInteger("consoleConnections", 0),
                    json.getInteger("visitorConnections", 0), json.getInteger("waiting", 0), open);
        }

        private static List<String> strings(JsonArray array) {
            return array == null ? List.of() : array.stream().map(String::valueOf).toList();
        }
    }

    /**
     * A team open now on a node: the languages it serves (none: any), its skills, and how many of its agents are
     * online with room for one more conversation.
     */
    public record OpenTeam(List<String> languages, List<String> skills, int free) {

        public OpenTeam {
            languages = List.copyOf(languages);
            skills = List.copyOf(skills);
        }
    }

    /** Where each node answers for its load: its own address, reachable over the cluster's event bus. */
    static String loadAddress(String nodeId) {
        return "meridian.cluster.load." + nodeId;
    }

    private final Vertx vertx;
    private final String region;
    private final Supplier<NodeLoad> load;
    private MessageConsumer<Object> answering;
    private volatile List<Member> members = List.of();
    private final AtomicLong started = new AtomicLong();
    private long applied;
    private long timer = -1;

    /**
     * {@code region}: this node's; with the embedded store a region has one node ({@link #start}). {@code load}:
     * this node's work now, which it answers the others with.
     */
    public ClusterMembers(Vertx vertx, String region, Supplier<NodeLoad> load) {
        this.vertx = vertx;
        this.region = region;
        this.load = load;
    }

    /** The members at the last refresh, this node first. */
    public List<Member> members() {
        return members;
    }

    public boolean clustered() {
        return vertx.isClustered();
    }

    /** This node's id in the cluster; null when it is not clustered. */
    @Override
    public String self() {
        return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId() : null;
    }

    /** The member other than this node that serves {@code region}, at the last refresh. */
    @Override
    public java.util.Optional<String> serving(String region) {
        return members.stream().filter(m -> !m.self() && region.equals(m.region())).map(Member::nodeId).findFirst();
    }

    @Override
    public List<String> otherRegions() {
        return members.stream().filter(m -> !m.self() && !"?".equals(m.region())).map(Member::region).distinct()
                .sorted().toList();
    }

    @Override
    public java.util.Map<String, List<OpenTeam>> openTeams() {
        java.util.Map<String, List<OpenTeam>> out = new java.util.TreeMap<>();
        members.stream().filter(m -> !m.self() && m.load() != null && !"?".equals(m.region()))
                .forEach(m -> out.computeIfAbsent(m.region(), r -> new ArrayList<>()).addAll(m.load().openTeams()));
        return out;
    }

    /** Whether {@code nodeId} is a member now (the cluster manager's view, not the last refresh's). */
    @Override
    public boolean member(String nodeId) {
        return vertx.isClustered() && ((VertxInternal) vertx).clusterManager().getNodes().contains(nodeId);
    }

    /**
     * Reads the membership; fails when another member already serves this node's region. With the embedded store
     * each node keeps its region's data on its own disk, so two nodes of one region would split that data between
     * them (several nodes per region share a PostgreSQL store instead, docs/cluster.md).
     */
    @Override
    public Future<Void> start() {
        if (!vertx.isClustered()) {
            return Future.succeededFuture();
        }
        String self = ((VertxInternal) vertx).clusterManager().getNodeId();
        // Cluster-wide on purpose (the only such consumer): the others ask each node for its load by its node id.
        answering = vertx.eventBus().consumer(loadAddress(self), m -> m.reply(load.get().toJson()));
        return announced(ANNOUNCE_TRIES).compose(v -> {
            String myName = members.stream().filter(Member::self).map(Member::name).findFirst().orElse("");
            // A member of this node's own name is its earlier run, not yet noticed gone after a crash.
            List<Member> same = members.stream().filter(m -> !m.self() && region.equals(m.region())
                    && !myName.equals(m.name())).toList();
            if (!same.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("node " + same.get(0).name() + " (" + same.get(0)
                        .busAddress() + ") already serves region '" + region + "': with the embedded store a region "
                        + "has one node; give this node another node.region, or stop that one"));
            }
            timer = vertx.setPeriodic(REFRESH_MILLIS, t -> refresh());
            return Future.succeededFuture();
        });
    }

    /** Refreshes until every member's announcement is readable (one that just joined may not have written it). */
    private Future<Void> announced(int tries) {
        return refresh().compose(v -> {
            boolean unknown = members.stream().anyMatch(m -> "?".equals(m.region()));
            if (!unknown || tries <= 1) {
                return Future.succeededFuture();
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(500, t -> announced(tries - 1).onComplete(later));
            return later.future();
        });
    }

    /** Reads the membership and each member's announcement again. */
    public Future<Void> refresh() {
        // The cluster manager is Vert.x's integration API (io.vertx.core.internal): the only way to its members.
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        long generation = started.incrementAndGet();
        String self = manager.getNodeId();
        List<Future<Member>> read = new ArrayList<>();
        for (String id : manager.getNodes()) {
            Promise<NodeInfo> info = Promise.promise();
            manager.getNodeInfo(id, info);
            Future<NodeLoad> working = vertx.eventBus().<JsonObject>request(loadAddress(id), null,
                    new DeliveryOptions().setSendTimeout(LOAD_TIMEOUT_MILLIS))
                    .map(reply -> NodeLoad.of(reply.body())).otherwise((NodeLoad) null);
            read.add(info.future().compose(i -> working.map(l -> member(id, i, id.equals(self), l)))
                    .otherwise(e -> new Member(id, "?", "?", "?", "", id.equals(self), null)));
        }
        return Future.join(read).map(all -> {
            List<Member> found = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                found.add(all.resultAt(i));
            }
            found.sort(Comparator.comparing((Member m) -> !m.self()).thenComparing(Member::name));
            // Refreshes overlap (a member's announcement can be slow to read): a later one's answer wins.
            synchronized (this) {
                if (generation > applied) {
                    applied = generation;
                    members = List.copyOf(found);
                }
            }
            return null;
        });
    }

    private static Member member(String id, NodeInfo info, boolean self, NodeLoad load) {
        JsonObject meta = info == null || info.metadata() == null ? new JsonObject() : info.metadata();
        return new Member(id, meta.getString("name", "?"), meta.getString("region", "?"),
                meta.getString("version", "?"), info == null ? "" : info.host() + ":" + info.port(), self, load);
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return answering == null ? Future.succeededFuture() : answering.unregister();
    }
}
