package io.meridian.conversation;

/** Whether a conversation still takes messages from agents. A visitor writing after closing opens a new one. */
public enum ConversationStatus {
    OPEN,
    CLOSED
}
