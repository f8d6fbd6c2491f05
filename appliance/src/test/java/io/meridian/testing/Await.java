package io.meridian.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Lets a test read like the exchange it checks: each step waits for its answer on the test thread, never on
 * an event loop, and always with a deadline so a missing answer fails the test instead of hanging it.
 */
public final class Await {

    /** Long enough for several Argon2id checks and a cold Derby commit on a slow CI machine, short enough to fail fast. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    /** The future's result, or an AssertionError naming {@code what} if it failed or did not complete in time. */
    public static <T> T result(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }

    public static <T> T result(Future<T> future) {
        return result(future, "operation");
    }

    /** The failure of a future that is expected to fail, or an AssertionError if it succeeded or never completed. */
    public static Throwable failure(Future<?> future, String what) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(what + " was expected to fail but succeeded with " + value);
        } catch (ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }

    /**
     * Polls {@code condition} every 20 ms until it holds or the deadline passes: for state that no event announces
     * (JMX counters), so the test waits exactly as long as the server needs and no longer.
     */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, DEADLINE, what);
    }

    /** As {@link #until(BooleanSupplier, String)}, with its own deadline (for slow one-off work like loading models). */
    public static void until(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Polls {@code probe} until it finds a value or {@code deadline} passes: for answers that come from asking the
     * node again (a mailbox, a REST listing), where no event announces them.
     */
    public static <T> T value(Supplier<Optional<T>> probe, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
