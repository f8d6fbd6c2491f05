package io.meridian.routing;

import io.meridian.conversation.InboxEvent;
import io.vertx.core.json.JsonObject;

/** Teams, profiles or calendars changed ({@code change}: team, agent, calendar, reload): routing pages redraw. */
public record RoutingSetupChanged(String change) implements InboxEvent {

    @Override
    public JsonObject inboxFrame() {
        return new JsonObject().put("type", RoutingBasics.SETUP_EVENT).put("change", change);
    }
}
