package io.meridian.routing;

import io.meridian.conversation.AgentEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A colleague @mentioned the agent in an internal note: the agent's consoles show a notice. Carries the author's
 * name and the note's first 140 characters (personal data).
 */
public record AgentMentioned(String conversationId, String noteId, String from, String text, Instant at)
        implements AgentEvent {

    @Override
    public JsonObject agentFrame() {
        return new JsonObject().put("type", "mention").put("conversationId", conversationId).put("noteId", noteId)
                .put("from", from).put("text", text).put("at", at == null ? null : at.toString());
    }
}
