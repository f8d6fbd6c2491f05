package io.meridian.store;

import io.meridian.crypto.Crypto;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** Small helpers shared by the storage and conversation tests. */
public final class StoreTesting {

    private StoreTesting() {
    }

    /** A fresh random 256-bit storage key. */
    public static byte[] newStorageKey() {
        return Crypto.randomBytes(32);
    }

    /** Waits (on a test thread, never an event loop) for {@code future}; rethrows its failure unwrapped. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no result within 30 s", e);
        }
    }

    /** The failure of {@code future}, waiting for it; fails if it succeeds. */
    public static Throwable failureOf(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no result within 30 s", e);
        }
        throw new AssertionError("expected the future to fail, but it succeeded");
    }

    /**
     * Shuts the database in {@code db} down behind the store's back, as Derby does itself after a failure of database
     * severity; the store's pooled connections are dead from then on.
     */
    public static void shutDownUnderneath(Path db) {
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(db.toAbsolutePath().normalize().toString());
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (SQLException e) {
            if (DerbyDatabase.DATABASE_SHUT_DOWN.equals(e.getSQLState())) {
                return;
            }
            throw new IllegalStateException("the database did not confirm its shutdown", e);
        }
        throw new IllegalStateException("the database did not confirm its shutdown");
    }
}
