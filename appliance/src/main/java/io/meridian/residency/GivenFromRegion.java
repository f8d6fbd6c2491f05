package io.meridian.residency;

import io.meridian.conversation.AgentEvent;
import io.vertx.core.json.JsonObject;

/**
 * Routing of this region gave the agent a conversation another region offered it (follow the sun across regions):
 * the agent's consoles show a notice that opens it. Ids and the region only.
 */
public record GivenFromRegion(String region, String conversationId) implements AgentEvent {

    @Override
    public JsonObject agentFrame() {
        return new JsonObject().put("type", "region.given").put("region", region)
                .put("conversationId", conversationId);
    }
}
