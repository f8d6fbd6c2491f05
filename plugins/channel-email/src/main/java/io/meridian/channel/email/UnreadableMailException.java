package io.meridian.channel.email;

/**
 * A mail from which nothing usable can be made (no sender address, unreadable header block). It stays in the
 * mailbox, flagged so it is not fetched again. The message names the problem without personal data, for the log.
 */
final class UnreadableMailException extends Exception {

    private static final long serialVersionUID = 1L;

    UnreadableMailException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
