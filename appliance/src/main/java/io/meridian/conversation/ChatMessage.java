package io.meridian.conversation;

import java.time.Instant;

/**
 * One stored message, decrypted. {@code seq} numbers the messages of a conversation 1, 2, 3... without gaps.
 * {@code authorId} is the contact id for a visitor and the account id for an agent; {@code authorName} is set for
 * agents only (a visitor's name is the conversation's {@code contactName}). {@code clientMessageId} is the sender's
 * id that makes a resend idempotent; it may be null.
 */
public record ChatMessage(String id, String conversationId, long seq, Author author, String authorId,
        String authorName, String clientMessageId, String text, Instant createdAt) {
}
