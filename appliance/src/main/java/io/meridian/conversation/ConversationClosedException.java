package io.meridian.conversation;

/** An agent tried to write into a closed conversation. */
public final class ConversationClosedException extends RuntimeException {

    public ConversationClosedException(String conversationId) {
        super("Conversation " + conversationId + " is closed");
    }
}
