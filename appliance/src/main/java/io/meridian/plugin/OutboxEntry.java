package io.meridian.plugin;

import java.time.Instant;

/**
 * One reply in the channel outbox, as the console and the API show it: PENDING (waiting or retrying), SENT, or
 * FAILED (refused for good by the connector, or its instance was deleted; kept, and queued again on the admin's
 * request). {@code delivery} is the connector's latest receipt (DELIVERED, READ...), if any. {@code lastError} says
 * why the last attempt failed (null if none did), {@code lastErrorAt} when.
 */
public record OutboxEntry(String id, String conversationId, String messageId, String status, int attempts,
        Instant nextAttemptAt, Instant createdAt, Instant sentAt, String delivery, SendFailure lastError,
        Instant lastErrorAt) {

    public boolean pending() {
        return OutboxRecords.PENDING.equals(status);
    }

    public boolean failed() {
        return OutboxRecords.FAILED.equals(status);
    }
}
