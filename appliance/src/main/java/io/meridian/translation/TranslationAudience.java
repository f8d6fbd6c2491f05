package io.meridian.translation;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Who reads a conversation, as translation needs to know it: the language each agent reads customer messages in, and
 * the conversation's assigned agent and team (whose first language and review choice apply when no agent's language
 * is known). {@link #NODE_WIDE} knows nobody: the node-wide {@code translation.*} settings apply.
 */
public interface TranslationAudience {

    /**
     * The conversation's assigned agent (null while queued or unrouted), its team's first language (null if none)
     * and the team's review-outgoing choice (null: the node-wide setting).
     */
    record Readers(String assignedAgentId, String teamLanguage, Boolean teamReviewsOutgoing) {
        static final Readers NONE = new Readers(null, null, null);
    }

    TranslationAudience NODE_WIDE = new TranslationAudience() {
        @Override
        public Optional<String> readingLanguage(String agentId) {
            return Optional.empty();
        }

        @Override
        public Future<Readers> readers(String conversationId) {
            return Future.succeededFuture(Readers.NONE);
        }
    };

    /** The language the agent reads customer messages in; empty when the agent chose none (nor a console language). */
    Optional<String> readingLanguage(String agentId);

    Future<Readers> readers(String conversationId);
}
