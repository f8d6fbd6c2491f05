package io.meridian.search;

import java.time.Instant;

/**
 * A conversation as the index holds it: what it is filtered and sorted by, and the contact's name (indexed as keyed
 * terms only). Any of team, agent, language, region and name may be null.
 */
record IndexedConversation(String id, String contactId, String status, String channel, String team, String agent,
        String language, String region, String name, Instant createdAt, Instant lastActivityAt) {
}
