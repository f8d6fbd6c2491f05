package io.meridian.search;

import java.time.Instant;

/** A message as the index holds it: its words (as keyed terms only), its conversation and when it was written. */
record IndexedMessage(String id, String conversationId, String text, Instant createdAt) {
}
