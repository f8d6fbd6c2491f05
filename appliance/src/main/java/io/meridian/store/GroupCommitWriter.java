package io.meridian.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread owns the write connection, takes every work waiting in its queue (up to a batch size),
 * runs them in one transaction and commits once, so one disk sync carries the whole batch. Under load, works queue
 * up while the previous commit syncs, and batches grow by themselves; when idle, a lone work commits at once.
 * <p>
 * Each work runs inside its own savepoint: a work that throws is rolled back alone and fails alone, and the rest of
 * its batch still commits. If the commit itself fails, every work of the batch fails. A work's future completes only
 * after its batch is committed, on the Vert.x context that submitted it.
 * <p>
 * A write connection the database closed or broke fails its batch like any lost transaction (nothing of it is
 * stored, no work is acknowledged) and is replaced before the next batch; while none can be opened, each batch fails
 * with "The store cannot reach its database".
 */
final class GroupCommitWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final ConnectionSource source;
    /** Only the writer thread touches it (and close(), after joining that thread); null while none could be opened. */
    private Connection connection;
    /** Whether the last attempt to open a connection failed (writer thread only). */
    private boolean unreachable;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Pending<Void> stop = new Pending<>(c -> null, null, false);
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private final Thread thread;
    private boolean closed;

    GroupCommitWriter(ConnectionSource source, int maxBatch, String name) throws SQLException {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        }
        this.source = source;
        this.maxBatch = maxBatch;
        this.connection = open();
        this.thread = new Thread(this::run, name);
        // Daemon, so a node that is never closed cannot keep the JVM alive; close() drains before it stops.
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code work}; the future completes on {@code context} after the batch holding it has committed. */
    <T> Future<T> submit(SqlWork<T> work, Context context) {
        return queue(new Pending<>(work, context, false));
    }

    /**
     * Succeeds on {@code context} once the writer thread reaches it with a usable connection (opening a new one if
     * its own broke) and the batch it shares commits; it writes nothing and counts as no write.
     */
    Future<Void> probe(Context context) {
        return queue(new Pending<Void>(c -> null, context, true));
    }

    private <T> Future<T> queue(Pending<T> pending) {
        synchronized (this) {
            // Checked under the lock that close() takes, so nothing can be queued behind the stop marker and be lost.
            if (closed) {
                return Future.failedFuture(new IllegalStateException("The store is closed"));
            }
            queue.add(pending);
        }
        return pending.promise.future();
    }

    long committedBatches() {
        return committedBatches.get();
    }

    long committedWrites() {
        return committedWrites.get();
    }

    /** Stops taking works, commits everything already queued, and stops the thread (blocking). */
    void close() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        }
        thread.join();
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the write connection failed", e);
        }
    }

    private Connection open() throws SQLException {
        Connection c = source.open();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            ConnectionFailures.discard(c);
            throw e;
        }
        return c;
    }

    /**
     * Makes sure the connection is usable before a batch: one the database closed (or that a failed batch left
     * broken) is replaced. If no connection can be opened, every work of the batch fails, none is stored.
     */
    private boolean connectionReady(List<Pending<?>> batch) {
        if (connection != null && !ConnectionFailures.closed(connection)) {
            return true;
        }
        if (connection != null) {
            LOG.warn("The write connection was closed underneath the writer; replacing it");
            ConnectionFailures.discard(connection);
            connection = null;
        }
        try {
            connection = open();
            if (unreachable) {
                unreachable = false;
                LOG.info("The writer reaches the database again");
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            // Once per outage at ERROR: a health checker probing every second must not flood the log.
            if (!unreachable) {
                unreachable = true;
                LOG.error("The writer cannot open a connection to the database ({}); writes fail until it can",
                        ReadPool.describe(e), e);
            } else {
                LOG.debug("The writer still cannot reach the database ({}); {} write(s) not stored",
                        ReadPool.describe(e), batch.size());
            }
            IllegalStateException failure =
                    new IllegalStateException("The store cannot reach its database; this write was not stored", e);
            for (Pending<?> pending : batch) {
                pending.failure = failure;
                pending.finish();
            }
            return false;
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failRemaining(new IllegalStateException("The store writer was interrupted"));
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            // Nothing is queued after the stop marker, so it can only be the last of a batch.
            stopping = batch.remove(stop);
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
            batch.clear();
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        if (!connectionReady(batch)) {
            return;
        }
        int succeeded = 0;
        try {
            for (Pending<?> pending : batch) {
                if (pending.probe) {
                    // Reaching it with a usable connection is the answer; its outcome is the batch's commit.
                    continue;
                }
                Savepoint savepoint = connection.setSavepoint();
                try {
                    pending.run(connection);
                } catch (Exception e) {
                    pending.failure = e;
                }
                // If either call throws, the transaction itself is gone (e.g. Derby rolled it back after a deadlock):
                // the handler below then fails the whole batch.
                if (pending.failure == null) {
                    connection.releaseSavepoint(savepoint);
                    succeeded++;
                } else {
                    connection.rollback(savepoint);
                }
            }
            if (succeeded > 0) {
                connection.commit();
                committedBatches.incrementAndGet();
                committedWrites.addAndGet(succeeded);
            } else {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException | Error e) {
            LOG.error("A group commit of {} write(s) failed; none of them was stored", batch.size(), e);
            rollbackQuietly(e);
            if (ConnectionFailures.broke(connection, e)) {
                // Derby closed it, or it is broken for good: the next batch starts on a new connection.
                LOG.warn("The write connection broke ({}); the next batch opens a new one", ReadPool.describe(e));
                ConnectionFailures.discard(connection);
                connection = null;
            }
            IllegalStateException batchFailure =
                    new IllegalStateException("The group commit failed; this write was not stored", e);
            for (Pending<?> pending : batch) {
                if (pending.failure == null) {
                    pending.failure = batchFailure;
                }
            }
        }
        batch.forEach(Pending::finish);
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void failRemaining(RuntimeException failure) {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(stop);
        left.forEach(p -> {
            p.failure = failure;
            p.finish();
        });
    }

    /** One queued work with its outcome. Fields are touched only by the writer thread until finish(). */
    private static final class Pending<T> {
        private final SqlWork<T> work;
        private final Context context;
        /** A readiness probe: not run, not counted; fails only with its batch. */
        private final boolean probe;
        private final Promise<T> promise = Promise.promise();
        private T result;
        private Throwable failure;

        Pending(SqlWork<T> work, Context context, boolean probe) {
            this.work = work;
            this.context = context;
            this.probe = probe;
        }

        void run(Connection connection) throws SQLException {
            result = work.apply(connection);
        }

        void finish() {
            T value = result;
            Throwable cause = failure;
            // Completing on the submitter's context keeps its callbacks off this thread (and in its event loop).
            try {
                context.runOnContext(v -> {
                    if (cause != null) {
                        promise.fail(cause);
                    } else {
                        promise.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                // Vert.x is shutting down: nobody is left to tell, and the writer must go on draining.
                LOG.debug("Could not deliver a write result", e);
            }
        }
    }
}
