package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.channel.ChannelCapabilities;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ChannelConnectorFactory} and its {@link ChannelConnector}s honour. Extend it in the
 * plugin's tests, point it at a fake of the remote service, and supply:
 * <ul>
 *   <li>{@link #channelFactory()} and {@link #validConfig()} (a configuration that works against the fake);</li>
 *   <li>{@link #recipient()}: an address the fake accepts sends to;</li>
 *   <li>for {@link ChannelCapabilities#INBOUND_WEBHOOK}: {@link #sampleWebhook()}, a request as the remote side
 *       would send it (signed if the connector verifies signatures);</li>
 *   <li>for {@link ChannelCapabilities#INBOUND_POLLING}: {@link #prepareInboundMessage()}, which puts one message
 *       on the fake for the next {@code poll()};</li>
 *   <li>optionally {@link #simulateRemoteOutage()}, to check that a send during an outage is retryable.</li>
 * </ul>
 *
 * <p>Checks, beyond {@link ConnectorFactoryContract}'s: capabilities are known names and include {@code text}; a
 * started connector sends and returns an external id; a send repeated with the same outbox id (a retry) succeeds; a
 * webhook request that is not for the connector is answered 4xx, not with an exception; a valid webhook delivers its
 * message to the context and a replay stores nothing twice; a poll delivers a prepared message; the poll interval is
 * positive.
 */
public abstract class ChannelConnectorContract extends ConnectorFactoryContract<ChannelConnector, ChannelContext> {

    private static final Set<String> KNOWN = Set.of(ChannelCapabilities.TEXT, ChannelCapabilities.ATTACHMENTS,
            ChannelCapabilities.TEMPLATES, ChannelCapabilities.DELIVERY_RECEIPTS, ChannelCapabilities.INBOUND_WEBHOOK,
            ChannelCapabilities.INBOUND_POLLING);

    /** @return a new factory, as PF4J would create it */
    protected abstract ChannelConnectorFactory channelFactory();

    /** @return an identity of this channel's kind that the test's remote side accepts messages for */
    protected abstract ChannelIdentity recipient();

    @Override
    protected final ConnectorFactory<ChannelConnector, ChannelContext> factory() {
        return channelFactory();
    }

    /** @return a recording context; override to change its ids or clock */
    @Override
    protected ChannelContext newContext() {
        return FakeChannelContext.builder().pluginId("test-" + channelFactory().id()).instanceId("contract").build();
    }

    /** @return the recording context of the instance created last */
    protected final FakeChannelContext fakeContext() {
        if (context() instanceof FakeChannelContext fake) {
            return fake;
        }
        return fail("newContext() must return a FakeChannelContext");
    }

    @Override
    protected void start(ChannelConnector instance) throws Exception {
        instance.start();
    }

    /**
     * @param outboxId the outbox id to use
     * @return the message the send checks use; by default a short text to {@link #recipient()}
     */
    protected OutboundMessage sampleMessage(String outboxId) {
        return OutboundMessage.builder(outboxId, "conversation-contract", recipient())
                .subject("Your order")
                .text("Hello from the Meridian contract test.")
                .locale("en")
                .build();
    }

    /**
     * @return a webhook request the remote side would send, carrying one new message; required when the descriptor
     *         declares {@link ChannelCapabilities#INBOUND_WEBHOOK}
     * @throws Exception if it cannot be made
     */
    protected Optional<WebhookRequest> sampleWebhook() throws Exception {
        return Optional.empty();
    }

    /**
     * @return a request that is not for this connector: by default a POST of a plain-text body with no signature
     */
    protected WebhookRequest foreignWebhook() {
        return WebhookRequest.builder("POST", "/")
                .header("content-type", "text/plain")
                .body("this request is not meant for this connector")
                .remoteAddress("192.0.2.1")
                .build();
    }

    /**
     * Puts one new inbound message on the test's remote side for the next {@code poll()}. Required when the
     * descriptor declares {@link ChannelCapabilities#INBOUND_POLLING}.
     *
     * @throws Exception if it cannot
     */
    protected void prepareInboundMessage() throws Exception {
        fail(getClass().getSimpleName() + " declares " + ChannelCapabilities.INBOUND_POLLING
                + " and must override prepareInboundMessage()");
    }

    /**
     * Makes the remote side unavailable (stops the fake server, or makes it answer 503).
     *
     * @return {@code true} if done; {@code false} (the default) skips the outage check
     * @throws Exception if it cannot
     */
    protected boolean simulateRemoteOutage() throws Exception {
        return false;
    }

    private boolean declares(String capability) {
        return channelFactory().descriptor().hasCapability(capability);
    }

    /** Verifies that the capabilities are names from {@link ChannelCapabilities} and include text. */
    @Test
    public void capabilitiesAreKnown() {
        Set<String> declared = channelFactory().descriptor().capabilities();
        for (String capability : declared) {
            assertTrue(KNOWN.contains(capability), "unknown channel capability '" + capability
                    + "'; use the constants of ChannelCapabilities");
        }
        assertTrue(declared.contains(ChannelCapabilities.TEXT), "a channel must declare " + ChannelCapabilities.TEXT);
    }

    /** Verifies that a started connector sends a message and returns the remote side's id for it. */
    @Test
    public void sendReturnsAnExternalId() throws Exception {
        ChannelConnector connector = newInstance();
        SendResult result = connector.send(sampleMessage("outbox-contract-1"));
        assertNotNull(result, "send() returned null");
        assertFalse(result.externalId().isBlank(), "send() must return the remote side's message id");
    }

    /** Verifies that a send retried with the same outbox id (as the outbox does after a timeout) succeeds again. */
    @Test
    public void retriedSendWithTheSameOutboxIdSucceeds() throws Exception {
        ChannelConnector connector = newInstance();
        SendResult first = connector.send(sampleMessage("outbox-contract-retry"));
        SendResult again = connector.send(sampleMessage("outbox-contract-retry"));
        assertNotNull(first);
        assertNotNull(again, "a retried send returned null");
    }

    /** Verifies that a send while the remote side is down fails with a retryable ConnectorException. */
    @Test
    public void sendDuringOutageIsRetryable() throws Exception {
        ChannelConnector connector = newInstance();
        Assumptions.assumeTrue(simulateRemoteOutage(), "simulateRemoteOutage() not overridden");
        try {
            connector.send(sampleMessage("outbox-contract-outage"));
            fail("send() succeeded although the remote side is down");
        } catch (ConnectorException e) {
            assertTrue(e.retryable(), "a send during an outage must be retryable, so the outbox keeps the message: "
                    + e.getMessage());
        }
    }

    /** Verifies that a request that is not for the connector is answered 4xx rather than thrown. */
    @Test
    public void foreignWebhookIsAnswered4xx() throws Exception {
        ChannelConnector connector = newInstance();
        WebhookResponse response = connector.onWebhook(foreignWebhook());
        assertNotNull(response, "onWebhook() returned null");
        assertTrue(response.status() >= 400 && response.status() < 500,
                "a request that is not for this connector must get a 4xx, got " + response.status());
        assertTrue(fakeContext().received().isEmpty(), "a foreign request must not deliver messages");
    }

    /** Verifies that a webhook delivers its message and that a replay (the remote side retrying) stores nothing twice. */
    @Test
    public void webhookDeliversOnceEvenWhenReplayed() throws Exception {
        Assumptions.assumeTrue(declares(ChannelCapabilities.INBOUND_WEBHOOK), "not a webhook channel");
        WebhookRequest request = sampleWebhook().orElseGet(() -> fail(getClass().getSimpleName() + " declares "
                + ChannelCapabilities.INBOUND_WEBHOOK + " and must override sampleWebhook()"));
        ChannelConnector connector = newInstance();
        WebhookResponse first = connector.onWebhook(request);
        assertTrue(first.status() >= 200 && first.status() < 300, "a valid webhook must get a 2xx, got "
                + first.status());
        List<InboundMessage> received = fakeContext().received();
        assertFalse(received.isEmpty(), "a valid webhook must hand its message to context.receive()");
        WebhookResponse replay = connector.onWebhook(request);
        assertTrue(replay.status() >= 200 && replay.status() < 300, "a replayed webhook must still get a 2xx, got "
                + replay.status());
        assertEquals(received, fakeContext().received(), "a replay must reuse the same external ids");
    }

    /** Verifies that a poll hands a message waiting on the remote side to the context. */
    @Test
    public void pollDeliversWaitingMessages() throws Exception {
        Assumptions.assumeTrue(declares(ChannelCapabilities.INBOUND_POLLING), "not a polling channel");
        ChannelConnector connector = newInstance();
        prepareInboundMessage();
        connector.poll();
        List<InboundMessage> received = fakeContext().received();
        assertFalse(received.isEmpty(), "poll() must hand what it fetched to context.receive()");
        connector.poll();
        assertEquals(received, fakeContext().received(), "a second poll must not deliver the same message again");
    }

    /** Verifies that the poll interval is positive. */
    @Test
    public void pollIntervalIsPositive() throws Exception {
        ChannelConnector connector = newInstance();
        assertNotNull(connector.pollInterval(), "pollInterval() returned null");
        assertTrue(!connector.pollInterval().isNegative() && !connector.pollInterval().isZero(),
                "pollInterval() must be positive, got " + connector.pollInterval());
    }
}
