package io.meridian.routing;

import io.meridian.conversation.AgentEvent;
import io.meridian.conversation.InboxEvent;
import io.vertx.core.json.JsonObject;

/**
 * Where routing sent a conversation ({@code outcome}: assigned, queued, off-hours, transferred), to every console;
 * to the agent who got it (if any) as an assignment. Ids and routing's reason only, no personal data.
 */
public record ConversationRouted(String conversationId, String outcome, String teamId, String agentId, String reason)
        implements InboxEvent, AgentEvent {

    @Override
    public JsonObject inboxFrame() {
        return frame(RoutingBasics.ROUTED_EVENT);
    }

    @Override
    public JsonObject agentFrame() {
        return frame("conversation.assigned");
    }

    private JsonObject frame(String type) {
        return new JsonObject().put("type", type).put("conversationId", conversationId).put("outcome", outcome)
                .put("teamId", teamId).put("agentId", agentId).put("reason", reason);
    }
}
