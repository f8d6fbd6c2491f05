package io.meridian.translation;

import io.meridian.inbox.ConversationExtras;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the translations of a conversation's messages to the console's conversation page (model entry
 * {@code translations}: message id to {@link MessageTranslation}) after what the other capabilities add; and
 * {@code reviewOutgoing}, whether the reply form offers the outgoing translation to check.
 */
public final class TranslationExtras {

    private TranslationExtras() {
    }

    public static ConversationExtras after(ConversationExtras others, ConversationTranslator translator) {
        return (conversationId, agent) -> others.extras(conversationId, agent)
                .compose(model -> translations(translator, conversationId, agent).map(more -> {
                    Map<String, Object> all = new HashMap<>(model);
                    all.putAll(more);
                    return all;
                }));
    }

    private static Future<Map<String, Object>> translations(ConversationTranslator translator,
            String conversationId, SignedInAgent agent) {
        return translator.ofConversation(conversationId).map(list -> {
            Map<String, MessageTranslation> byMessage = new LinkedHashMap<>();
            list.forEach(t -> byMessage.put(t.messageId(), t));
            Map<String, Object> model = new HashMap<>();
            model.put("translations", byMessage);
            model.put("reviewOutgoing", translator.service().settings().reviewOutgoing());
            return model;
        }).otherwise(e -> Map.of()); // the page shows the originals even when translations cannot be read
    }
}
