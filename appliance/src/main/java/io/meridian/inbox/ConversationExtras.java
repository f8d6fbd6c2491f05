package io.meridian.inbox;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.Map;

/**
 * What another capability adds to the console's conversation page (e.g. routing: who has it, why, internal notes).
 * The returned entries are merged into the page's model; the conversation template includes their partials.
 */
@FunctionalInterface
public interface ConversationExtras {

    Future<Map<String, Object>> extras(String conversationId, SignedInAgent agent);
}
