package io.meridian.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable store: an embedded, encrypted Derby database (the default), or the PostgreSQL database the
 * nodes of a region share ({@link StoreEngine}), whose schema Flyway keeps current, with reads on
 * a worker pool and writes through group commit ({@link GroupCommitWriter}). All SQL of a capability lives in that
 * capability's repository classes and reaches the database only through {@link #read} and {@link #write}, so the
 * engine can change later without touching callers.
 * <p>
 * Every future completes on the Vert.x context of the caller, so callers stay on their event loop.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    static final long READY_TIMEOUT_MILLIS = 5000;
    static final long READY_CACHE_MILLIS = 1000;

    private final Vertx vertx;
    private final Database database;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Readiness readiness = new Readiness();

    private Store(Vertx vertx, Database database, GroupCommitWriter writer, ReadPool reads) {
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
        return open(vertx, databaseDir, storageKey, maxBatch, DerbyDatabase.DEFAULT_PAGE_CACHE_PAGES);
    }

    /**
     * As {@link #open(Vertx, Path, byte[], int)}, with the number of pages Derby caches ({@code store.page-cache-pages};
     * the first database this JVM boots decides, and an admin's {@code -Dderby.storage.pageCacheSize} wins).
     */
    public static Store open(Vertx vertx, Path databaseDir, byte[] storageKey, int maxBatch, int pageCachePages) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(databaseDir, "databaseDir");
        requireBatch(maxBatch);
        int readers = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        return open(vertx, DerbyDatabase.boot(databaseDir, storageKey, pageCachePages), maxBatch, readers);
    }

    /**
     * Opens the store on the region's PostgreSQL database and migrates its schema (the first node of the region to
     * start creates it; Flyway's lock keeps two starting nodes from migrating at once). BLOCKING.
     *
     * @throws IllegalStateException if the database cannot be reached, refuses the node, or cannot be migrated
     */
    public static Store open(Vertx vertx, PostgresSettings settings, int maxBatch) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(settings, "settings");
        requireBatch(maxBatch);
        return open(vertx, PostgresDatabase.open(settings), maxBatch, settings.readConnections());
    }

    private static void requireBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        }
    }

    private static Store open(Vertx vertx, Database database, int maxBatch, int readers) {
        try {
            Migrations.apply(database.dataSource(), database.engine());
            int instance = INSTANCES.incrementAndGet();
            ConnectionSource connections = () -> PreparedOnce.around(database.connect());
            ReadPool reads = new ReadPool(vertx, connections, readers, "meridian-store-read-" + instance);
            GroupCommitWriter writer;
            try {
                writer = new GroupCommitWriter(connections, maxBatch, "meridian-store-writer-" + instance);
            } catch (SQLException | RuntimeException e) {
                reads.close();
                throw e;
            }
            LOG.info("Store open on {} at {} ({} read connections, group commit up to {} writes)",
                    database.engine().configName(), database.where(), readers, maxBatch);
            return new Store(vertx, database, writer, reads);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            try {
                database.shutdown();
            } catch (IllegalStateException shutdownFailure) {
                e.addSuppressed(shutdownFailure);
            }
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("Cannot open the store at " + database.where() + ": " + e.getMessage(),
                            e);
        }
    }

    /** The engine this store runs on. */
    public StoreEngine engine() {
        return database.engine();
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

    /**
     * Boots the database at {@code databaseDir} with {@code storageKey} and shuts it down again: whether a restored
     * copy opens with this node's key. BLOCKING. Fails with {@link IllegalStateException} saying why not.
     */
    public static void check(Path databaseDir, byte[] storageKey) {
        if (!Files.exists(databaseDir.resolve("service.properties"))) {
            throw new IllegalStateException(databaseDir + " holds no database");
        }
        DerbyDatabase.boot(databaseDir, storageKey, DerbyDatabase.DEFAULT_PAGE_CACHE_PAGES).shutdown();
    }

    /**
     * Copies the database, online, into {@code parent}/{@code <database directory name>} with Derby's
     * {@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}: a consistent copy as of its end, taken while writes go on, still
     * encrypted with the storage key. Runs on a worker thread with a connection of its own, so neither the writer
     * nor the read pool waits for it. Completes with the copy's directory.
     */
    public Future<Path> copyTo(Path parent) {
        Objects.requireNonNull(parent, "parent");
        if (!(database instanceof DerbyDatabase derby)) {
            return Future.failedFuture(new IllegalStateException("A store on PostgreSQL is backed up with "
                    + "PostgreSQL's own tools (pg_basebackup, pg_dump), not by the node"));
        }
        return vertx.executeBlocking(() -> {
            try (Connection c = derby.connect();
                    java.sql.CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                call.setString(1, parent.toAbsolutePath().toString());
                call.execute();
            }
            return parent.resolve(derby.directory().getFileName().toString());
        }, false);
    }

    /**
     * Succeeds when the store can serve: a trivial read through the read pool and a probe through the writer both
     * answer within {@value #READY_TIMEOUT_MILLIS} ms (either replaces a connection the database closed on the way).
     * Fails while the database cannot answer, and succeeds again once it can. The outcome is shared by concurrent
     * callers and kept for {@value #READY_CACHE_MILLIS} ms, so a busy health checker costs the store next to nothing.
     * Never blocks the caller.
     */
    public Future<Void> ready() {
        Context caller = vertx.getOrCreateContext();
        Future<Void> shared;
        synchronized (readiness) {
            long now = System.nanoTime();
            if (readiness.outcome == null || (readiness.outcome.isComplete()
                    && now - readiness.completedAt > TimeUnit.MILLISECONDS.toNanos(READY_CACHE_MILLIS))) {
                // Stamped before anyone sees the outcome, so it is never taken as older than it is.
                readiness.outcome = probe().andThen(ar -> {
                    synchronized (readiness) {
                        readiness.completedAt = System.nanoTime();
                    }
                });
            }
            shared = readiness.outcome;
        }
        Promise<Void> answer = Promise.promise();
        shared.onComplete(ar -> caller.runOnContext(v -> answer.handle(ar)));
        return answer.future();
    }

    private Future<Void> probe() {
        Future<Void> read = reads.submit(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("VALUES (1)");
            }
            return null;
        });
        Future<Void> both = Future.all(read, writer.probe(vertx.getOrCreateContext())).mapEmpty();
        return both.timeout(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** How many broken read connections were replaced since open. */
    public long replacedReadConnections() {
        return reads.replacedConnections();
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
            LOG.info("Store at {} closed after {} writes in {} commits", database.where(), committedWrites(),
                    committedBatches());
        }
    }

    /** The last readiness probe and when it finished. */
    private static final class Readiness {
        private Future<Void> outcome;
        private long completedAt;
    }
}
