package io.meridian.spi.channel;

import io.meridian.spi.ConnectorContext;

/**
 * The appliance's side of a channel instance: where inbound messages and delivery receipts go.
 *
 * <p>Thread-safe; may be called from any thread, including the connector's own, between {@code start} and
 * {@code close}. Calls block until the appliance has committed the data.
 */
public interface ChannelContext extends ConnectorContext {

    /**
     * Delivers one inbound message to the appliance. Returns only after the message is durably committed, so the
     * connector may then acknowledge it to the remote side. Idempotent on {@link InboundMessage#externalId()}: a
     * message received again (a retried webhook, a mail fetched twice) is not stored twice; the call returns the same
     * conversation and message ids with {@code duplicate == true}.
     *
     * @param message the message
     * @return where it was stored
     * @throws io.meridian.spi.ConnectorException retryable if the appliance could not commit it now (the connector
     *         should leave it on the remote side, or answer its webhook with 503, and let it come again)
     * @throws Exception for anything else
     */
    ReceiveResult receive(InboundMessage message) throws Exception;

    /**
     * Reports what happened to a message sent earlier, identified by the {@link SendResult#externalId()} that
     * {@link ChannelConnector#send} returned. Receipts for unknown ids are ignored.
     *
     * @param receipt the receipt
     * @throws Exception if it could not be recorded
     */
    void deliveryUpdate(DeliveryReceipt receipt) throws Exception;

    /**
     * Reports an inbound item the connector has set aside: it could not be taken in after repeated attempts and will
     * not be tried again by itself (e.g. a mail whose reading always broke the connection, now flagged in the
     * mailbox). The appliance shows it to admins with the instance and counts it; nothing is stored in a
     * conversation. The sender and subject are personal data: the appliance shows them to admins only and never
     * logs them; a connector logs no more than {@code reference} either.
     *
     * <p>The default does nothing, for appliances that do not show set-aside items.
     *
     * @param reference where the item stays on the remote side, without personal data, e.g.
     *        {@code UID 42 (UIDVALIDITY 7) in folder INBOX}
     * @param sender who sent it as far as known, or {@code null}
     * @param subject its subject as far as known, or {@code null}
     * @param reason why it was set aside and how to have it taken in again, for the admin
     * @since 1.1.0
     */
    default void setAside(String reference, String sender, String subject, String reason) {
    }
}
