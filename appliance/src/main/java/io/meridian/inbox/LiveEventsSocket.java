package io.meridian.inbox;

import io.meridian.conversation.ChatHub;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Role;
import io.meridian.web.LiveConnections;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code /api/v1/live}: a signed-in agent's WebSocket of inbox events (new conversations, messages, closings),
 * used by the console page and by API clients alike. Server to client only; anything the client sends is ignored.
 */
public final class LiveEventsSocket {

    private final ChatHub hub;
    private final LiveConnections live;

    public LiveEventsSocket(ChatHub hub, LiveConnections live) {
        this.hub = hub;
        this.live = live;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/live").handler(ConsoleSecurity.requireRole(Role.AGENT)).handler(ctx ->
                ctx.request().toWebSocket().onSuccess(socket -> {
                    live.consoleOpened();
                    MessageConsumer<JsonObject> consumer = hub.subscribeInbox(event -> socket.writeTextMessage(event.encode()));
                    socket.textMessageHandler(ignored -> { });
                    socket.binaryMessageHandler(ignored -> { });
                    socket.closeHandler(v -> {
                        live.consoleClosed();
                        consumer.unregister();
                    });
                }).onFailure(ctx::fail));
    }
}
