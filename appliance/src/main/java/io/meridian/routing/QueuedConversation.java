package io.meridian.routing;

import java.time.Instant;
import java.util.Comparator;

/**
 * A conversation waiting in a team's queue. {@code strictLanguage}: only an agent speaking {@code language} may take
 * it (set when the team has such agents; otherwise any agent of the team may, so nothing waits forever).
 * {@code version} is the routing row's version, which the assignment's conditional update checks.
 */
public record QueuedConversation(String conversationId, String teamId, int priority, String language, String skill,
        boolean strictLanguage, Instant queuedAt, long version) {

    /** Highest priority first, then oldest first; the id makes the order total. */
    static final Comparator<QueuedConversation> ORDER = Comparator.comparingInt(QueuedConversation::priority).reversed()
            .thenComparing(QueuedConversation::queuedAt)
            .thenComparing(QueuedConversation::conversationId);

    QueuedConversation withVersion(long v) {
        return new QueuedConversation(conversationId, teamId, priority, language, skill, strictLanguage, queuedAt, v);
    }

    QueuedConversation inTeam(String team, boolean strict) {
        return new QueuedConversation(conversationId, team, priority, language, skill, strict, queuedAt, version);
    }
}
