package io.meridian.routing;

import java.time.Instant;
import java.util.List;

/**
 * A new conversation as routing sees it: its channel, the customer's language (primary subtag, null if unknown), the
 * skill the queue rules asked for (null if none), its queue priority with the names of the rules that set it, and
 * when it arrived.
 */
public record Inquiry(String conversationId, String channel, String language, String skill, int priority,
        List<String> matchedRules, Instant arrivedAt) {

    public Inquiry {
        matchedRules = List.copyOf(matchedRules);
    }
}
