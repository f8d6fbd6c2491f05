package io.meridian.inbox;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.InboxEvent;
import io.meridian.conversation.PersonalDataMasking;
import io.meridian.security.Access;
import io.meridian.security.Permission;
import io.meridian.security.ReadScope;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The inbox events of this node's consoles: one subscription to the inbox address, each event turned into its JSON
 * frame once and that text written to every console's socket. Per-socket subscriptions encoded every event once per
 * socket, which made the event loop's work grow with the number of agents signed in (docs/benchmarks.md).
 * Accounts whose role is scoped to teams or regions get only the events of conversations within their scope, asked
 * once per event and role, and in the order they happened. Accounts that do not see personal data get the frame
 * masked ({@link PersonalDataMasking#json}), made once per event too.
 */
final class ConsoleFanOut {

    private final ChatHub hub;
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<ServerWebSocket> maskedSockets = ConcurrentHashMap.newKeySet();
    private final Map<ServerWebSocket, Scoped> scoped = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /** A scoped console: its access, and the last write in line, after which the next event's goes. */
    private static final class Scoped {
        final Access access;
        final ReadScope scope;
        final boolean masked;
        Future<Void> tail = Future.succeededFuture();

        Scoped(Access access, ReadScope scope, boolean masked) {
            this.access = access;
            this.scope = scope;
            this.masked = masked;
        }
    }

    ConsoleFanOut(ChatHub hub) {
        this.hub = hub;
    }

    /** The socket gets every inbox event within {@code access}'s scope from now on, masked unless it may see all. */
    void add(ServerWebSocket socket, Access access, ReadScope scope) {
        if (subscribed.compareAndSet(false, true)) {
            hub.subscribeInbox(this::publish);
        }
        boolean masked = !access.may(Permission.PERSONAL_DATA_UNMASKED);
        if (access.scoped()) {
            scoped.put(socket, new Scoped(access, scope, masked));
        } else if (masked) {
            maskedSockets.add(socket);
        } else {
            sockets.add(socket);
        }
    }

    void remove(ServerWebSocket socket) {
        sockets.remove(socket);
        maskedSockets.remove(socket);
        scoped.remove(socket);
    }

    private void publish(InboxEvent event) {
        if (sockets.isEmpty() && maskedSockets.isEmpty() && scoped.isEmpty()) {
            return;
        }
        JsonObject json = event.inboxFrame();
        String frame = json.encode();
        for (ServerWebSocket socket : sockets) {
            socket.writeTextMessage(frame);
        }
        // Made at most once, and only if a socket needs it (one may connect while the event goes out).
        String[] masked = new String[1];
        Supplier<String> maskedFrame = () -> {
            if (masked[0] == null) {
                masked[0] = PersonalDataMasking.json(json.copy(), null).encode();
            }
            return masked[0];
        };
        for (ServerWebSocket socket : maskedSockets) {
            socket.writeTextMessage(maskedFrame.get());
        }
        String conversationId = json.getString("conversationId");
        Map<Access, Future<Boolean>> asked = new HashMap<>();
        scoped.forEach((socket, console) -> {
            Future<Boolean> within = conversationId == null ? Future.succeededFuture(true)
                    : asked.computeIfAbsent(console.access, access -> console.scope
                            .covers(access, ReadScope.Kind.CONVERSATION, conversationId).otherwise(false));
            console.tail = console.tail.transform(v -> within).map(ok -> {
                if (ok) {
                    socket.writeTextMessage(console.masked ? maskedFrame.get() : frame);
                }
                return null;
            });
        });
    }
}
