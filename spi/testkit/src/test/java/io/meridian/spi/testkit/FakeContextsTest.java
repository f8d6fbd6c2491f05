package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.DeliveryReceipt;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.ReceiveResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fakes behave like the appliance's side: idempotent receive, conversations per sender, recorded logs. */
@Timeout(30)
class FakeContextsTest {

    private static InboundMessage message(String id, String from) {
        return InboundMessage.builder(id, ChannelIdentity.email(from, null)).text("hello").build();
    }

    /** Verifies the builder settings and that a repeated external id is stored once with duplicate == true. */
    @Test
    void receiveIsIdempotentOnExternalId() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
        FakeChannelContext context = FakeChannelContext.builder()
                .pluginId("channel-example").instanceId("support")
                .clock(clock)
                .build();
        assertEquals("channel-example", context.pluginId());
        assertEquals("support", context.instanceId());
        assertSame(clock, context.clock());

        ReceiveResult first = context.receive(message("m-1", "ana@example.com"));
        ReceiveResult again = context.receive(message("m-1", "ana@example.com"));
        ReceiveResult second = context.receive(message("m-2", "ana@example.com"));
        ReceiveResult other = context.receive(message("m-3", "li@example.com"));
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.messageId(), again.messageId());
        assertEquals(first.conversationId(), second.conversationId(), "same sender, same conversation");
        assertNotEquals(first.conversationId(), other.conversationId());
        assertEquals(3, context.received().size());
        assertEquals(4, context.receiveCalls());
        assertEquals(first, context.resultFor("m-1"));
    }

    /** Verifies that queued failures are thrown in order and store nothing. */
    @Test
    void failNextReceiveThrowsOnce() throws Exception {
        FakeChannelContext context = FakeChannelContext.builder().build();
        context.failNextReceive(new ConnectorException("store busy", true)); // as when the appliance cannot commit
        ConnectorException e = assertThrows(ConnectorException.class, () -> context.receive(message("m-1", "a@x.org")));
        assertTrue(e.retryable());
        assertTrue(context.received().isEmpty());
        context.receive(message("m-1", "a@x.org"));
        assertEquals(1, context.received().size());
        assertEquals(2, context.receiveCalls());
    }

    /** Verifies that awaitReceived waits for another thread's delivery and times out with a clear message. */
    @Test
    void awaitReceivedWaitsForOtherThreads() throws Exception {
        FakeChannelContext context = FakeChannelContext.builder().build();
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(100);
                context.receive(message("m-9", "a@x.org"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        assertEquals(1, context.awaitReceived(1, Duration.ofSeconds(10)).size());
        TimeoutException timeout = assertThrows(TimeoutException.class,
                () -> context.awaitReceived(2, Duration.ofMillis(50)));
        assertTrue(timeout.getMessage().contains("got 1"), timeout.getMessage());
    }

    /** Verifies that receipts and log lines are recorded, with MessageFormat parameters applied. */
    @Test
    void recordsReceiptsAndLogs() {
        FakeChannelContext context = FakeChannelContext.builder().build();
        context.deliveryUpdate(new DeliveryReceipt("ec-1", DeliveryReceipt.Status.DELIVERED, Instant.EPOCH, null));
        assertEquals(List.of(new DeliveryReceipt("ec-1", DeliveryReceipt.Status.DELIVERED, Instant.EPOCH, null)),
                context.receipts());
        context.logger().log(System.Logger.Level.INFO, "connected to {0}", "api.chat.example.com");
        context.logger().log(System.Logger.Level.ERROR, "failed", new IllegalStateException("boom"));
        assertEquals("connected to api.chat.example.com", context.logged().get(0).message());
        assertEquals(System.Logger.Level.ERROR, context.logged().get(1).level());
        assertTrue(context.loggedAnything("boom"));
        assertFalse(context.loggedAnything("tok-3f9a1c"));

        FakeConnectorContext plain = FakeConnectorContext.builder().pluginId("translation-x").build();
        assertEquals("translation-x", plain.pluginId());
        assertEquals("test", plain.instanceId());
    }
}
