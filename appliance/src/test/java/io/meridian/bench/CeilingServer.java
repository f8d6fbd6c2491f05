package io.meridian.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The best a chat relay on this machine and this Vert.x can do: speaks just enough of the widget protocol for the
 * benchmark's load generator, acknowledges every visitor message at once (no storage, no encryption, no event bus)
 * and forwards it to every agent socket. Meridian's figures are read as fractions of this one.
 * One verticle instance, so like Meridian's web server all its sockets share one event loop; the agent list needs
 * no locking for that reason.
 */
final class CeilingServer extends VerticleBase {

    private final List<ServerWebSocket> agents = new ArrayList<>();
    private HttpServer server;
    private long visitorCount;

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .webSocketHandler(this::accept)
                .listen()
                .onSuccess(s -> server = s);
    }

    int port() {
        return server.actualPort();
    }

    private void accept(ServerWebSocket socket) {
        switch (socket.path()) {
            case "/api/v1/live" -> {
                agents.add(socket);
                socket.closeHandler(v -> agents.remove(socket));
            }
            case "/widget/ws" -> new Visitor(socket, "ceiling-" + (++visitorCount));
            default -> socket.close((short) 1008, "unknown path");
        }
    }

    /** One visitor connection: the per-connection state the real widget socket keeps, reduced to counters. */
    private final class Visitor {

        private final ServerWebSocket socket;
        private final String conversationId;
        private long seq;

        Visitor(ServerWebSocket socket, String conversationId) {
            this.socket = socket;
            this.conversationId = conversationId;
            socket.textMessageHandler(this::onText);
        }

        private void onText(String text) {
            JsonObject frame = new JsonObject(text);
            switch (frame.getString("type", "")) {
                case "hello" -> socket.writeTextMessage(new JsonObject()
                        .put("type", "welcome")
                        .put("visitorToken", conversationId)
                        .put("conversationId", null)
                        .put("status", null)
                        .put("messages", new JsonArray())
                        .put("limits", new JsonObject().put("maxFrameBytes", 65536).put("maxTextChars", 8000))
                        .encode());
                case "message" -> relay(frame);
                default -> socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "unknown_type")
                        .put("reason", "ceiling server").encode());
            }
        }

        private void relay(JsonObject frame) {
            JsonObject message = new JsonObject()
                    .put("messageId", conversationId + "-" + (++seq))
                    .put("conversationId", conversationId)
                    .put("seq", seq)
                    .put("author", "visitor")
                    .put("clientMessageId", frame.getString("clientMessageId"))
                    .put("text", frame.getString("text"));
            String event = new JsonObject().put("type", "message").put("conversationId", conversationId)
                    .put("message", message).encode();
            for (ServerWebSocket agent : agents) {
                agent.writeTextMessage(event);
            }
            socket.writeTextMessage(new JsonObject().put("type", "ack").put("clientMessageId", frame.getString("clientMessageId"))
                    .put("duplicate", false).put("message", message).encode());
        }
    }
}
