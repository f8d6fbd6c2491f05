package io.meridian.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An open-loop chat load: visitors send at a fixed arrival rate whatever the node's answers, each send scheduled in
 * advance, and every latency is taken from the <em>scheduled</em> send time. A node (or a generator) that falls behind
 * therefore shows as latency instead of as fewer, slower sends (coordinated omission). The visitors are split over the
 * generator's event loops; each loop owns its visitors' sockets and sends on a 1 ms tick everything whose time has
 * come, so nothing blocks and the generator's own lag (actual minus scheduled send) is measured and reported.
 * Agents' {@code /api/v1/live} sockets time each message's first arrival.
 */
final class OpenLoopLoad {

    private static final String HOST = "127.0.0.1";
    private static final String CLIENT_MESSAGE_ID = "\"clientMessageId\":\"";

    private final Vertx vertx;
    private final int port;
    private final WebSocketClient client;
    private final List<Shard> shards = new ArrayList<>();
    private final List<WebSocket> agentSockets = new ArrayList<>();
    private final List<WebSocket> idleSockets = new ArrayList<>();
    private final AtomicInteger windowCount = new AtomicInteger();
    private volatile Window current;

    /**
     * {@code loops}: event loops of {@code vertx} to spread the visitors over (one shard each); {@code maxConnections}:
     * every socket this load opens, since the client's default pool (50) would queue the rest.
     */
    OpenLoopLoad(Vertx vertx, int port, int loops, int maxConnections) {
        this.vertx = vertx;
        this.port = port;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(maxConnections));
        for (int i = 0; i < loops; i++) {
            // Each context created from a non-Vert.x thread takes the next event loop.
            shards.add(new Shard(vertx.getOrCreateContext()));
        }
    }

    /** Opens one live socket per {@code Cookie} header value; every event on them is checked for a visitor message. */
    Future<Void> connectAgents(List<String> cookies) {
        List<Future<Void>> connecting = new ArrayList<>();
        for (int i = 0; i < cookies.size(); i++) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(HOST).setPort(port)
                    .setURI("/api/v1/live").addHeader("Cookie", cookies.get(i));
            connecting.add(on(shards.get(i % shards.size()).context, () -> client.connect(options)).map(socket -> {
                synchronized (agentSockets) {
                    agentSockets.add(socket);
                }
                socket.textMessageHandler(this::onAgentEvent);
                return null;
            }));
        }
        return Future.all(connecting).mapEmpty();
    }

    /**
     * Connects {@code count} visitors that will send: each says hello and waits for welcome, at most {@code parallel}
     * handshakes at a time (a hello creates a contact, a durable write) so that connecting does not flood the node.
     */
    Future<Void> connectVisitors(int count, int parallel) {
        return connectInLanes(count, parallel, "v", visitor -> visitor.shard.visitors.add(visitor));
    }

    /** Opens {@code count} more visitors that say hello and then stay silent, like a widget left open on a page. */
    Future<Void> connectIdleVisitors(int count, int parallel) {
        return connectInLanes(count, parallel, "idle", visitor -> {
            synchronized (idleSockets) {
                idleSockets.add(visitor.socket);
            }
        });
    }

    /** {@code parallel} lanes over the shards, each connecting the next visitor once its previous one is welcomed. */
    private Future<Void> connectInLanes(int count, int parallel, String name, Consumer<Visitor> connected) {
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(parallel, count); lane++) {
            Shard shard = shards.get(lane % shards.size());
            lanes.add(on(shard.context, () -> connectNext(shard, next, count, name, connected)));
        }
        return Future.all(lanes).mapEmpty();
    }

    private Future<Void> connectNext(Shard shard, AtomicInteger next, int count, String name, Consumer<Visitor> connected) {
        int index = next.getAndIncrement();
        if (index >= count) {
            return Future.succeededFuture();
        }
        Visitor visitor = new Visitor(shard, name + index);
        return visitor.connect().compose(v -> {
            connected.accept(visitor);
            return connectNext(shard, next, count, name, connected);
        });
    }

    /** Closes the idle visitors opened by {@link #connectIdleVisitors}. */
    Future<Void> closeIdleVisitors() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (idleSockets) {
            idleSockets.forEach(s -> closing.add(s.close().otherwiseEmpty()));
            idleSockets.clear();
        }
        return Future.join(closing).mapEmpty();
    }

    int visitorCount() {
        return shards.stream().mapToInt(s -> s.visitors.size()).sum();
    }

    /**
     * Sends at {@code rate} messages per second for {@code seconds}, spread evenly over all connected visitors (so each
     * visitor sends every visitors ÷ rate seconds); completes once every message was acknowledged and reached an agent,
     * or {@code graceMillis} after the last scheduled send, whichever is first. Never fails: what did not arrive in time
     * is counted as timed out. Before it completes it waits up to {@code settleMillis} for the messages still
     * unacknowledged, so that the next window does not start on this one's backlog; how many were left is reported.
     */
    Future<OpenLoopResult> run(double rate, double seconds, long graceMillis, long settleMillis) {
        int number = windowCount.incrementAndGet();
        int visitors = visitorCount();
        int[] counts = new int[shards.size()];
        int total = 0;
        for (int i = 0; i < shards.size(); i++) {
            counts[i] = (int) Math.floor(rate * shards.get(i).visitors.size() / visitors * seconds);
            total += counts[i];
        }
        // Shards start 50 ms from now, so that every shard has its schedule before the first send is due.
        long start = System.nanoTime() + 50_000_000L;
        Window window = new Window("ol" + number + "-", total, rate, start);
        current = window;
        int base = 0;
        for (int i = 0; i < shards.size(); i++) {
            Shard shard = shards.get(i);
            if (shard.visitors.isEmpty()) {
                continue; // fewer visitors than event loops
            }
            double shardRate = rate * shard.visitors.size() / visitors;
            long interval = (long) (1e9 / shardRate);
            // Shards are offset by a fraction of their interval, so their sends interleave instead of coinciding.
            long offset = interval * i / shards.size();
            shard.schedule(window, base, counts[i], start + offset, interval);
            base += counts[i];
        }
        long lastScheduled = start + (long) (seconds * 1e9);
        long graceTimer = vertx.setTimer(Math.max(1, (lastScheduled - System.nanoTime()) / 1_000_000 + graceMillis),
                id -> window.finished.tryComplete());
        return window.finished.future().compose(v -> {
            vertx.cancelTimer(graceTimer);
            OpenLoopResult result = window.result();
            // What the node still has queued would be load on the next window: wait for it, outside the figures.
            return window.allAcked.future().timeout(settleMillis, TimeUnit.MILLISECONDS).otherwiseEmpty().map(settled -> {
                current = null;
                return result.withLeftOver(window.total - window.acked.get());
            });
        });
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (agentSockets) {
            agentSockets.forEach(s -> closing.add(s.close().otherwiseEmpty()));
        }
        for (Shard shard : shards) {
            shard.visitors.forEach(v -> closing.add(v.close()));
        }
        return Future.join(closing).compose(v -> closeIdleVisitors()).transform(ar -> client.close());
    }

    /** The first agent socket to show a message of the current window times its delivery; ids are read without parsing. */
    private void onAgentEvent(String text) {
        long now = System.nanoTime();
        Window window = current;
        if (window == null) {
            return;
        }
        int at = text.indexOf(CLIENT_MESSAGE_ID);
        if (at < 0) {
            return;
        }
        int from = at + CLIENT_MESSAGE_ID.length();
        if (!text.startsWith(window.prefix, from)) {
            return;
        }
        int end = text.indexOf('"', from);
        window.delivered(Integer.parseInt(text, from + window.prefix.length(), end, 10), now);
    }

    private static <T> Future<T> on(Context context, java.util.function.Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    /** One measured window: per message its scheduled time, and the latencies from it; shared by all loops. */
    private static final class Window {

        final String prefix;
        final int total;
        final double rate;
        final long start;
        final AtomicLongArray scheduledNanos;
        final AtomicLongArray lagNanos;
        final AtomicLongArray ackNanos;
        final AtomicLongArray deliveryNanos;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger resends = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        final AtomicLong lastAck = new AtomicLong();
        final Promise<Void> finished = Promise.promise();
        final Promise<Void> allAcked = Promise.promise();

        Window(String prefix, int total, double rate, long start) {
            this.prefix = prefix;
            this.total = total;
            this.rate = rate;
            this.start = start;
            this.scheduledNanos = new AtomicLongArray(total);
            this.lagNanos = new AtomicLongArray(total);
            this.ackNanos = new AtomicLongArray(total);
            this.deliveryNanos = new AtomicLongArray(total);
        }

        void sent(int index, long scheduled, long now) {
            scheduledNanos.set(index, scheduled);
            lagNanos.set(index, Math.max(1, now - scheduled));
            sent.incrementAndGet();
        }

        void acked(int index, long now) {
            // A latency of 0 would read as "not yet": a message is at least one nanosecond late.
            if (ackNanos.compareAndSet(index, 0, Math.max(1, now - scheduledNanos.get(index)))) {
                lastAck.accumulateAndGet(now, Math::max);
                acked.incrementAndGet();
                checkFinished();
            }
        }

        void delivered(int index, long now) {
            if (index >= 0 && index < total
                    && deliveryNanos.compareAndSet(index, 0, Math.max(1, now - scheduledNanos.get(index)))) {
                delivered.incrementAndGet();
                checkFinished();
            }
        }

        void error(String code) {
            errors.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        }

        private void checkFinished() {
            if (acked.get() == total) {
                allAcked.tryComplete();
            }
            if (acked.get() == total && delivered.get() == total) {
                finished.tryComplete();
            }
        }

        OpenLoopResult result() {
            return new OpenLoopResult(rate, total, sent.get(), acked.get(), delivered.get(),
                    lastAck.get() == 0 ? 0 : lastAck.get() - start,
                    OpenLoopResult.present(ackNanos), OpenLoopResult.present(deliveryNanos),
                    OpenLoopResult.present(lagNanos), resends.get(), disconnects.get(),
                    errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())), 0);
        }
    }

    /** The visitors of one event loop and their schedule; touched only on that loop. */
    private final class Shard {

        final Context context;
        final List<Visitor> visitors = new ArrayList<>();

        Shard(Context context) {
            this.context = context;
        }

        /** Sends {@code count} messages, the j-th at {@code first + j × interval}, by the visitors in turn. */
        void schedule(Window window, int base, int count, long first, long interval) {
            context.runOnContext(go -> {
                int[] next = {0};
                if (count == 0) {
                    return;
                }
                vertx.setPeriodic(1, timer -> {
                    long now = System.nanoTime();
                    while (next[0] < count && first + next[0] * interval <= now) {
                        int j = next[0]++;
                        visitors.get(j % visitors.size()).send(window, base + j, first + j * interval);
                    }
                    if (next[0] == count) {
                        vertx.cancelTimer(timer);
                    }
                });
            });
        }
    }

    /** One widget connection: hello, welcome, then whatever its shard schedules. Confined to its shard's loop. */
    private final class Visitor {

        final Shard shard;
        private final String name;
        private final Promise<Void> welcomed = Promise.promise();
        private WebSocket socket;

        Visitor(Shard shard, String name) {
            this.shard = shard;
            this.name = name;
        }

        Future<Void> connect() {
            return client.connect(new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI("/widget/ws"))
                    .compose(ws -> {
                        socket = ws;
                        ws.textMessageHandler(this::onText);
                        ws.closeHandler(v -> {
                            Window window = current;
                            if (window != null) {
                                window.disconnects.incrementAndGet();
                            }
                            welcomed.tryFail("visitor " + name + " was disconnected (" + ws.closeStatusCode() + " "
                                    + ws.closeReason() + ")");
                        });
                        return ws.writeTextMessage(new JsonObject().put("type", "hello").put("locale", "es-ES")
                                .put("timeZone", "Europe/Madrid").encode());
                    })
                    .compose(v -> welcomed.future());
        }

        void send(Window window, int index, long scheduled) {
            window.sent(index, scheduled, System.nanoTime());
            write(window.prefix + index, index);
        }

        private void write(String clientMessageId, int index) {
            // Built by hand: the generator encodes thousands of frames a second on few loops.
            socket.writeTextMessage("{\"type\":\"message\",\"clientMessageId\":\"" + clientMessageId + "\",\"text\":\""
                    + ChatLoad.TEXT + index + "\"}");
        }

        Future<Void> close() {
            return socket == null ? Future.succeededFuture() : socket.close().otherwiseEmpty();
        }

        private void onText(String text) {
            // The echo of the visitor's own messages is most of the traffic back; skip it without parsing.
            if (text.startsWith("{\"type\":\"message\"")) {
                return;
            }
            long now = System.nanoTime();
            JsonObject frame = new JsonObject(text);
            String type = frame.getString("type", "");
            if ("welcome".equals(type)) {
                welcomed.tryComplete();
                return;
            }
            Window window = current;
            String clientMessageId = frame.getString("clientMessageId");
            boolean ours = window != null && clientMessageId != null && clientMessageId.startsWith(window.prefix);
            if ("ack".equals(type) && ours) {
                window.acked(Integer.parseInt(clientMessageId.substring(window.prefix.length())), now);
            } else if ("error".equals(type) && window != null) {
                // not_stored asks for a resend with the same id (docs/api.md §1.3); the latency keeps counting.
                if ("not_stored".equals(frame.getString("code")) && ours) {
                    window.resends.incrementAndGet();
                    write(clientMessageId, Integer.parseInt(clientMessageId.substring(window.prefix.length())));
                } else {
                    window.error(frame.getString("code", "unknown"));
                }
            }
        }
    }
}
