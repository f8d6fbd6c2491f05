package io.meridian.widget;

import io.meridian.cluster.RegionNodes;
import io.meridian.conversation.HomeRegions;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.web.LiveConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a visitor's chat is served: the first frame, {@code hello}, tells the visitor's home region (the region
 * leading a returning visitor's token, else the one {@link HomeRegions} gives their locale's country). A visitor
 * homed here, or on a node that is not clustered, is served by a session on this node; one homed in another region
 * is relayed to that region's node ({@link RelayedVisitors}): this node only passes frames between the browser and
 * that node, in memory, and writes nothing of them. With no node of that region in the cluster the visitor is told the
 * chat is unavailable and the connection closes (1013), so the widget keeps what is unsent and tries again.
 */
final class HomeRegionRelay implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(HomeRegionRelay.class);
    static final long OPEN_TIMEOUT_MILLIS = 5_000;

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final HomeRegions regions;
    private final LiveConnections live;
    private final Map<String, Relayed> relayed = new ConcurrentHashMap<>();
    private MessageConsumer<Object> consumer;
    private long sweep = -1;

    /** A browser connected here whose session runs on {@code homeNode}. */
    private record Relayed(ServerWebSocket socket, String homeNode) {
    }

    HomeRegionRelay(Vertx vertx, RegionNodes nodes, HomeRegions regions, LiveConnections live) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.regions = regions;
        this.live = live;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        // Cluster-wide on purpose: home nodes answer here by this node's id.
        consumer = vertx.eventBus().consumer(RelayedVisitors.visitingAddress(nodes.self()), this::fromHome);
        sweep = vertx.setPeriodic(RelayedVisitors.SWEEP_MILLIS, t -> relayed.values().stream()
                .filter(r -> !nodes.member(r.homeNode())).toList()
                .forEach(r -> r.socket().close((short) 1013, "home region unavailable")));
        return consumer.completion();
    }

    @Override
    public Future<Void> stop() {
        if (sweep >= 0) {
            vertx.cancelTimer(sweep);
        }
        relayed.values().stream().toList().forEach(r -> r.socket().close((short) 1012, "service restart"));
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /**
     * Serves a browser's connection: on a node that is not clustered, by a session here ({@code local}) from the first
     * frame on; in a cluster, the {@code hello} decides. Frames before it (a ping, a stray message) are answered by a
     * session here that has no visitor yet; then a visitor homed here is served by that session, and one homed in
     * another region is relayed to that region's node.
     */
    void accept(ServerWebSocket socket, String origin, Function<VisitorLink, WidgetSocket> local) {
        if (nodes.self() == null) {
            local.apply(VisitorLink.of(socket)).start();
            return;
        }
        WidgetSocket beforeHello = local.apply(VisitorLink.of(socket));
        socket.exceptionHandler(e -> {
            if (WidgetSocket.isOverLimit(e)) {
                socket.close((short) 1009, "message too big");
            }
        });
        socket.binaryMessageHandler(beforeHello::receiveBinary);
        socket.textMessageHandler(frame -> {
            Optional<String> home = homeRegionOf(frame);
            if (home.isEmpty()) {
                beforeHello.receive(frame);
            } else if (home.get().equals(regions.nodeRegion())) {
                beforeHello.start();
                beforeHello.receive(frame);
            } else {
                relay(socket, origin, home.get(), frame);
            }
        });
    }

    /**
     * The home region a {@code hello} names: the one leading a returning visitor's token; this node's for a token from
     * before regions were written in tokens (that contact lives here); by country for a new visitor. Empty for a frame
     * that is not a {@code hello}.
     */
    private Optional<String> homeRegionOf(String frame) {
        JsonObject hello;
        try {
            hello = new JsonObject(frame);
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
        if (!"hello".equals(hello.getValue("type"))) {
            return Optional.empty();
        }
        String token = hello.getValue("visitorToken") instanceof String t && !t.isBlank() ? t : null;
        if (token != null) {
            return Optional.of(HomeRegions.ofToken(token).orElse(regions.nodeRegion()));
        }
        List<String> languages = hello.getValue("languages") instanceof JsonArray a
                ? a.stream().filter(String.class::isInstance).map(String.class::cast).limit(8).toList() : List.of();
        return Optional.of(regions.ofNewVisitor(hello.getValue("locale") instanceof String l ? l : null, languages));
    }

    private void relay(ServerWebSocket socket, String origin, String region, String hello) {
        Optional<String> home = nodes.serving(region);
        if (home.isEmpty()) {
            unavailable(socket, region);
            return;
        }
        String link = UUID.randomUUID().toString();
        String homeAddress = RelayedVisitors.homeAddress(home.get());
        relayed.put(link, new Relayed(socket, home.get()));
        live.visitorOpened();
        // Frames go on as they come: the event bus keeps their order behind the opening.
        socket.textMessageHandler(text -> vertx.eventBus().send(homeAddress, text, headers("text", link)));
        socket.binaryMessageHandler(data -> vertx.eventBus().send(homeAddress, null, headers("binary", link)));
        socket.closeHandler(v -> {
            if (relayed.remove(link) != null) {
                live.visitorClosed();
                vertx.eventBus().send(homeAddress, null, headers("close", link));
            }
        });
        DeliveryOptions open = headers("open", link).addHeader(RelayedVisitors.REGION, region)
                .setSendTimeout(OPEN_TIMEOUT_MILLIS);
        if (origin != null) {
            open.addHeader(RelayedVisitors.ORIGIN, origin);
        }
        vertx.eventBus().request(homeAddress, hello, open).onFailure(e -> {
            LOG.warn("The node of region {} did not take a visitor: {}", region, e.toString());
            unavailable(socket, region);
        });
    }

    private static void unavailable(ServerWebSocket socket, String region) {
        // Nothing more is read: the visitor is served nowhere rather than in another region.
        socket.textMessageHandler(frame -> { });
        socket.binaryMessageHandler(data -> { });
        socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "unavailable")
                .put("reason", "The chat is not available right now; retry shortly.").encode());
        socket.close((short) 1013, "region " + region + " unavailable");
    }

    /** Frames and the end of the session, from the home region's node. */
    private void fromHome(Message<Object> message) {
        Relayed r = relayed.get(String.valueOf(message.headers().get(RelayedVisitors.LINK)));
        if (r == null) {
            return;
        }
        if ("close".equals(message.headers().get(RelayedVisitors.OP))) {
            short code;
            try {
                code = Short.parseShort(message.headers().get(RelayedVisitors.CODE));
            } catch (NumberFormatException e) {
                code = 1000;
            }
            r.socket().close(code, message.headers().get(RelayedVisitors.REASON));
        } else if (message.body() instanceof String frame) {
            r.socket().writeTextMessage(frame);
        }
    }

    private DeliveryOptions headers(String op, String link) {
        return new DeliveryOptions().addHeader(RelayedVisitors.OP, op).addHeader(RelayedVisitors.LINK, link)
                .addHeader(RelayedVisitors.FROM, nodes.self());
    }
}
