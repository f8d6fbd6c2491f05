package io.meridian.translation;

import io.meridian.inbox.ConversationExtras;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the translations of a conversation's messages to the console's conversation page (model entry
 * {@code translations}: message id to {@link MessageTranslation}, in the language the signed-in agent reads) after
 * what the other capabilities add; and {@code reviewOutgoing}, whether the reply form leads to the review of the
 * outgoing translation (the conversation's team's choice, else the node's).
 */
public final class TranslationExtras {

    /** How long the conversation page waits for translations into the reading agent's language. */
    static final long PAGE_WAIT_MILLIS = 1_500;

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
        String agentId = agent == null ? null : agent.id();
        // The page waits a moment for on-demand translations (never longer than the translation timeout); the rest
        // arrive live on the agent's console.
        long wait = Math.min(PAGE_WAIT_MILLIS, translator.service().settings().timeoutMillis());
        Future<Boolean> review = translator.reviewsOutgoing(conversationId);
        return translator.forReader(conversationId, agentId, wait).compose(list -> review.map(reviewOutgoing -> {
            Map<String, MessageTranslation> byMessage = new LinkedHashMap<>();
            list.forEach(t -> byMessage.put(t.messageId(), t));
            Map<String, Object> model = new HashMap<>();
            model.put("translations", byMessage);
            model.put("reviewOutgoing", reviewOutgoing);
            return model;
        })).otherwise(e -> Map.of()); // the page shows the originals even when translations cannot be read
    }
}
