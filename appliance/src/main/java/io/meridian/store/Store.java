package io.meridian.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable store: an embedded, encrypted Derby database whose schema Flyway keeps current, with reads on
 * a worker pool and writes through group commit ({@link GroupCommitWriter}). All SQL of a capability lives in that
 * capability's repository classes and reaches the database only through {@link #read} and {@link #write}, so the
 * engine can change later without touching callers.
 * <p>
 * Every future completes on the Vert.x context of the caller, so callers stay on their event loop.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Vertx vertx;
    private final DerbyDatabase database;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Store(Vertx vertx, DerbyDatabase database, GroupCommitWriter writer, ReadPool reads) {
        this.vertx = vertx;
        this.database = database;
        this.writer = writer;
        this.reads = reads;
    }

    /**
     * Opens (creating on first use) the encrypted database at {@code databaseDir} and migrates its schema. BLOCKING:
     * call it on a worker thread. Derby's own log goes to {@code derby.log} beside the database directory, unless
     * {@code -Dderby.stream.error.file} (or another {@code derby.stream.error.*} property) is set.
     *
     * @param storageKey the 256-bit database encryption key from the node's key store
     * @param maxBatch   the most writes one group commit may carry
     * @throws IllegalStateException if the key does not match the database, or it cannot be opened or migrated
     */
    public static Store open(Vertx vertx, Path databaseDir, byte[] storageKey, int maxBatch) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(databaseDir, "databaseDir");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        }
        DerbyDatabase database = DerbyDatabase.boot(databaseDir, storageKey);
        Connection writeConnection = null;
        try {
            Migrations.apply(database.dataSource());
            int instance = INSTANCES.incrementAndGet();
            int readers = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
            writeConnection = database.connect();
            ReadPool reads = new ReadPool(vertx, database, readers, "meridian-store-read-" + instance);
            GroupCommitWriter writer;
            try {
                writer = new GroupCommitWriter(writeConnection, maxBatch, "meridian-store-writer-" + instance);
            } catch (SQLException | RuntimeException e) {
                reads.close();
                throw e;
            }
            LOG.info("Store open at {} ({} read connections, group commit up to {} writes)",
                    database.directory(), readers, maxBatch);
            return new Store(vertx, database, writer, reads);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(writeConnection);
            try {
                database.shutdown();
            } catch (IllegalStateException shutdownFailure) {
                e.addSuppressed(shutdownFailure);
            }
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("Cannot open the store at " + databaseDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} on a read worker with its own auto-commit, read-only connection; it sees committed data
     * only (every write whose future has completed).
     */
    public <T> Future<T> read(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        return reads.submit(work);
    }

    /**
     * Runs {@code work} in the next group commit. The future completes after the commit, with the work's result, or
     * fails with what the work threw (its changes undone, the rest of its batch unaffected), or fails with an
     * {@link IllegalStateException} if the commit itself failed.
     */
    public <T> Future<T> write(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        return writer.submit(work, vertx.getOrCreateContext());
    }

    /** How many group commits have succeeded since open. */
    public long committedBatches() {
        return writer.committedBatches();
    }

    /** How many writes those commits carried (failed works not counted). */
    public long committedWrites() {
        return writer.committedWrites();
    }

    /**
     * Commits every write already queued, refuses new ones, waits for running reads, then shuts the database down
     * cleanly. BLOCKING; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
            reads.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            database.shutdown();
            LOG.info("Store at {} closed after {} writes in {} commits", database.directory(), committedWrites(),
                    committedBatches());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Already failing to open; the original error is the one to report.
            }
        }
    }
}
