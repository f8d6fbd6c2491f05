package io.meridian.spi.channel;

/**
 * Where the appliance stored an inbound message, returned by {@link ChannelContext#receive(InboundMessage)}.
 * Immutable.
 *
 * @param conversationId the conversation the message joined (new or existing)
 * @param messageId the appliance's id of the stored message
 * @param duplicate {@code true} if the same external id had been received before and nothing new was stored
 */
public record ReceiveResult(String conversationId, String messageId, boolean duplicate) {

    /** Validates. */
    public ReceiveResult {
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("ReceiveResult conversationId must not be blank");
        }
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("ReceiveResult messageId must not be blank");
        }
    }
}
