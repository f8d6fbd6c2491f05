package io.meridian.spi.channel;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of a message sent earlier, reported through {@link ChannelContext#deliveryUpdate(DeliveryReceipt)}.
 * Immutable.
 *
 * @param externalId the id {@link ChannelConnector#send} returned in its {@link SendResult}
 * @param status the new status
 * @param at when the remote side says it happened
 * @param detail a reason for {@link Status#FAILED} (no personal data), or {@code null}
 */
public record DeliveryReceipt(String externalId, Status status, Instant at, String detail) {

    /** Delivery states, in the order a message normally passes them. */
    public enum Status {
        /** Accepted by the remote service. */
        SENT,
        /** Reached the customer's device or mailbox. */
        DELIVERED,
        /** Opened by the customer. */
        READ,
        /** Will not be delivered; {@code detail} says why. */
        FAILED
    }

    /** Validates. */
    public DeliveryReceipt {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("DeliveryReceipt externalId must not be blank");
        }
        Objects.requireNonNull(status, "DeliveryReceipt status");
        Objects.requireNonNull(at, "DeliveryReceipt at");
    }
}
