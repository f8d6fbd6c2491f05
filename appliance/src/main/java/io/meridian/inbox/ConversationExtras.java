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

    /** These extras and {@code other}'s, both asked at once, merged (other's entries win on a clash). */
    default ConversationExtras and(ConversationExtras other) {
        return (conversationId, agent) -> {
            Future<Map<String, Object>> mine = extras(conversationId, agent);
            Future<Map<String, Object>> theirs = other.extras(conversationId, agent);
            return Future.all(mine, theirs).map(v -> {
                Map<String, Object> merged = new java.util.HashMap<>(mine.result());
                merged.putAll(theirs.result());
                return merged;
            });
        };
    }
}
