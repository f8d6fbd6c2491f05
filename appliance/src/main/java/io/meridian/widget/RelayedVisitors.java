package io.meridian.widget;

import io.meridian.cluster.RegionNodes;
import io.meridian.lifecycle.Lifecycle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The home side of the widget's relay: chat sessions of visitors homed in this node's region whose browsers reached
 * a node of another region. That node forwards their frames here over the cluster's event bus (mutual TLS) and sends
 * back what the session answers; the session itself (contact, messages, translations) runs and is stored only here.
 * <p>
 * The protocol between the two nodes: messages to {@link #homeAddress} (this node) and {@link #visitingAddress} (the
 * visitor's node), a String body (a widget frame) and headers {@value #OP} ({@code open}, {@code text},
 * {@code binary}, {@code close}), {@value #LINK} (one visitor's connection), the visiting node ({@value #FROM}, on
 * what it sends), and for {@code open} the region asked for ({@value #REGION}) and the page's origin
 * ({@value #ORIGIN}); a {@code close} carries a WebSocket close code and reason.
 */
final class RelayedVisitors implements Lifecycle {

    static final String OP = "op";
    static final String LINK = "link";
    static final String FROM = "from";
    static final String REGION = "region";
    static final String ORIGIN = "origin";
    static final String CODE = "code";
    static final String REASON = "reason";
    /** How often links whose other node left the cluster, or that went idle, are ended. */
    static final long SWEEP_MILLIS = 5_000;
    /**
     * A relayed connection with no frame for this long is closed (the widget pings every minute): a close lost
     * between the nodes would otherwise keep its session here for good. The widget reconnects at once.
     */
    static final long IDLE_MILLIS = 5 * 60_000;

    /** Where a node takes relayed frames for the visitors homed in its region. */
    static String homeAddress(String nodeId) {
        return "meridian.widget.home." + nodeId;
    }

    /** Where a node takes frames for the browsers connected to it whose visitors are served elsewhere. */
    static String visitingAddress(String nodeId) {
        return "meridian.widget.visiting." + nodeId;
    }

    private final Vertx vertx;
    private final RegionNodes nodes;
    private final String region;
    /** Starts a chat session over a link, for a page of the given origin (null when the browser sent none). */
    private final BiFunction<VisitorLink, String, WidgetSocket> sessions;
    private final Map<String, BusLink> links = new ConcurrentHashMap<>();
    private MessageConsumer<Object> consumer;
    private long sweep = -1;
    /** Where the consumer, the sweep and the stop run, so a link's state is touched by one thread. */
    private Context context;

    RelayedVisitors(Vertx vertx, RegionNodes nodes, String region, BiFunction<VisitorLink, String, WidgetSocket> sessions) {
        this.vertx = vertx;
        this.nodes = nodes;
        this.region = region;
        this.sessions = sessions;
    }

    @Override
    public Future<Void> start() {
        if (nodes.self() == null) {
            return Future.succeededFuture();
        }
        context = vertx.getOrCreateContext();
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> {
            // Cluster-wide on purpose: the visitors' nodes send here by this node's id.
            consumer = vertx.eventBus().consumer(homeAddress(nodes.self()), this::onMessage);
            sweep = vertx.setPeriodic(SWEEP_MILLIS, t -> sweep());
            consumer.completion().onComplete(started);
        });
        return started.future();
    }

    /** Ends the links whose visiting node left the cluster, and those idle too long; tells the other side. */
    private void sweep() {
        long now = System.nanoTime();
        for (BusLink link : links.values().stream().toList()) {
            if (!nodes.member(link.visitingNode)) {
                link.ended();
            } else if (now - link.lastFrame > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                link.close((short) 1001, "idle");
            }
        }
    }

    @Override
    public Future<Void> stop() {
        if (context == null) {
            return Future.succeededFuture();
        }
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            vertx.cancelTimer(sweep);
            links.values().stream().toList().forEach(link -> link.close((short) 1012, "service restart"));
            consumer.unregister().onComplete(stopped);
        });
        return stopped.future();
    }

    private void onMessage(Message<Object> message) {
        String op = message.headers().get(OP);
        String linkId = message.headers().get(LINK);
        if (linkId == null) {
            return;
        }
        if ("open".equals(op)) {
            open(message, linkId);
            return;
        }
        BusLink link = links.get(linkId);
        if (link == null) {
            // Ended here (its node seemed gone, or this node restarted): the visiting node closes the browser's socket,
            // and the widget reconnects.
            String from = message.headers().get(FROM);
            if (from != null && !"close".equals(op)) {
                vertx.eventBus().send(visitingAddress(from), null, new DeliveryOptions().addHeader(OP, "close")
                        .addHeader(LINK, linkId).addHeader(CODE, "1013").addHeader(REASON, "session ended"));
            }
            return;
        }
        link.lastFrame = System.nanoTime();
        switch (String.valueOf(op)) {
            case "text" -> link.text.handle(message.body() instanceof String text ? text : "");
            case "binary" -> link.binary.handle(Buffer.buffer());
            case "close" -> link.ended();
            default -> { }
        }
    }

    private void open(Message<Object> message, String linkId) {
        String from = message.headers().get(FROM);
        if (links.containsKey(linkId) || !(message.body() instanceof String hello)) {
            message.fail(400, "a link is opened once, with the visitor's hello");
            return;
        }
        if (from == null || !region.equals(message.headers().get(REGION))) {
            // The visiting node's view of the cluster is out of date: this node does not serve that region.
            message.fail(404, "this node does not serve region " + message.headers().get(REGION));
            return;
        }
        BusLink link = new BusLink(linkId, from);
        links.put(linkId, link);
        WidgetSocket session = sessions.apply(link, message.headers().get(ORIGIN));
        session.start();
        message.reply("open");
        session.receive(hello);
    }

    /** One relayed visitor's connection, as the session on this node sees it. */
    private final class BusLink implements VisitorLink {

        private final String id;
        private final String visitingNode;
        private Handler<String> text = t -> { };
        private Handler<Buffer> binary = b -> { };
        private Handler<Void> closed = v -> { };
        private volatile boolean ended;
        private volatile long lastFrame = System.nanoTime();

        BusLink(String id, String visitingNode) {
            this.id = id;
            this.visitingNode = visitingNode;
        }

        @Override
        public void textHandler(Handler<String> handler) {
            text = handler;
        }

        @Override
        public void binaryHandler(Handler<Buffer> handler) {
            binary = handler;
        }

        @Override
        public void errorHandler(Handler<Throwable> handler) {
            // Transport errors (over-long frames) are the visitor's node's to handle: it closes, and says so here.
        }

        @Override
        public void closeHandler(Handler<Void> handler) {
            closed = handler;
        }

        @Override
        public void send(String frame) {
            if (!ended) {
                vertx.eventBus().send(visitingAddress(visitingNode), frame, headers("text"));
            }
        }

        @Override
        public void close(short code, String reason) {
            if (!ended) {
                vertx.eventBus().send(visitingAddress(visitingNode), null, headers("close")
                        .addHeader(CODE, Short.toString(code)).addHeader(REASON, reason));
                ended();
            }
        }

        /** The connection is over: the visitor left, their node did, or this side closed it. Once only. */
        void ended() {
            if (links.remove(id, this)) {
                ended = true;
                closed.handle(null);
            }
        }

        private DeliveryOptions headers(String op) {
            return new DeliveryOptions().addHeader(OP, op).addHeader(LINK, id);
        }
    }
}
