package io.meridian.conversation;

/** Who wrote a message. */
public enum Author {
    /** The customer, through the widget or a channel. */
    VISITOR,
    /** A console user. */
    AGENT,
    /** Meridian itself (greetings, off-hours replies, notices). */
    SYSTEM
}
