package io.meridian.conversation;

/** A stored attachment of a message, described without its content (name and type opened with the contact's key). */
public record StoredAttachment(String id, String messageId, String conversationId, String name, String mediaType,
        long sizeBytes) {
}
