package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The waits between polls, on a fake clock: failures stretch the wait with back-off, the first good poll brings it
 * back to the configured interval; a poll that left messages waiting is followed at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollSchedulerTest {

    /** A timer that only records: the test decides when a wait is over. */
    private static final class FakeTimer implements PollScheduler.Timer {
        final BlockingQueue<Duration> waits = new ArrayBlockingQueue<>(16);
        final BlockingQueue<Runnable> due = new ArrayBlockingQueue<>(16);

        @Override
        public long schedule(Duration wait, Runnable then) {
            waits.add(wait);
            due.add(then);
            return 1;
        }

        /** @return the wait the scheduler asked for next (it comes once the poll before has returned) */
        Duration nextWait() throws InterruptedException {
            Duration wait = waits.poll(20, TimeUnit.SECONDS);
            assertNotNull(wait, "the scheduler scheduled the next poll");
            return wait;
        }
    }

    /** How a scripted poll ends. */
    private enum Outcome {
        FAILS, TAKES_ALL, LEAVES_MORE, FAILS_LEAVING_MORE
    }

    /** A mailbox whose polls fail, take everything or leave mail waiting, as scripted. */
    private static final class ScriptedConnector implements ChannelConnector {
        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        volatile boolean more;

        @Override
        public void start() {
        }

        @Override
        public void poll() throws Exception {
            Outcome outcome = outcomes.poll();
            more = outcome == Outcome.LEAVES_MORE || outcome == Outcome.FAILS_LEAVING_MORE;
            if (outcome != Outcome.TAKES_ALL && outcome != Outcome.LEAVES_MORE) {
                throw new ConnectorException("the IMAP server dropped the connection", true, null);
            }
        }

        @Override
        public boolean moreWaiting() {
            return more;
        }

        @Override
        public SendResult send(OutboundMessage message) {
            throw new UnsupportedOperationException("this test connector only polls");
        }

        @Override
        public void close() {
        }
    }

    private PluginCalls pluginCalls;

    @AfterEach
    void stop() {
        if (pluginCalls != null) {
            pluginCalls.close();
        }
    }

    /**
     * Verifies that with a 500 ms interval the waits go 500 ms, then 1 s and 2 s after two failed polls, and back to
     * 500 ms after the first good poll (and stay there).
     */
    @Test
    void theFirstGoodPollRestoresTheConfiguredInterval(Vertx vertx) throws Exception {
        List<Duration> waits = waits(vertx, Duration.ofMillis(500),
                List.of(Outcome.FAILS, Outcome.FAILS, Outcome.TAKES_ALL, Outcome.TAKES_ALL));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(500)), waits, "start, fail, fail, succeed, succeed");
    }

    /**
     * Verifies that with a 30 s interval a poll that leaves mail waiting is followed by the next after 100 ms, twice,
     * that the interval is back once a poll took everything, and that a failed poll waits at least the interval even
     * if its connector says mail is waiting.
     */
    @Test
    void aPollThatLeavesMailWaitingIsFollowedAtOnce(Vertx vertx) throws Exception {
        List<Duration> waits = waits(vertx, Duration.ofSeconds(30), List.of(Outcome.LEAVES_MORE,
                Outcome.LEAVES_MORE, Outcome.TAKES_ALL, Outcome.FAILS_LEAVING_MORE));
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofSeconds(30), Duration.ofSeconds(30)), waits, "start, more, more, all, failed");
    }

    /** Runs the scripted polls on the fake clock; answers the waits the scheduler asked for, the first included. */
    private List<Duration> waits(Vertx vertx, Duration interval, List<Outcome> script) throws Exception {
        PluginSettings settings = new PluginSettings(Path.of("plugins"), true, null, Duration.ofSeconds(10), 2,
                Duration.ofMinutes(5), Path.of("connectors"), 65536, Path.of("work"), List.of());
        HostRuntime runtime = new HostRuntime(vertx, settings, Clock.systemUTC());
        pluginCalls = new PluginCalls(vertx, "channel-email", 1, Duration.ofSeconds(10),
                () -> PollSchedulerTest.class.getClassLoader());
        LoadedPlugin plugin = new LoadedPlugin("channel-email", Path.of("channel-email.zip"));
        plugin.calls = pluginCalls;
        ConnectorInstance instance = new ConnectorInstance(new StoredInstance("support-mail", "channel-email",
                "channel-email", "Support", true, "admin", Map.of(), Set.of(), Map.of()));
        ScriptedConnector connector = new ScriptedConnector();
        connector.outcomes.addAll(script);
        instance.connector = connector;
        instance.plugin = plugin;
        instance.state = InstanceState.RUNNING;
        FakeTimer timer = new FakeTimer();
        PollScheduler scheduler = new PollScheduler(runtime, new InstanceCalls(runtime), timer);

        runtime.context.runOnContext(v -> scheduler.start(instance, instance.generation, interval));
        List<Duration> waits = new ArrayList<>();
        waits.add(timer.nextWait());
        for (int poll = 0; poll < script.size(); poll++) {
            Runnable due = timer.due.poll(20, TimeUnit.SECONDS);
            assertNotNull(due);
            runtime.context.runOnContext(v -> due.run()); // the fake clock reaches the wait's end
            waits.add(timer.nextWait());
        }
        boolean lastFailed = script.get(script.size() - 1) == Outcome.FAILS
                || script.get(script.size() - 1) == Outcome.FAILS_LEAVING_MORE;
        assertEquals(lastFailed ? InstanceState.DEGRADED : InstanceState.RUNNING, instance.state);
        assertEquals(lastFailed ? 1 : 0, instance.attempts);
        return waits;
    }
}
