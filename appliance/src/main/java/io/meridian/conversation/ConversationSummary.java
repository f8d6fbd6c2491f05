package io.meridian.conversation;

import java.time.Instant;

/**
 * A conversation as an inbox shows it. {@code contactName} is null when the visitor gave none;
 * {@code lastMessagePreview} is the decrypted start of the newest message (at most 140 characters), null before the
 * first message; {@code lastMessageAt} is null before the first message. {@code lastAuthor} wrote the newest message
 * (null before the first); {@code customerWaitingSince} is when the customer's unanswered messages began, null when
 * an agent answered last (a system text, such as an off-hours reply, is not an answer).
 */
public record ConversationSummary(String id, String contactId, String contactName, String channel,
        ConversationStatus status, Instant createdAt, Instant lastMessageAt, String lastMessagePreview,
        long messageCount, Author lastAuthor, Instant customerWaitingSince) {
}
