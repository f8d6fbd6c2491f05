package io.meridian.spi.channel;

import java.time.Duration;

/**
 * One configured channel account (a mailbox, a bot, a phone number), created by a {@link ChannelConnectorFactory}.
 *
 * <h2>Lifecycle</h2>
 * {@code create} &rarr; {@link #start()} once &rarr; any number of {@link #send}, {@link #onWebhook} and
 * {@link #poll()} calls &rarr; {@link #close()}. If {@code create} or {@code start()} throws or times out, the
 * appliance closes the instance, marks it failed with the exception's message and later creates and starts a new one,
 * with back-off (a configuration that does not fit the descriptor is not retried until the admin changes it). The
 * appliance calls {@code close()}
 * when the account is disabled or reconfigured and when the node stops; it must release every resource (threads,
 * sockets) and must be idempotent: a second call does nothing.
 *
 * <h2>Threading</h2>
 * Every method is called off the event loop, on the plugin's bounded executor, with a timeout; methods may block.
 * {@code send}, {@code onWebhook} and {@code poll} may run concurrently with each other (several replies go out
 * while a webhook arrives), so an instance must be thread-safe; the appliance does not start a {@code poll()} while
 * the previous one is still running. {@code start} and {@code close} are not called concurrently with other calls
 * to the same instance, except that {@code close} may follow a call that timed out and was interrupted. Respond to
 * interruption: it is how a call that exceeded its timeout is cancelled.
 *
 * <h2>Errors</h2>
 * Throw {@link io.meridian.spi.ConnectorException} with {@code retryable} set truthfully: a non-retryable send
 * failure marks the outbound message failed for the admin to look at; anything else is retried with back-off.
 * Never put secrets or message text in exception messages: they are shown to the admin and logged.
 */
@SuppressWarnings("try") // close() may throw Exception, as AutoCloseable allows
public interface ChannelConnector extends AutoCloseable {

    /**
     * Called once after creation, before any other call: connect, log in, register the webhook with the remote side.
     *
     * @throws Exception if the account cannot be used; see the class comment for how the appliance retries
     */
    default void start() throws Exception {
    }

    /**
     * Sends one message. The appliance calls it from its transactional outbox: after a retryable failure or a timeout
     * it calls again with the same {@link OutboundMessage#outboxId()}, so use that as the idempotency key where the
     * remote side supports one. A message is sent at least once.
     *
     * @param message the message
     * @return the id the remote side gave the message, used to match delivery receipts and replies
     * @throws io.meridian.spi.ConnectorException with {@code retryable} telling whether to try again later
     * @throws Exception for anything unexpected; the outbox keeps the message and tries again with back-off
     */
    SendResult send(OutboundMessage message) throws Exception;

    /**
     * Handles a request the remote side sent to {@code /hooks/{plugin}/{instance}} (any method, any sub-path).
     * Verify it (signature, shared secret), parse it, hand each message to {@link ChannelContext#receive} and
     * each receipt to {@link ChannelContext#deliveryUpdate}, then answer. A request that is not for this connector,
     * or fails verification, gets a 4xx response, not an exception; throw only for a failure on our side (for
     * example {@link ChannelContext#receive} failed), which the appliance answers with a 5xx status so that the remote
     * side retries. A call that exceeds the timeout is answered 503 as well.
     *
     * @param request the raw request
     * @return the response the appliance writes back
     * @throws Exception for a failure on our side
     */
    default WebhookResponse onWebhook(WebhookRequest request) throws Exception {
        return WebhookResponse.status(404);
    }

    /**
     * Fetches what arrived since the last call and hands each message to {@link ChannelContext#receive} (and each
     * receipt to {@link ChannelContext#deliveryUpdate}). Called on schedule, every {@link #pollInterval()}, only for
     * connectors declaring {@link ChannelCapabilities#INBOUND_POLLING}. Acknowledge or delete on the remote side only
     * after {@code receive} returned: it returns once the message is committed.
     *
     * @throws Exception on failure; the appliance logs it, records it as the instance's last error and polls again
     *         at the next interval
     */
    default void poll() throws Exception {
    }

    /**
     * Asked right after {@link #poll()} returned normally, on the same thread: did that poll stop with messages still
     * waiting on the remote side (its time was up before it had taken everything)? If so, the appliance polls again
     * at once instead of after {@link #pollInterval()}, so a backlog is taken without a pause between polls; after
     * a poll that threw, the appliance waits as usual. Answer only about the poll just finished, and cheaply (a field
     * set by {@code poll()}). The default, {@code false}, keeps the pause after every poll; an appliance older than
     * SPI 1.2.0 never asks, so a connector that answers it still runs there, with the pause.
     *
     * @return whether messages were left waiting when the last poll returned
     * @since 1.2.0
     */
    default boolean moreWaiting() {
        return false;
    }

    /**
     * @return the pause between two {@link #poll()} calls; read once after {@link #start()}; must be positive
     */
    default Duration pollInterval() {
        return Duration.ofSeconds(30);
    }

    /**
     * Releases everything the instance holds (connections, threads, helper processes). Called once the appliance no
     * longer uses the instance: when the admin disables or reconfigures it, when its plugin is reloaded, and when the
     * node stops; for a channel also after a failed {@code start()}. Must be idempotent: a second call does nothing. Called
     * off the event loop with a timeout, like every other method.
     *
     * @throws Exception if releasing failed; the appliance logs it and drops the instance anyway
     */
    @Override
    void close() throws Exception;
}
