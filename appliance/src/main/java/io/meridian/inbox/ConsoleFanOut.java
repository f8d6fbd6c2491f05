package io.meridian.inbox;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.InboxEvent;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The inbox events of this node's consoles: one subscription to the inbox address, each event turned into its JSON
 * frame once and that text written to every console's socket. Per-socket subscriptions encoded every event once per
 * socket, which made the event loop's work grow with the number of agents signed in (docs/benchmarks.md).
 */
final class ConsoleFanOut {

    private final ChatHub hub;
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ConsoleFanOut(ChatHub hub) {
        this.hub = hub;
    }

    /** The socket gets every inbox event from now on; the node subscribes with its first console. */
    void add(ServerWebSocket socket) {
        if (subscribed.compareAndSet(false, true)) {
            hub.subscribeInbox(this::publish);
        }
        sockets.add(socket);
    }

    void remove(ServerWebSocket socket) {
        sockets.remove(socket);
    }

    private void publish(InboxEvent event) {
        if (sockets.isEmpty()) {
            return;
        }
        String frame = event.inboxFrame().encode();
        for (ServerWebSocket socket : sockets) {
            socket.writeTextMessage(frame);
        }
    }
}
