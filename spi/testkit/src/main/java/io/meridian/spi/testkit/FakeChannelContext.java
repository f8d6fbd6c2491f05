package io.meridian.spi.testkit;

import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.DeliveryReceipt;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.ReceiveResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ChannelContext} for tests that behaves like the appliance's: it stores each inbound message once
 * (idempotent on {@link InboundMessage#externalId()}; a repeat returns the first result with {@code duplicate ==
 * true}), puts messages from the same sender into the same conversation, and records delivery receipts.
 *
 * <pre>{@code
 * FakeChannelContext context = FakeChannelContext.builder().pluginId("channel-example").instanceId("support").build();
 * connector.poll();
 * assertEquals("Hello", context.received().get(0).text());
 * }</pre>
 *
 * <p>To test how a connector copes with an appliance that cannot commit, queue failures with
 * {@link #failNextReceive(Exception)}. Thread-safe; {@link #awaitReceived(int, Duration)} waits for connectors that
 * receive on their own threads.
 */
public class FakeChannelContext extends FakeConnectorContext implements ChannelContext {

    private final Object lock = new Object();
    private final Map<String, ReceiveResult> byExternalId = new HashMap<>();
    private final Map<String, String> conversationBySender = new HashMap<>();
    private final Map<String, InboundMessage> stored = new LinkedHashMap<>();
    private final List<DeliveryReceipt> receipts = new ArrayList<>();
    private final Deque<Exception> failures = new ArrayDeque<>();
    private final List<List<String>> setAside = new ArrayList<>();
    private int receiveCalls;

    /**
     * @param builder the settings
     */
    protected FakeChannelContext(Builder builder) {
        super(builder);
    }

    /** @return a builder with plugin id {@code test-plugin}, instance id {@code test} and the UTC system clock */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ReceiveResult receive(InboundMessage message) throws Exception {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            receiveCalls++;
            Exception failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            ReceiveResult earlier = byExternalId.get(message.externalId());
            if (earlier != null) {
                return new ReceiveResult(earlier.conversationId(), earlier.messageId(), true);
            }
            String sender = message.from().kind() + ":" + message.from().address();
            String conversationId = conversationBySender.computeIfAbsent(sender,
                    s -> "conversation-" + (conversationBySender.size() + 1));
            ReceiveResult result = new ReceiveResult(conversationId, "message-" + (stored.size() + 1), false);
            byExternalId.put(message.externalId(), result);
            stored.put(message.externalId(), message);
            lock.notifyAll();
            return result;
        }
    }

    @Override
    public void deliveryUpdate(DeliveryReceipt receipt) {
        Objects.requireNonNull(receipt, "receipt");
        synchronized (lock) {
            receipts.add(receipt);
            lock.notifyAll();
        }
    }

    /**
     * Makes the next {@link #receive} call throw, as the appliance does when it cannot commit (use a retryable
     * {@link io.meridian.spi.ConnectorException}). Queued failures are used in order.
     *
     * @param failure what to throw
     */
    public void failNextReceive(Exception failure) {
        synchronized (lock) {
            failures.add(Objects.requireNonNull(failure, "failure"));
        }
    }

    /** Records the item; see {@link #setAside()}. */
    @Override
    public void setAside(String reference, String sender, String subject, String reason) {
        synchronized (lock) {
            setAside.add(java.util.Arrays.asList(reference, sender, subject, reason));
            lock.notifyAll();
        }
    }

    /**
     * @return the items the connector set aside, in order, each as reference, sender, subject, reason (sender and
     *         subject may be {@code null})
     */
    public List<List<String>> setAside() {
        synchronized (lock) {
            return List.copyOf(setAside);
        }
    }

    /** @return the messages stored, once each, in the order received */
    public List<InboundMessage> received() {
        synchronized (lock) {
            return List.copyOf(stored.values());
        }
    }

    /** @return how often {@link #receive} was called, duplicates and failures included */
    public int receiveCalls() {
        synchronized (lock) {
            return receiveCalls;
        }
    }

    /**
     * @param externalId an external id
     * @return what {@link #receive} answered for it first, or {@code null} if never received
     */
    public ReceiveResult resultFor(String externalId) {
        synchronized (lock) {
            return byExternalId.get(externalId);
        }
    }

    /** @return the delivery receipts reported, in order */
    public List<DeliveryReceipt> receipts() {
        synchronized (lock) {
            return List.copyOf(receipts);
        }
    }

    /**
     * Waits until at least {@code count} distinct messages were stored.
     *
     * @param count how many
     * @param timeout the longest wait
     * @return the stored messages
     * @throws TimeoutException if fewer arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public List<InboundMessage> awaitReceived(int count, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (stored.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("expected " + count + " received messages within " + timeout
                            + ", got " + stored.size());
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(stored.values());
        }
    }

    /** Settings of a fake channel context. */
    public static final class Builder extends FakeConnectorContext.Builder<Builder> {

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public FakeChannelContext build() {
            return new FakeChannelContext(this);
        }
    }
}
