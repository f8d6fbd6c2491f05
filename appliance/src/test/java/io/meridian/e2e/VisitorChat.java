package io.meridian.e2e;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A visitor's chat connection, written only from the widget protocol in docs/api.md §1. Frames arrive on the event
 * loop and are queued; the test thread waits for the frame it expects, keeping any others for later questions.
 */
final class VisitorChat implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonObject CLOSED = new JsonObject().put("type", "(socket closed)");

    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> incoming;
    private final List<JsonObject> unclaimed = new ArrayList<>();

    private VisitorChat(WebSocketClient client, WebSocket socket, BlockingQueue<JsonObject> incoming) {
        this.client = client;
        this.socket = socket;
        this.incoming = incoming;
    }

    /** Connects to {@code <baseUrl>/widget/ws} (ws or wss from the base URL's scheme). Call from the test thread. */
    static VisitorChat connect(Vertx vertx, String baseUrl) {
        URI base = URI.create(baseUrl);
        WebSocketClient client = vertx.createWebSocketClient();
        BlockingQueue<JsonObject> incoming = new LinkedBlockingQueue<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setSsl("https".equals(base.getScheme()))
                .setURI("/widget/ws");
        WebSocket socket = Await.result(client.connect(options).onSuccess(ws -> {
            ws.textMessageHandler(text -> incoming.add(new JsonObject(text)));
            ws.closeHandler(v -> incoming.add(CLOSED));
        }), "widget WebSocket connect to " + baseUrl);
        return new VisitorChat(client, socket, incoming);
    }

    /** Sends {@code hello} with {@code fields} (visitorToken, lastSeq, name, email...) and returns the {@code welcome}. */
    JsonObject hello(JsonObject fields) {
        send(fields.copy().put("type", "hello"));
        return await("welcome", f -> "welcome".equals(f.getString("type")));
    }

    /** Sends a chat message and returns its {@code ack}: from then on the message is committed. */
    JsonObject say(String clientMessageId, String text) {
        send(new JsonObject().put("type", "message").put("clientMessageId", clientMessageId).put("text", text));
        return await("ack of " + clientMessageId, f -> "ack".equals(f.getString("type"))
                && clientMessageId.equals(f.getString("clientMessageId")));
    }

    /** Waits for a live {@code message} frame whose message has {@code text}; returns the message object. */
    JsonObject awaitMessage(String text) {
        return await("message frame with text '" + text + "'", f -> "message".equals(f.getString("type"))
                && f.getJsonObject("message") != null
                && text.equals(f.getJsonObject("message").getString("text"))).getJsonObject("message");
    }

    void send(JsonObject frame) {
        Await.result(socket.writeTextMessage(frame.encode()), "sending a " + frame.getString("type") + " frame");
    }

    /** The first frame, received or still to come, that matches; fails on an error frame, a closed socket or a timeout. */
    JsonObject await(String what, Predicate<JsonObject> wanted) {
        for (int i = 0; i < unclaimed.size(); i++) {
            if (wanted.test(unclaimed.get(i))) {
                return unclaimed.remove(i);
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject frame;
            try {
                frame = incoming.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            if (frame == null) {
                throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; other frames: " + unclaimed);
            }
            if (frame == CLOSED) {
                throw new AssertionError("the socket closed while waiting for " + what + "; frames: " + unclaimed);
            }
            if ("error".equals(frame.getString("type"))) {
                throw new AssertionError("error frame while waiting for " + what + ": " + frame.encode());
            }
            if (wanted.test(frame)) {
                return frame;
            }
            unclaimed.add(frame);
        }
    }

    @Override
    public void close() {
        // Closing twice, or after the server closed, is not a test failure: recover and still release the client.
        Await.result(socket.close().recover(e -> Future.succeededFuture())
                .compose(v -> client.close()), "closing the widget WebSocket");
    }
}
