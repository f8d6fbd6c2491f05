package io.meridian.conversation;

/**
 * The outcome of appending a message: the stored message; {@code duplicate} when it was a resend of a message
 * already stored (nothing was written, and the first copy is returned); {@code conversationOpened} when the append
 * opened a new conversation.
 */
public record Appended(ChatMessage message, boolean duplicate, boolean conversationOpened) {
}
