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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The benchmark's load generator, identical for Meridian and the ceiling: agents listen on {@code /api/v1/live};
 * visitors connect to {@code /widget/ws}, say hello, then each sends its messages keeping at most {@code window}
 * unacknowledged. It measures, per message, send to acknowledgement and send to the first agent socket that shows it.
 * Each visitor's state lives on its own connection's event loop; only the shared tallies are atomic.
 */
final class ChatLoad {

    private static final String HOST = "127.0.0.1";
    static final String TEXT = "Hola, mi pedido todavía no ha llegado y necesito saber cuándo llega. Mensaje ";

    private final Vertx vertx;
    /** Where visitors connect; agents connect to {@link #agentPort} (another node's, in the cluster benchmark). */
    private final int port;
    private final int agentPort;
    private final WebSocketClient client;
    private final List<WebSocket> agentSockets = new ArrayList<>();
    private volatile Run current;

    /** {@code maxConnections}: visitors plus agents; the client's default pool (50) would queue the rest. */
    ChatLoad(Vertx vertx, int port, int maxConnections) {
        this(vertx, port, port, maxConnections);
    }

    /** Visitors on {@code visitorPort}, agents on {@code agentPort}. */
    ChatLoad(Vertx vertx, int visitorPort, int agentPort, int maxConnections) {
        this.vertx = vertx;
        this.port = visitorPort;
        this.agentPort = agentPort;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(maxConnections));
    }

    /** Opens one live socket per entry; an entry is a {@code Cookie} header value, or empty for none. */
    Future<Void> connectAgents(List<String> cookies) {
        List<Future<WebSocket>> connecting = new ArrayList<>();
        for (String cookie : cookies) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(HOST).setPort(agentPort)
                    .setURI("/api/v1/live");
            if (!cookie.isEmpty()) {
                options.addHeader("Cookie", cookie);
            }
            connecting.add(onNewContext(() -> client.connect(options)).onSuccess(socket -> {
                synchronized (agentSockets) {
                    agentSockets.add(socket);
                }
                socket.textMessageHandler(this::onAgentEvent);
            }));
        }
        return Future.all(connecting).mapEmpty();
    }

    /** Runs {@code visitors} visitors sending {@code messages} each; completes when all are acknowledged and delivered. */
    Future<LoadResult> run(String label, int visitors, int messages, int window, Duration deadline) {
        Run run = new Run(visitors * messages);
        current = run;
        List<VisitorDriver> drivers = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            drivers.add(new VisitorDriver(run, label + "-" + i, messages, window));
        }
        Future<LoadResult> result = Future.all(drivers.stream().map(VisitorDriver::connect).toList())
                .compose(ready -> {
                    run.startNanos = System.nanoTime();
                    drivers.forEach(VisitorDriver::start);
                    return Future.all(drivers.stream().map(d -> d.done.future()).toList());
                })
                .compose(acked -> run.allDelivered.future())
                .map(delivered -> run.result())
                .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(new IllegalStateException("run '" + label + "' stopped after "
                        + run.ackCount.get() + " acks and " + run.deliveredCount.get() + " deliveries of " + run.total
                        + ": " + e, e)));
        return result.transform(ar -> Future.all(drivers.stream().map(VisitorDriver::close).toList())
                .transform(closed -> {
                    current = null;
                    return ar.succeeded() ? Future.<LoadResult>succeededFuture(ar.result())
                            : Future.<LoadResult>failedFuture(ar.cause());
                }));
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (agentSockets) {
            agentSockets.forEach(s -> closing.add(s.close()));
        }
        return Future.join(closing).transform(ar -> client.close());
    }

    private void onAgentEvent(String text) {
        Run run = current;
        if (run != null) {
            run.delivered(text);
        }
    }

    /** Spreads connections over the event loops: each new context from a non-Vert.x thread takes the next loop. */
    private <T> Future<T> onNewContext(java.util.function.Supplier<Future<T>> action) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    /** Tallies of one run, shared by all visitor and agent sockets. */
    private static final class Run {

        final int total;
        final ConcurrentHashMap<String, Long> awaitingDelivery;
        final AtomicLongArray deliveryNanos;
        final AtomicInteger deliveredCount = new AtomicInteger();
        final AtomicLongArray ackNanos;
        final AtomicInteger ackCount = new AtomicInteger();
        final AtomicLong lastAckNanos = new AtomicLong();
        final AtomicInteger resends = new AtomicInteger();
        final Promise<Void> allDelivered = Promise.promise();
        volatile long startNanos;

        Run(int total) {
            this.total = total;
            this.awaitingDelivery = new ConcurrentHashMap<>(total * 2);
            this.deliveryNanos = new AtomicLongArray(total);
            this.ackNanos = new AtomicLongArray(total);
        }

        void sent(String clientMessageId, long nanos) {
            awaitingDelivery.put(clientMessageId, nanos);
        }

        void acked(long latencyNanos, long now) {
            ackNanos.set(ackCount.getAndIncrement(), latencyNanos);
            lastAckNanos.accumulateAndGet(now, Math::max);
        }

        /** Every agent socket sees every event; the first one to show a message times its delivery. */
        void delivered(String text) {
            long now = System.nanoTime();
            JsonObject event = new JsonObject(text);
            String type = event.getString("type");
            if (!"message".equals(type) && !"conversation.opened".equals(type)) {
                return;
            }
            JsonObject message = event.getJsonObject("message");
            String clientMessageId = message == null ? null : message.getString("clientMessageId");
            Long sentAt = clientMessageId == null ? null : awaitingDelivery.remove(clientMessageId);
            if (sentAt != null) {
                int index = deliveredCount.getAndIncrement();
                deliveryNanos.set(index, now - sentAt);
                if (index + 1 == total) {
                    allDelivered.tryComplete();
                }
            }
        }

        LoadResult result() {
            return new LoadResult(ackCount.get(), lastAckNanos.get() - startNanos,
                    LoadResult.sorted(deliveryNanos, deliveredCount.get()), LoadResult.sorted(ackNanos, ackCount.get()),
                    resends.get());
        }
    }

    /** One visitor: connects, says hello, then sends its messages within the window. Confined to its event loop. */
    private final class VisitorDriver {

        private final Run run;
        private final String name;
        private final int messages;
        private final int window;
        private final Map<String, Long> unacked = new HashMap<>();
        private final Promise<Void> welcomed = Promise.promise();
        final Promise<Void> done = Promise.promise();
        private Context context;
        private WebSocket socket;
        private int sent;
        private int acked;

        VisitorDriver(Run run, String name, int messages, int window) {
            this.run = run;
            this.name = name;
            this.messages = messages;
            this.window = window;
        }

        Future<Void> connect() {
            return onNewContext(() -> {
                context = Vertx.currentContext();
                return client.connect(new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI("/widget/ws"))
                        .compose(ws -> {
                            socket = ws;
                            ws.textMessageHandler(this::onText);
                            ws.closeHandler(v -> done.tryFail("visitor " + name + " was disconnected ("
                                    + ws.closeStatusCode() + " " + ws.closeReason() + ")"));
                            return ws.writeTextMessage(new JsonObject().put("type", "hello").put("locale", "es-ES")
                                    .put("timeZone", "Europe/Madrid").encode());
                        })
                        .compose(v -> welcomed.future());
            });
        }

        void start() {
            context.runOnContext(v -> {
                while (sent < messages && sent - acked < window) {
                    sendNext();
                }
            });
        }

        Future<Void> close() {
            return socket == null ? Future.succeededFuture() : socket.close().otherwiseEmpty();
        }

        private void sendNext() {
            String clientMessageId = name + "-" + sent;
            String text = TEXT + sent;
            sent++;
            long now = System.nanoTime();
            unacked.put(clientMessageId, now);
            run.sent(clientMessageId, now);
            write(clientMessageId, text);
        }

        private void write(String clientMessageId, String text) {
            socket.writeTextMessage(new JsonObject().put("type", "message").put("clientMessageId", clientMessageId)
                    .put("text", text).encode());
        }

        private void onText(String text) {
            // The echo of the visitor's own messages is most of the traffic back; skip it without parsing.
            if (text.startsWith("{\"type\":\"message\"")) {
                return;
            }
            JsonObject frame = new JsonObject(text);
            switch (frame.getString("type", "")) {
                case "welcome" -> welcomed.tryComplete();
                case "ack" -> onAck(frame);
                case "error" -> onError(frame);
                default -> {
                    // message (in another field order), pong, conversation.closed: nothing to measure.
                }
            }
        }

        private void onAck(JsonObject frame) {
            long now = System.nanoTime();
            Long sentAt = unacked.remove(frame.getString("clientMessageId"));
            if (sentAt == null) {
                return;
            }
            run.acked(now - sentAt, now);
            acked++;
            if (sent < messages) {
                sendNext();
            } else if (acked == messages) {
                done.tryComplete();
            }
        }

        /** {@code not_stored} asks for a resend with the same id (docs/api.md §1.3); anything else is a bench failure. */
        private void onError(JsonObject frame) {
            String clientMessageId = frame.getString("clientMessageId");
            if ("not_stored".equals(frame.getString("code")) && clientMessageId != null
                    && unacked.containsKey(clientMessageId)) {
                run.resends.incrementAndGet();
                String index = clientMessageId.substring(clientMessageId.lastIndexOf('-') + 1);
                write(clientMessageId, TEXT + index);
                return;
            }
            done.tryFail("visitor " + name + " got " + frame.encode());
            welcomed.tryFail("visitor " + name + " got " + frame.encode());
        }
    }
}
