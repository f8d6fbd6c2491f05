package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-plugin executor: results, errors, deadlines, interrupts, stuck threads and refusal when full. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginCallsTest {

    private PluginCalls calls;

    @AfterEach
    void close() {
        if (calls != null) {
            calls.close();
        }
    }

    /** Verifies that a call runs on the plugin's own named thread, never the caller's, and returns its value. */
    @Test
    void runsOnThePluginsOwnThread(Vertx vertx) {
        calls = new PluginCalls(vertx, "demo", 2, Duration.ofSeconds(5), () -> null);
        String thread = Await.result(calls.call("naming", () -> Thread.currentThread().getName()), "call");
        assertTrue(thread.startsWith("meridian-plugin-demo-"), thread);
        Throwable failure = Await.failure(calls.call("throwing", () -> {
            throw new IllegalStateException("plugin bug");
        }), "failing call");
        assertEquals("plugin bug", failure.getMessage());
    }

    /** Verifies that an overrunning call fails at its deadline and is interrupted. */
    @Test
    void overrunningCallIsInterrupted(Vertx vertx) throws InterruptedException {
        calls = new PluginCalls(vertx, "demo", 1, Duration.ofMillis(300), () -> null);
        CountDownLatch interrupted = new CountDownLatch(1);
        Throwable failure = Await.failure(calls.call("sleeping", () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        }), "slow call");
        assertInstanceOf(PluginCallTimeoutException.class, failure);
        assertTrue(failure.getMessage().contains("sleeping did not finish within 300 ms"), failure.getMessage());
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the plugin thread was interrupted");
        Await.until(() -> calls.stuckThreads() == 0, "an interrupted call is not stuck");
        assertEquals("ok", Await.result(calls.call("after", () -> "ok"), "the thread serves the next call"));
    }

    /**
     * Verifies that calls ignoring interrupts are counted as stuck, that once every thread is stuck and the queue is
     * full further calls are refused at once (nothing outside the plugin waits), and that all recovers on release.
     */
    @Test
    void stuckThreadsAreCountedAndAFullPluginRefusesAtOnce(Vertx vertx) {
        calls = new PluginCalls(vertx, "stubborn", 1, Duration.ofMillis(200), () -> null);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean returned = new AtomicBoolean();
        Future<Object> hung = calls.call("hanging", Duration.ofMillis(200), () -> {
            while (true) {
                try {
                    release.await();
                    return null;
                } catch (InterruptedException ignored) {
                    // a plugin that ignores interrupts
                }
            }
        }, () -> returned.set(true));
        assertInstanceOf(PluginCallTimeoutException.class, Await.failure(hung, "hanging call"));
        assertEquals(1, calls.stuckThreads());
        for (int i = 0; i < 16; i++) {
            calls.call("queued " + i, Duration.ofSeconds(30), () -> null); // fills the queue behind the stuck thread
        }
        long start = System.nanoTime();
        Throwable busy = Await.failure(calls.call("one more", () -> null), "call to a full plugin");
        assertInstanceOf(PluginBusyException.class, busy);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "refused at once");
        assertTrue(!returned.get(), "the hung call has not returned yet");

        release.countDown();
        Await.until(() -> calls.stuckThreads() == 0 && returned.get(), "the stuck thread came back");
        assertEquals("ok", Await.result(calls.call("after", () -> "ok"), "the plugin works again"));
    }

    /** Verifies that a call waiting for a free thread past its deadline fails without ever running. */
    @Test
    void queuedCallTimesOutWithoutRunning(Vertx vertx) {
        calls = new PluginCalls(vertx, "busy", 1, Duration.ofSeconds(5), () -> null);
        CountDownLatch release = new CountDownLatch(1);
        calls.call("blocking", () -> {
            release.await();
            return null;
        });
        AtomicBoolean ran = new AtomicBoolean();
        Throwable failure = Await.failure(calls.call("waiting", Duration.ofMillis(200), () -> {
            ran.set(true);
            return null;
        }), "queued call");
        assertTrue(failure.getMessage().contains("waited 200 ms for a free thread"), failure.getMessage());
        release.countDown();
        assertEquals("ok", Await.result(calls.call("after", () -> "ok"), "next call"));
        assertTrue(!ran.get(), "the timed-out call never ran");
    }
}
