package io.meridian.protocol;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A customer's widget connection as a test sees it, written from docs/api.md §1 only: it sends frames and keeps every
 * frame the server sends until a test step claims it (see {@link FrameInbox}).
 */
public final class WidgetVisitor {

    /** Large enough to send one frame of up to 4 x 64 KiB, the most a default node reads before closing. */
    private static final int CLIENT_FRAME_LIMIT = 4 * 65536;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final FrameInbox inbox = new FrameInbox();
    private final Promise<Short> closed = Promise.promise();

    private WidgetVisitor(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(inbox::accept);
        socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
    }

    /** Opens {@code /widget/ws} on a plain-HTTP loopback node. */
    public static Future<WidgetVisitor> connect(Vertx vertx, int port) {
        return connect(vertx, port, CLIENT_FRAME_LIMIT);
    }

    /**
     * Opens {@code /widget/ws}, sending messages of up to {@code frameLimit} bytes as one frame (the client splits
     * longer ones into continuation frames).
     */
    public static Future<WidgetVisitor> connect(Vertx vertx, int port, int frameLimit) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(frameLimit)
                .setMaxMessageSize(Math.max(frameLimit, CLIENT_FRAME_LIMIT)));
        return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/widget/ws"))
                .map(socket -> new WidgetVisitor(client, socket))
                .onFailure(e -> client.close());
    }

    /** Blocking {@link #connect(Vertx, int)} for test steps. */
    public static WidgetVisitor open(Vertx vertx, int port) {
        return Await.result(connect(vertx, port), "widget connection");
    }

    /** The first not yet claimed frame matching {@code match}, now or when it arrives. */
    public Future<JsonObject> next(Predicate<JsonObject> match) {
        return inbox.next(match);
    }

    /** Blocks until a frame of {@code type} arrives; fails with every frame seen so far if none does in time. */
    public JsonObject expect(String type) {
        return inbox.expect(FrameInbox.ofType(type), "a '" + type + "' frame");
    }

    public JsonObject expect(Predicate<JsonObject> match, String what) {
        return inbox.expect(match, what);
    }

    /** The {@code error} frame with this code. */
    public JsonObject expectError(String code) {
        return expect(f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")),
                "an error frame with code '" + code + "'");
    }

    /** The {@code ack} for this client message id. */
    public JsonObject expectAck(String clientMessageId) {
        return expect(f -> "ack".equals(f.getString("type")) && clientMessageId.equals(f.getString("clientMessageId")),
                "the ack of " + clientMessageId);
    }

    /** Frames nobody claimed yet, e.g. to check that no error slipped in. */
    public List<JsonObject> unclaimed() {
        return inbox.unclaimed();
    }

    public Future<Void> send(JsonObject frame) {
        return socket.writeTextMessage(frame.encode());
    }

    public Future<Void> sendText(String text) {
        return socket.writeTextMessage(text);
    }

    public Future<Void> sendBinary(Buffer data) {
        return socket.writeBinaryMessage(data);
    }

    /** Sends {@code hello} (with the token when not null, and lastSeq 0) and returns the {@code welcome}. */
    public JsonObject hello(String visitorToken) {
        JsonObject hello = new JsonObject().put("type", "hello").put("locale", "es-ES").put("timeZone", "Europe/Madrid");
        if (visitorToken != null) {
            hello.put("visitorToken", visitorToken).put("lastSeq", 0);
        }
        Await.result(send(hello), "sending hello");
        return expect("welcome");
    }

    /** Sends a chat message and returns its ack. */
    public JsonObject say(String clientMessageId, String text) {
        Await.result(send(message(clientMessageId, text)), "sending a message");
        return expectAck(clientMessageId);
    }

    /** Sends a chat message under a fresh client message id and returns its ack. */
    public JsonObject say(String text) {
        return say(UUID.randomUUID().toString(), text);
    }

    public static JsonObject message(String clientMessageId, String text) {
        return new JsonObject().put("type", "message").put("clientMessageId", clientMessageId).put("text", text);
    }

    /** Completes with the close status code once the server (or we) closed the socket. */
    public Future<Short> closed() {
        return closed.future();
    }

    public Future<Void> close() {
        return socket.close().transform(ar -> client.close());
    }
}
