package io.meridian.conversation;

import java.util.Objects;

/**
 * What other capabilities do inside the transactions of channel conversations, handed to the conversation service
 * when it is built: where a reply on a channel conversation is queued for sending (the plugin host's outbox), and who
 * is told when a customer's message reopens a closed conversation (routing). Both run on the store's writer thread,
 * in the transaction that stores the message: both or neither.
 */
public record ChannelHooks(OutboundSink outbound, ConversationReopening reopening) {

    /** No outbox and no routing: replies stay in the conversation, reopenings are not told (tests of storage). */
    public static final ChannelHooks NONE = new ChannelHooks(OutboundSink.NONE, ConversationReopening.NONE);

    public ChannelHooks {
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(reopening, "reopening");
    }
}
