package io.meridian.conversation;

/**
 * The outcome of appending a message: the stored message; {@code duplicate} when it was a resend of a message
 * already stored (nothing was written, and the first copy is returned); {@code conversationOpened} when the append
 * opened a conversation: a new one, or ({@code reopened}) a closed one the customer's message answered, which
 * routing and the inbox then treat like a new one.
 */
public record Appended(ChatMessage message, boolean duplicate, boolean conversationOpened, boolean reopened) {

    public Appended(ChatMessage message, boolean duplicate, boolean conversationOpened) {
        this(message, duplicate, conversationOpened, false);
    }
}
