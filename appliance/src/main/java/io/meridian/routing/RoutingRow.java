package io.meridian.routing;

import java.time.Instant;

/**
 * Where one routed conversation stands, as stored in {@code conversation_routing}: state ({@code QUEUED},
 * {@code ASSIGNED}, {@code CLOSED}), team, agent, queue priority and the version the conditional updates check.
 */
record RoutingRow(String conversationId, String teamId, String agentId, String state, int priority,
        String language, String skill, boolean strictLanguage, Instant queuedAt, Instant assignedAt, long version) {

    boolean assigned() {
        return "ASSIGNED".equals(state);
    }

    QueuedConversation asQueued() {
        return new QueuedConversation(conversationId, teamId, priority, language, skill, strictLanguage, queuedAt,
                version);
    }
}
