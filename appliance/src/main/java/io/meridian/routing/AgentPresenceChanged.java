package io.meridian.routing;

import io.meridian.conversation.InboxEvent;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** An agent's presence changed, and why (a fixed phrase of routing's): every console shows it. */
public record AgentPresenceChanged(String agentId, Presence presence, String why) implements InboxEvent {

    @Override
    public JsonObject inboxFrame() {
        return new JsonObject().put("type", RoutingBasics.PRESENCE_EVENT).put("agentId", agentId)
                .put("presence", presence.name().toLowerCase(Locale.ROOT)).put("why", why);
    }
}
