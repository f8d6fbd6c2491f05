package io.meridian.conversation;

/**
 * The result of recognising a widget visitor: the token the widget keeps (new when {@code created}), and the contact
 * it stands for.
 */
public record VisitorIdentity(String visitorToken, String contactId, boolean created) {
}
