package io.meridian.contact;

import java.time.Instant;

/**
 * One conversation in a contact's history, on any channel: {@code ownerContactId} is the contact it was written
 * under (a merged contact's conversations keep their own data key), {@code channel} is "web" or a connector instance.
 */
public record ContactConversation(String id, String ownerContactId, String channel, String status, Instant createdAt,
        Instant lastActivityAt, long messageCount) {
}
