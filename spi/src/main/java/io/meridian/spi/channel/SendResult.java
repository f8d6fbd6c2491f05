package io.meridian.spi.channel;

/**
 * The outcome of a successful {@link ChannelConnector#send(OutboundMessage)}. Immutable.
 *
 * @param externalId the id the remote side gave the message (a Message-ID, an API message id); delivery receipts
 *        and replies refer to it
 */
public record SendResult(String externalId) {

    /** Validates. */
    public SendResult {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("SendResult externalId must not be blank");
        }
    }
}
