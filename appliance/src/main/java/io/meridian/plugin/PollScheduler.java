package io.meridian.plugin;

import io.meridian.spi.channel.ChannelConnector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls the running channel instances that fetch their messages themselves (e.g. IMAP). The next poll of an instance
 * is scheduled only once the previous one has really returned, not merely timed out, so polls of one instance never
 * overlap; after failures the pause grows with back-off. A poll that left messages waiting
 * ({@link ChannelConnector#moreWaiting()}) is followed by the next one at once (after 100 ms), not after the
 * interval. Call on the host's context.
 */
final class PollScheduler {

    private static final Duration SHORTEST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofDays(1);

    /** Runs {@code then} on the host's context after {@code wait}; answers the timer's id. */
    @FunctionalInterface
    interface Timer {
        long schedule(Duration wait, Runnable then);
    }

    private final HostRuntime runtime;
    private final InstanceCalls calls;
    private final Timer timer;

    PollScheduler(HostRuntime runtime, InstanceCalls calls) {
        this(runtime, calls, (wait, then) -> runtime.vertx.setTimer(wait.toMillis(), t -> then.run()));
    }

    /** With the timer the waits run on (a fake clock in tests). */
    PollScheduler(HostRuntime runtime, InstanceCalls calls, Timer timer) {
        this.runtime = runtime;
        this.calls = calls;
        this.timer = timer;
    }

    /** Starts polling a just-started instance at the interval its connector asked for (kept within 100 ms..1 day). */
    void start(ConnectorInstance instance, int generation, Duration interval) {
        Duration configured = clamp(interval);
        schedule(instance, generation, configured, configured, new AtomicBoolean());
    }

    static Duration clamp(Duration interval) {
        if (interval == null || interval.compareTo(SHORTEST) < 0) {
            return SHORTEST;
        }
        return interval.compareTo(LONGEST) > 0 ? LONGEST : interval;
    }

    /**
     * The next poll, {@code wait} after the previous one has really returned; a new generation of the instance ends
     * the chain. {@code interval} is the configured one: a good poll always returns to it, however long the back-off
     * before was (the back-off is a wait, never the new interval).
     */
    private void schedule(ConnectorInstance instance, int generation, Duration interval, Duration wait,
            AtomicBoolean polling) {
        instance.pollTimer = timer.schedule(wait, () -> {
            AutoCloseable connector = instance.connector;
            LoadedPlugin plugin = instance.plugin;
            if (generation != instance.generation || !(connector instanceof ChannelConnector channel)
                    || plugin == null || plugin.calls == null || runtime.stopping) {
                return;
            }
            if (polling.get()) {
                schedule(instance, generation, interval, interval, polling); // the last poll is still stuck
                return;
            }
            polling.set(true);
            plugin.calls.call("polling instance '" + instance.id + "'", plugin.calls.timeout(), () -> {
                channel.poll();
                return channel.moreWaiting();
            }, () -> polling.set(false)).onComplete(ar -> {
                if (generation != instance.generation) {
                    return;
                }
                Duration next = interval;
                if (ar.succeeded()) {
                    calls.succeeded(instance);
                    instance.attempts = 0;
                    if (Boolean.TRUE.equals(ar.result())) {
                        next = SHORTEST; // the poll ran out of time with messages waiting: take them now
                    }
                } else {
                    calls.failed(instance, "poll", ar.cause());
                    instance.attempts++;
                    Duration backoff = Backoff.delay(instance.attempts, runtime.settings.retryMax());
                    next = backoff.compareTo(interval) > 0 ? backoff : interval;
                }
                schedule(instance, generation, interval, next, polling);
            });
        });
    }
}
