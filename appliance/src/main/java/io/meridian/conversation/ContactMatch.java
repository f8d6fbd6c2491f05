package io.meridian.conversation;

/** A contact a search found: its id and name (null when the customer gave none). */
public record ContactMatch(String contactId, String name) {
}
