package io.meridian.conversation;

/**
 * What a channel connector needs to send one stored reply: the message (decrypted), the customer's address on the
 * channel and the thread it answers. {@code displayName}, {@code subject} and {@code inReplyTo} (the channel's id of
 * the customer's latest message) may be null.
 */
public record ChannelDelivery(String conversationId, String channel, String messageId, String identityKind,
        String address, String displayName, String subject, String inReplyTo, String text, String agentName) {
}
