package io.meridian.plugin;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The one way into a plugin's code: every call runs on this plugin's own bounded executor, never on an event loop
 * and never on a thread another plugin or the node needs, and is given a deadline.
 * <p>
 * A call that overruns is interrupted and fails with {@link PluginCallTimeoutException}; if the plugin ignores the
 * interrupt, its thread is counted as stuck until it returns. When every thread is busy and the small queue is full,
 * new calls fail at once with {@link PluginBusyException}: a hung plugin uses up its own threads only. Futures
 * complete on the Vert.x context of the caller.
 */
final class PluginCalls implements AutoCloseable {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int TIMED_OUT = 3;

    private final Vertx vertx;
    private final String pluginId;
    private final Duration timeout;
    private final ThreadPoolExecutor executor;
    private final Supplier<ClassLoader> classLoader;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    PluginCalls(Vertx vertx, String pluginId, int threads, Duration timeout, Supplier<ClassLoader> classLoader) {
        this.vertx = vertx;
        this.pluginId = pluginId;
        this.timeout = timeout;
        this.classLoader = classLoader;
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(16, threads * 16)), r -> {
                    Thread t = new Thread(r, "meridian-plugin-" + pluginId + "-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} in the plugin with the default deadline; {@code what} names the call in errors. */
    <T> Future<T> call(String what, Callable<T> work) {
        return call(what, timeout, work);
    }

    <T> Future<T> call(String what, Duration deadline, Callable<T> work) {
        return call(what, deadline, work, null);
    }

    /**
     * Like {@link #call(String, Duration, Callable)}; {@code whenReturned} runs on the plugin thread once the work has
     * really returned, which may be after the future failed on its deadline (to keep a poll from overlapping itself).
     */
    <T> Future<T> call(String what, Duration deadline, Callable<T> work, Runnable whenReturned) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        AtomicInteger state = new AtomicInteger(QUEUED);
        calls.incrementAndGet();
        java.util.concurrent.Future<?> task;
        try {
            task = executor.submit(() -> {
                if (!state.compareAndSet(QUEUED, RUNNING)) {
                    if (whenReturned != null) {
                        whenReturned.run();
                    }
                    return; // gave up while queued
                }
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                ClassLoader plugin = classLoader.get();
                if (plugin != null) {
                    thread.setContextClassLoader(plugin);
                }
                T result = null;
                Throwable failure = null;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    thread.setContextClassLoader(previous);
                    Thread.interrupted(); // a late interrupt must not hit the next call on this thread
                    if (whenReturned != null) {
                        whenReturned.run();
                    }
                }
                if (state.compareAndSet(RUNNING, DONE)) {
                    T value = result;
                    Throwable error = failure;
                    context.runOnContext(v -> {
                        if (error == null) {
                            promise.tryComplete(value);
                        } else {
                            promise.tryFail(error);
                        }
                    });
                } else {
                    stuck.decrementAndGet(); // it came back after its deadline
                }
            });
        } catch (RejectedExecutionException e) {
            if (whenReturned != null) {
                whenReturned.run();
            }
            return Future.failedFuture(new PluginBusyException("plugin '" + pluginId + "' is busy: all "
                    + executor.getMaximumPoolSize() + " of its threads are in use (" + stuck.get()
                    + " stuck) and its queue is full; " + what + " was refused"));
        }
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (state.compareAndSet(QUEUED, TIMED_OUT)) {
                task.cancel(false);
                if (whenReturned != null) {
                    whenReturned.run();
                }
                timeouts.incrementAndGet();
                PluginCallTimeoutException e = new PluginCallTimeoutException("plugin '" + pluginId + "': " + what
                        + " waited " + seconds(deadline) + " for a free thread of the plugin (" + stuck.get()
                        + " stuck)");
                context.runOnContext(v -> promise.tryFail(e));
            } else if (state.compareAndSet(RUNNING, TIMED_OUT)) {
                stuck.incrementAndGet();
                timeouts.incrementAndGet();
                task.cancel(true);
                PluginCallTimeoutException e = new PluginCallTimeoutException("plugin '" + pluginId + "': " + what
                        + " did not finish within " + seconds(deadline) + " and was interrupted");
                context.runOnContext(v -> promise.tryFail(e));
            }
        });
        return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Threads still inside a call whose deadline passed. */
    int stuckThreads() {
        return stuck.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    long calls() {
        return calls.get();
    }

    Duration timeout() {
        return timeout;
    }

    /** Interrupts whatever still runs and refuses new calls; does not wait (a stuck thread may never return). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
