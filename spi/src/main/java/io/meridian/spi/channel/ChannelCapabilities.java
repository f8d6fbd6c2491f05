package io.meridian.spi.channel;

/**
 * The capability names a channel declares in its {@link io.meridian.spi.ConnectorDescriptor#capabilities()}.
 *
 * <p>The appliance uses them to decide what to offer: it lets agents attach files only on channels with
 * {@link #ATTACHMENTS}, mounts a webhook only for {@link #INBOUND_WEBHOOK}, and schedules
 * {@link ChannelConnector#poll()} only for {@link #INBOUND_POLLING}.
 */
public final class ChannelCapabilities {

    /** Sends and receives plain text. Every channel should declare it. */
    public static final String TEXT = "text";
    /** Sends and receives attachments. */
    public static final String ATTACHMENTS = "attachments";
    /** Supports pre-approved message templates (required by some messaging apps outside a session window). */
    public static final String TEMPLATES = "templates";
    /** Reports delivery and read receipts through {@link ChannelContext#deliveryUpdate(DeliveryReceipt)}. */
    public static final String DELIVERY_RECEIPTS = "delivery-receipts";
    /** Receives through {@link ChannelConnector#onWebhook(WebhookRequest)} at {@code /hooks/{plugin}/{instance}}. */
    public static final String INBOUND_WEBHOOK = "inbound-webhook";
    /** Receives through {@link ChannelConnector#poll()}, which the appliance calls on schedule. */
    public static final String INBOUND_POLLING = "inbound-polling";

    private ChannelCapabilities() {
    }
}
