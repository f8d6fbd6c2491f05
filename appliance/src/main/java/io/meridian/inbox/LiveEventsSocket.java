package io.meridian.inbox;

import io.meridian.conversation.AgentEvent;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.PersonalDataMasking;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.meridian.web.LiveConnections;
import io.meridian.web.WebSocketUpgrades;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.Router;

/**
 * {@code /api/v1/live}: a signed-in agent's WebSocket of inbox events (new conversations, messages, closings),
 * used by the console page and by API clients alike. Server to client only; anything the client sends is ignored.
 * It also carries the events addressed to the signed-in agent alone, and its opening and closing drive presence.
 */
public final class LiveEventsSocket {

    private final ChatHub hub;
    private final LiveConnections live;
    private final ConsoleFanOut inbox;

    public LiveEventsSocket(ChatHub hub, LiveConnections live) {
        this.hub = hub;
        this.live = live;
        this.inbox = new ConsoleFanOut(hub);
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/live").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(ctx ->
                WebSocketUpgrades.accept(ctx).onSuccess(socket -> {
                    live.consoleOpened();
                    SignedInAgent agent = ConsoleSecurity.agent(ctx);
                    inbox.add(socket, agent.access(), ConsoleSecurity.readScope(ctx));
                    // Events for this agent only (assignments, @mentions); the connection itself drives presence.
                    boolean masked = !agent.may(Permission.PERSONAL_DATA_UNMASKED);
                    MessageConsumer<AgentEvent> personal = hub.subscribeAgent(agent.id(), event -> socket
                            .writeTextMessage((masked ? PersonalDataMasking.json(event.agentFrame(), null)
                                    : event.agentFrame()).encode()));
                    hub.consoleConnection(agent.id(), agent.username(), true);
                    // An admin ended the agent's sessions: the live events stop with them.
                    MessageConsumer<String> ended = ctx.vertx().eventBus().<String>localConsumer(
                            ConsoleSecurity.SESSIONS_ENDED_ADDRESS, m -> {
                                if (agent.id().equals(m.body())) {
                                    socket.close((short) 1008, "signed out");
                                }
                            });
                    // The agent's role changed or went: reconnecting takes the access it has now.
                    MessageConsumer<String> roleChanged = ctx.vertx().eventBus().<String>localConsumer(
                            ConsoleSecurity.ROLE_CHANGED_ADDRESS, m -> {
                                if (m.body().equals(agent.access().roleId())) {
                                    socket.close((short) 1012, "role changed");
                                }
                            });
                    socket.textMessageHandler(ignored -> { });
                    socket.binaryMessageHandler(ignored -> { });
                    socket.closeHandler(v -> {
                        live.consoleClosed();
                        inbox.remove(socket);
                        personal.unregister();
                        ended.unregister();
                        roleChanged.unregister();
                        hub.consoleConnection(agent.id(), agent.username(), false);
                    });
                }).onFailure(ctx::fail));
    }
}
