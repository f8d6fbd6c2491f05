package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run password hashing (Argon2id checks and new hashes), apart from the event loops and the shared
 * worker pool, so a flood of sign-ins costs sign-ins only: chat, health checks and database work keep their threads.
 * At most {@code threads} hashes run at once and at most {@code queue} more wait; beyond that, work is refused at once
 * with {@link HashingBusyException} instead of waiting without bound (docs/security.md, "Failed sign-ins").
 */
public final class HashingPool implements AutoCloseable {

    /** What a refused caller is told to wait: a few hashes' time, enough for the backlog to drain. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** One thread leaves the other cores to the event loops and the store even while a flood of sign-ins hashes. */
    public static final int DEFAULT_THREADS = 1;
    /** About a second and a half of waiting at the default Argon2id cost, which a sign-in form tolerates. */
    public static final int DEFAULT_QUEUE = 32;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final WorkerExecutor executor;
    private final String name;
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * @param threads hashes that may run at once; each takes one core and about 19 MiB while it runs
     * @param queue   hashes that may wait for a thread
     */
    public HashingPool(Vertx vertx, int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("hashing pool needs at least 1 thread and a queue of 0 or more: "
                    + threads + " threads, queue " + queue);
        }
        this.name = "meridian-password-hashing-" + INSTANCES.incrementAndGet();
        this.executor = vertx.createSharedWorkerExecutor(name, threads);
        this.capacity = threads + queue;
    }


    /** A place in the pool, or empty if as many hashes as it holds are already running or waiting. */
    Optional<Permit> tryAdmit() {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Permit());
    }

    /** Runs {@code work} in the pool, or fails at once with {@link HashingBusyException} if the pool is full. */
    <T> Future<T> submit(Callable<T> work) {
        return tryAdmit().map(permit -> permit.run(work))
                .orElseGet(() -> Future.failedFuture(new HashingBusyException(RETRY_AFTER)));
    }

    /** Hashes running or waiting now. */
    int inUse() {
        return admitted.get();
    }

    /** The prefix of this pool's thread names. */
    String threadName() {
        return name;
    }

    @Override
    public void close() {
        executor.close();
    }

    /** A place in the pool: used once by {@link #run}, or given back unused with {@link #release}. */
    final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();

        <T> Future<T> run(Callable<T> work) {
            return executor.executeBlocking(work, false).onComplete(done -> release());
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                admitted.decrementAndGet();
            }
        }
    }
}
