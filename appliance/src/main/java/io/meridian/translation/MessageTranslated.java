package io.meridian.translation;

import io.meridian.conversation.AgentEvent;
import io.meridian.conversation.ConversationEvent;
import io.vertx.core.json.JsonObject;

/**
 * A message's translation into {@code language} is ready: an agent's reply in the customer's language goes to the
 * customer's widget, a customer's message in an agent's reading language to that agent's consoles. Carries the
 * translated text (personal data).
 */
public record MessageTranslated(String conversationId, String messageId, String source, String language, String text,
        String engine) implements ConversationEvent, AgentEvent {

    @Override
    public JsonObject widgetFrame() {
        return new JsonObject().put("type", "translation").put("messageId", messageId).put("language", language)
                .put("text", text);
    }

    @Override
    public JsonObject agentFrame() {
        return new JsonObject().put("type", "translation").put("conversationId", conversationId)
                .put("messageId", messageId).put("language", language).put("text", text).put("source", source)
                .put("engine", engine);
    }
}
