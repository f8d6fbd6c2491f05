package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IMAP IDLE inside a bounded poll, and plain polling when IDLE is off. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleTest {

    private MailServer server;
    private FakeChannelContext context;
    private ChannelConnector connector;
    private final ExecutorService host = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        server = new MailServer();
        context = MailServer.context();
    }

    @AfterEach
    void stop() throws Exception {
        host.shutdownNow();
        if (connector != null) {
            connector.close();
        }
        server.close();
    }

    private void connect(String useIdle, String intervalSeconds, String maxPollSeconds) throws Exception {
        Map<String, String> values = server.config();
        values.put(EmailChannelFactory.USE_IDLE, useIdle);
        values.put(EmailChannelFactory.POLL_INTERVAL_SECONDS, intervalSeconds);
        values.put(EmailChannelFactory.MAX_POLL_SECONDS, maxPollSeconds);
        connector = MailServer.connector(context, values);
    }

    private void customerWrites(String text) throws Exception {
        MimeMessage mail = server.newCustomerMail("Question");
        mail.setText(text);
        server.send(mail);
    }

    /**
     * Verifies that with IDLE a mail arriving while a poll waits is delivered within a second or two, long before
     * the wait ends, and that the poll still returns when its budget is used.
     */
    @Test
    void idleDeliversMailDuringThePollAndThePollEndsOnTime() throws Exception {
        connect("true", "30", "5");
        long started = System.nanoTime();
        Future<?> poll = host.submit(() -> {
            connector.poll();
            return null;
        });
        Thread.sleep(1000); // the empty mailbox is drained; the poll now waits in IDLE
        assertFalse(poll.isDone(), "with IDLE an empty poll waits for mail");
        customerWrites("sent while the connector waits");
        long sent = System.nanoTime();

        context.awaitReceived(1, Duration.ofSeconds(3));
        long latency = System.nanoTime() - sent;
        assertFalse(poll.isDone(), "delivered by the running poll, not a later one");
        assertTrue(latency < TimeUnit.SECONDS.toNanos(3), "IDLE reported the mail at once: " + latency / 1e6 + " ms");

        poll.get(10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds >= 4.5 && seconds < 7, "the poll used its 5 s budget and no more: " + seconds + " s");
        assertEquals("sent while the connector waits", context.received().get(0).text().strip());
    }

    /** Verifies that the IDLE wait never exceeds the poll interval, even when the longest check is set higher. */
    @Test
    void idleWaitIsBoundedByThePollInterval() throws Exception {
        connect("true", "2", "60");
        assertEquals(Duration.ofSeconds(2), connector.pollInterval());
        long started = System.nanoTime();
        connector.poll();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds >= 1.5 && seconds < 4, "waited about the 2 s interval: " + seconds + " s");
    }

    /** Verifies that with IDLE off a poll returns at once and the next poll takes what arrived in between. */
    @Test
    void withoutIdleThePollReturnsAtOnceAndTheNextOneTakesTheMail() throws Exception {
        connect("false", "30", "20");
        long started = System.nanoTime();
        connector.poll();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 2, "no waiting without IDLE: " + seconds + " s");
        assertTrue(context.received().isEmpty());

        customerWrites("picked up by polling");
        connector.poll();
        assertEquals("picked up by polling", context.received().get(0).text().strip());
    }

    /** Verifies that close() during an IDLE wait ends the wait promptly and releases the connection. */
    @Test
    void closeDuringIdleEndsThePollPromptly() throws Exception {
        connect("true", "30", "20");
        Future<?> poll = host.submit(() -> {
            connector.poll();
            return null;
        });
        Thread.sleep(1000);
        assertFalse(poll.isDone());
        long closing = System.nanoTime();
        connector.close();
        try {
            poll.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // a poll cut short by close may report the closed connection; it must only end
        }
        double seconds = (System.nanoTime() - closing) / 1e9;
        assertTrue(seconds < 3, "close ended the IDLE wait in " + seconds + " s");
        connector.close(); // idempotent
    }
}
