package io.meridian.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads run on a small worker pool of their own, each borrowing one of as many read-only, auto-commit connections:
 * they see only committed data, never wait behind the writer's queue, and cannot write by mistake.
 * <p>
 * A connection the database closed or broke ({@link ConnectionFailures}) is never handed out again: it is replaced
 * before the next read on its slot, and a read that failed because its connection broke is run once more on a fresh
 * one (reads are idempotent). A slot whose replacement cannot be opened (the database is down) stays empty and tries
 * again on its next read, so the pool heals as soon as the database answers.
 */
final class ReadPool {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPool.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final WorkerExecutor executor;
    private final ConnectionSource source;
    private final BlockingQueue<Slot> idle;
    private final int size;
    private final AtomicLong replaced = new AtomicLong();
    private volatile boolean closed;

    ReadPool(Vertx vertx, ConnectionSource source, int size, String name) throws SQLException {
        this.size = size;
        this.source = source;
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Slot slot = new Slot();
                idle.add(slot);
                slot.connection = open();
            }
        } catch (SQLException e) {
            closeAll(new ArrayList<>(idle));
            throw e;
        }
        this.executor = vertx.createSharedWorkerExecutor(name, size);
    }

    <T> Future<T> submit(SqlWork<T> work) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("The store is closed"));
        }
        return executor.executeBlocking(() -> {
            Slot slot = idle.take();
            try {
                return run(slot, work);
            } finally {
                slot.release();
                idle.add(slot);
            }
        }, false);
    }

    /** How many broken connections were replaced since the pool opened. */
    long replacedConnections() {
        return replaced.get();
    }

    private <T> T run(Slot slot, SqlWork<T> work) throws Exception {
        Connection c = slot.usable();
        try {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            if (!ConnectionFailures.broke(c, e)) {
                throw e;
            }
            LOG.warn("A read connection broke ({}); replacing it and running the read once more", describe(e));
            slot.drop();
            Connection fresh;
            try {
                fresh = slot.usable();
            } catch (SQLException reconnect) {
                reconnect.addSuppressed(e);
                throw reconnect;
            }
            // Reads are idempotent; if this one breaks too, release() drops it and the read fails with its error.
            return work.apply(fresh);
        }
    }

    private Connection open() throws SQLException {
        Connection c = source.open();
        try {
            c.setAutoCommit(true);
            c.setReadOnly(true);
        } catch (SQLException e) {
            ConnectionFailures.discard(c);
            throw e;
        }
        return c;
    }

    /** Waits for running reads to hand their connections back, then closes them (blocking). */
    void close() throws InterruptedException {
        closed = true;
        List<Slot> slots = new ArrayList<>(size);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        while (slots.size() < size) {
            Slot slot = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (slot == null) {
                break;
            }
            slots.add(slot);
        }
        closeAll(slots);
        executor.close();
    }

    private static void closeAll(List<Slot> slots) {
        // Closing during shutdown: nothing useful to do with a failure here.
        slots.forEach(slot -> ConnectionFailures.discard(slot.connection));
    }

    /** SQLState and severity only: a message may quote a value from the data. */
    static String describe(Throwable e) {
        return e instanceof SQLException s ? "SQLState " + s.getSQLState() + ", error code " + s.getErrorCode()
                : e.getClass().getName();
    }

    /** One place in the pool; holds a connection, or none while the database cannot give one. */
    private final class Slot {
        private Connection connection;

        /** This slot's connection, replaced first if it is missing or closed. */
        Connection usable() throws SQLException {
            if (connection != null && ConnectionFailures.closed(connection)) {
                LOG.warn("A read connection was closed underneath the pool; replacing it");
                drop();
            }
            if (connection == null) {
                connection = open();
                replaced.incrementAndGet();
            }
            return connection;
        }

        void drop() {
            ConnectionFailures.discard(connection);
            connection = null;
        }

        /** A work must not leave a transaction open; if one did, undo it so the next read starts clean. */
        void release() {
            if (connection == null) {
                return;
            }
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                // A connection that cannot even be reset is not handed out again.
                drop();
                return;
            }
            if (ConnectionFailures.closed(connection)) {
                drop();
            }
        }
    }
}
