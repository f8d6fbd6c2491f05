/**
 * Channels: the connectors that carry conversations to and from customers (e-mail, WhatsApp, Telegram, LINE, SMS...).
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link io.meridian.spi.channel.ChannelConnectorFactory}: the PF4J extension point; describes the channel
 *       and creates one {@link io.meridian.spi.channel.ChannelConnector} per account.</li>
 *   <li>{@link io.meridian.spi.channel.ChannelConnector}: sends {@link io.meridian.spi.channel.OutboundMessage}s,
 *       answers webhooks, polls.</li>
 *   <li>{@link io.meridian.spi.channel.ChannelContext}: the appliance side; takes inbound messages and delivery
 *       receipts.</li>
 * </ul>
 *
 * <h2>Inbound</h2>
 * A webhook connector (capability {@link io.meridian.spi.channel.ChannelCapabilities#INBOUND_WEBHOOK}) is reached at
 * {@code /hooks/{plugin}/{instance}}: the appliance hands it the raw request in
 * {@link io.meridian.spi.channel.ChannelConnector#onWebhook}, and the connector verifies the signature, parses the
 * body and passes each message to {@link io.meridian.spi.channel.ChannelContext#receive}. A polling connector
 * ({@link io.meridian.spi.channel.ChannelCapabilities#INBOUND_POLLING}) is called in
 * {@link io.meridian.spi.channel.ChannelConnector#poll()} at its
 * {@link io.meridian.spi.channel.ChannelConnector#pollInterval()} and does the same with what it fetched.
 * {@code receive} returns only once the message is committed, so a connector acknowledges to the remote side (or
 * deletes the fetched mail) only after it returned.
 *
 * <h2>Outbound</h2>
 * Agent replies go through the appliance's transactional outbox: {@link io.meridian.spi.channel.ChannelConnector#send}
 * is retried after a retryable failure with the same {@link io.meridian.spi.channel.OutboundMessage#outboxId()}, which
 * is the idempotency key.
 *
 * <p>Threading: see {@link io.meridian.spi}; all calls come off the event loop, on the plugin's executor, with a
 * timeout, and may block.
 */
package io.meridian.spi.channel;
