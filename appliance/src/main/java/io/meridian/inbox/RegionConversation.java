package io.meridian.inbox;

import java.time.Instant;

/**
 * One open conversation homed in another region, as that region's policy lets this region see it: no contact name
 * ({@code contactName} null) unless the policy allows it, no preview under {@code deny}, and a contact id that outside
 * {@code allow} is a pseudonym ({@code shortContactId}, its first eight characters, for telling customers apart).
 */
public record RegionConversation(String region, String id, String channel, String status, String contactName,
        String shortContactId, String preview, Instant lastMessageAt, long messageCount,
        Instant customerWaitingSince, boolean assigned, boolean takenByYou) {
}
