package io.meridian.translation;

import io.meridian.conversation.ConversationRecords;
import io.meridian.conversation.ConversationFacts;
import io.meridian.spi.translation.LanguagePair;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The languages on either side of a conversation. The agents' side follows who reads it (the
 * {@link TranslationAudience}): the agent's own reading language, else the team's first language, else the node-wide
 * {@code translation.agent-language}; the team also chooses whether replies are reviewed. The customer's side is the
 * contact's known language, else that of the customer's latest message.
 */
final class ConversationLanguages {

    /** The messages are the conversation capability's: asked of it, in the caller's work. */
    private static final ConversationRecords CONVERSATIONS = new ConversationRecords();

    private final TranslationService service;
    private final TranslationAudience audience;
    private final ReplyLanguage replyLanguage;

    ConversationLanguages(TranslationService service, TranslationAudience audience, ReplyLanguage replyLanguage) {
        this.service = service;
        this.audience = Objects.requireNonNull(audience, "audience");
        this.replyLanguage = Objects.requireNonNull(replyLanguage, "replyLanguage");
    }

    /** The language the agent reads customer messages in; empty for no agent or one who chose none. */
    Optional<String> readingLanguage(String agentId) {
        return agentId == null ? Optional.empty() : audience.readingLanguage(agentId);
    }

    /**
     * The language an agent's reply {@code text} is written in: the text's own when it is clear about it, else
     * {@link #languageFor} (see {@link ReplyLanguage}).
     */
    Future<String> languageOfReply(String agentId, String conversationId, String text) {
        return languageFor(agentId, conversationId).compose(expected -> replyLanguage.of(text, expected));
    }

    /**
     * Both: what the text is written in, and what the agent expects to write in: their reading language, else the
     * language of the console they are using ({@code consoleLanguage}: "same as my browser").
     */
    Future<ReplyLanguages> replyLanguages(String agentId, String conversationId, String text, String consoleLanguage) {
        Optional<String> own = readingLanguage(agentId);
        Future<String> expected = own.isPresent() || consoleLanguage != null
                ? Future.succeededFuture(own.orElse(consoleLanguage)) : languageFor(agentId, conversationId);
        return expected.compose(e -> replyLanguage.of(text, e).map(written -> new ReplyLanguages(written, e)));
    }

    /** The language a reply is written in, and the one its writer's settings say; the console warns when they differ. */
    record ReplyLanguages(String written, String expected) {
        boolean differ() {
            return !sameLanguage(written, expected);
        }
    }

    /** See {@link ConversationTranslator#languageFor}. */
    Future<String> languageFor(String agentId, String conversationId) {
        Optional<String> own = readingLanguage(agentId);
        if (own.isPresent()) {
            return Future.succeededFuture(own.get());
        }
        String node = service.settings().agentLanguage();
        return audience.readers(conversationId).map(readers -> {
            if (agentId == null && readers.assignedAgentId() != null) {
                Optional<String> assigned = readingLanguage(readers.assignedAgentId());
                if (assigned.isPresent()) {
                    return assigned.get();
                }
            }
            return readers.teamLanguage() != null ? readers.teamLanguage() : node;
        }).otherwise(node);
    }

    /** Whether replies in this conversation go through the review step: the team's choice, else the node's. */
    Future<Boolean> reviewsOutgoing(String conversationId) {
        boolean node = service.settings().reviewOutgoing();
        return audience.readers(conversationId)
                .map(r -> r.teamReviewsOutgoing() == null ? node : r.teamReviewsOutgoing()).otherwise(node);
    }

    /** The customer's language: the contact's known one, else that of their latest message; null if neither. */
    static String customers(Connection c, ConversationFacts facts, String conversationId) throws SQLException {
        return facts.language() != null ? facts.language() : lastWrittenIn(c, conversationId);
    }

    /** Whether the two tags name one language (or are no valid pair): then there is nothing to translate. */
    static boolean sameLanguage(String a, String b) {
        try {
            LanguagePair.of(a, b);
            // Chinese variants differ in script, so they never count as one language.
            return primary(a).equals(primary(b)) && !a.startsWith("zh");
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String primary(String tag) {
        return tag.strip().toLowerCase(Locale.ROOT).split("-")[0];
    }

    /** The language of the customer's latest message with a detected language, or null. */
    private static String lastWrittenIn(Connection c, String conversationId) throws SQLException {
        return CONVERSATIONS.lastCustomerLanguage(c, conversationId).orElse(null);
    }
}
