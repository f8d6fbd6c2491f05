package io.meridian.contact;

import java.time.Instant;

/** One recorded merge: {@code mergedContactId} was merged into {@code intoContactId} by an agent at a time. */
public record ContactMerge(String id, String mergedContactId, String intoContactId, String agentId,
        String agentUsername, int identitiesMoved, int conversationsJoined, Instant mergedAt) {
}
