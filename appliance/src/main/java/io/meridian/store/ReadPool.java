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

/**
 * Reads run on a small worker pool of their own, each borrowing one of as many read-only, auto-commit connections:
 * they see only committed data, never wait behind the writer's queue, and cannot write by mistake.
 */
final class ReadPool {

    private static final long CLOSE_WAIT_SECONDS = 30;

    private final WorkerExecutor executor;
    private final BlockingQueue<Connection> idle;
    private final int size;
    private volatile boolean closed;

    ReadPool(Vertx vertx, DerbyDatabase database, int size, String name) throws SQLException {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Connection c = database.connect();
                idle.add(c);
                c.setAutoCommit(true);
                c.setReadOnly(true);
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
            Connection c = idle.take();
            try {
                return work.apply(c);
            } finally {
                reset(c);
                idle.add(c);
            }
        }, false);
    }

    /** Waits for running reads to hand their connections back, then closes them (blocking). */
    void close() throws InterruptedException {
        closed = true;
        List<Connection> connections = new ArrayList<>(size);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        while (connections.size() < size) {
            Connection c = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (c == null) {
                break;
            }
            connections.add(c);
        }
        closeAll(connections);
        executor.close();
    }

    /** A work must not leave a transaction open; if one did, undo it so the next read starts clean. */
    private static void reset(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The connection is unusable either way; the next read on it will report the error.
        }
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing during shutdown: nothing useful to do with a failure here.
            }
        }
    }
}
