package io.meridian.conversation;

import java.util.List;

/**
 * A customer's message that arrived through a channel connector, as the conversation capability stores it.
 * {@code channel} is the connector instance it came through (it becomes {@code conversations.channel});
 * {@code identityKind} and {@code address} say who sent it ("email" and the address, "telegram" and a user id...)
 * and find the contact again through a blind index; {@code externalId} is the channel's id of the message, which
 * makes a redelivery idempotent. {@code displayName} and {@code subject} may be null. {@code automatic} says a
 * machine wrote it (an auto-reply or a bounce): it is stored like any message but nothing answers it automatically.
 * {@code threadConversationId} (may be null) is the conversation the message's thread names (an e-mail's
 * In-Reply-To, References or subject token): the message joins it, reopened if closed, when it is a conversation of
 * the same contact on the same channel; otherwise it is ignored. {@code attachments} are the files it carried,
 * before the {@link AttachmentLimits} decided on them: those that pass are stored with the message, in its
 * transaction; the message's text says which were not kept and why.
 */
public record ChannelInbound(String channel, String identityKind, String address, String displayName,
        String externalId, String subject, String text, boolean automatic, String threadConversationId,
        List<NewAttachment> attachments) {

    public ChannelInbound {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public ChannelInbound(String channel, String identityKind, String address, String displayName,
            String externalId, String subject, String text, boolean automatic) {
        this(channel, identityKind, address, displayName, externalId, subject, text, automatic, null, List.of());
    }

    /** A message a person wrote. */
    public ChannelInbound(String channel, String identityKind, String address, String displayName,
            String externalId, String subject, String text) {
        this(channel, identityKind, address, displayName, externalId, subject, text, false, null, List.of());
    }

    /** The same message, naming the conversation its thread belongs to (null: none). */
    public ChannelInbound inThread(String conversationId) {
        return new ChannelInbound(channel, identityKind, address, displayName, externalId, subject, text, automatic,
                conversationId, attachments);
    }

    /** The same message carrying {@code files}. */
    public ChannelInbound withAttachments(List<NewAttachment> files) {
        return new ChannelInbound(channel, identityKind, address, displayName, externalId, subject, text, automatic,
                threadConversationId, files);
    }

    /** The same message saying {@code value} (the text with the notes on files not kept). */
    ChannelInbound withText(String value) {
        return new ChannelInbound(channel, identityKind, address, displayName, externalId, subject, value, automatic,
                threadConversationId, attachments);
    }
}
