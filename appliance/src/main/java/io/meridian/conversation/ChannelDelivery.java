package io.meridian.conversation;

import java.util.List;

/**
 * What a channel connector needs to send one stored reply: the message (decrypted), the customer's address on the
 * channel and the thread it answers. {@code displayName}, {@code subject} and {@code inReplyTo} (the channel's id of
 * the customer's latest message) may be null. {@code automatic} when Meridian wrote it itself (the off-hours reply),
 * not an agent: the channel marks it so, and automatic answers on the customer's side do not answer it.
 * {@code attachments}: the reply's files, opened, in order (none for most replies).
 */
public record ChannelDelivery(String conversationId, String channel, String messageId, String identityKind,
        String address, String displayName, String subject, String inReplyTo, String text, String agentName,
        boolean automatic, List<AttachmentFile> attachments) {

    public ChannelDelivery {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The same reply with the text the customer is to receive. */
    public ChannelDelivery withText(String value) {
        return new ChannelDelivery(conversationId, channel, messageId, identityKind, address, displayName, subject,
                inReplyTo, value, agentName, automatic, attachments);
    }
}
