package io.meridian.widget;

import io.vertx.core.Future;
import java.util.Map;

/**
 * The translations a visitor was shown of a conversation's messages (the agents' replies in the visitor's language),
 * so the widget's history after a reload shows what it showed live. Offered by the translation capability.
 */
@FunctionalInterface
public interface VisitorTranslations {

    /** Message id to the translation shown for it; messages shown as written are absent. */
    Future<Map<String, Shown>> of(String conversationId);

    /** One message's text as the visitor read it, and its language tag. */
    record Shown(String language, String text) {
    }

    static VisitorTranslations none() {
        return conversationId -> Future.succeededFuture(Map.of());
    }
}
