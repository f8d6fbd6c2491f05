package io.meridian.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Derby database with database encryption: creates it on first boot, boots it with its key later, and
 * shuts it down. Derby's engine is JVM-wide and reads its settings (notably where its log goes) only when it boots;
 * so the engine is started by the first open database and stopped with the last one, which also lets each
 * database's log land next to it when several are opened one after another in one JVM (tests do).
 */
final class DerbyDatabase implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(DerbyDatabase.class);
    static final String DATABASE_SHUT_DOWN = "08006";
    static final String ENGINE_SHUT_DOWN = "XJ015";
    /** The given encryption key does not match the database's. */
    static final String WRONG_KEY = "XBCXK";
    /** An encrypted database was booted without (the right) key or password. */
    static final String KEY_MISSING = "XBM06";
    static final String ALGORITHM = "AES/CBC/NoPadding";
    private static final String ERROR_FILE_PROPERTY = "derby.stream.error.file";
    /** An admin's own -Dderby.stream.error.* choice, captured before this class ever sets the property. */
    private static final boolean ADMIN_CHOSE_LOG = System.getProperty(ERROR_FILE_PROPERTY) != null
            || System.getProperty("derby.stream.error.field") != null
            || System.getProperty("derby.stream.error.method") != null;

    private static int openDatabases;

    /** Pages Derby caches unless configured: four times Derby's own default (see store.page-cache-pages). */
    static final int DEFAULT_PAGE_CACHE_PAGES = 4000;
    private static final String PAGE_CACHE_PROPERTY = "derby.storage.pageCacheSize";
    /** An admin's own -Dderby.storage.pageCacheSize, captured before this class ever sets the property. */
    private static final boolean ADMIN_CHOSE_PAGE_CACHE = System.getProperty(PAGE_CACHE_PROPERTY) != null;

    private final Path directory;
    private final EmbeddedDataSource dataSource;
    /** Kept to boot the database again if it was shut down underneath the store (see {@link #connect()}). */
    private final String bootAttributes;
    private boolean open = true;

    private DerbyDatabase(Path directory, String bootAttributes) {
        this.directory = directory;
        this.bootAttributes = bootAttributes;
        // Once the database is booted, further connections need no key: the attributes stay out of this source.
        this.dataSource = new EmbeddedDataSource();
        this.dataSource.setDatabaseName(directory.toString());
    }

    /**
     * Boots the database at {@code directory} with {@code storageKey}, creating it encrypted if it does not exist yet.
     *
     * @throws IllegalStateException if the key does not match the existing database, or it cannot be booted
     */
    static DerbyDatabase boot(Path directory, byte[] storageKey, int pageCachePages) {
        Path dir = directory.toAbsolutePath().normalize();
        if (storageKey == null || storageKey.length != 32) {
            throw new IllegalArgumentException("The storage key must be 256 bits");
        }
        boolean create = !Files.exists(dir.resolve("service.properties"));
        if (create && Files.isDirectory(dir) && dir.toFile().list().length > 0) {
            throw new IllegalStateException("Database directory " + dir + " is not empty but holds no Derby database");
        }
        // encryptionAlgorithm is needed on every boot, not only at creation: with an external key Derby does not
        // record the algorithm, and would otherwise check the key with its default (DES) and refuse the right key.
        String bootAttributes = "encryptionAlgorithm=" + ALGORITHM + ";encryptionKey="
                + HexFormat.of().formatHex(storageKey);
        String attributes = (create ? "create=true;dataEncryption=true;encryptionKeyLength=256;" : "") + bootAttributes;
        synchronized (DerbyDatabase.class) {
            if (openDatabases == 0 && !ADMIN_CHOSE_LOG) {
                System.setProperty(ERROR_FILE_PROPERTY, dir.getParent().resolve("derby.log").toString());
            }
            if (openDatabases == 0 && !ADMIN_CHOSE_PAGE_CACHE) {
                // Read by Derby when it boots a database: the inserts of a busy desk touch several indexes each.
                System.setProperty(PAGE_CACHE_PROPERTY, String.valueOf(pageCachePages));
            }
            EmbeddedDataSource booting = new EmbeddedDataSource();
            booting.setDatabaseName(dir.toString());
            booting.setConnectionAttributes(attributes);
            try {
                booting.getConnection().close();
                openDatabases++;
            } catch (SQLException e) {
                if (openDatabases == 0) {
                    try {
                        stopEngine();
                    } catch (IllegalStateException stopFailure) {
                        e.addSuppressed(stopFailure);
                    }
                }
                if (hasState(e, WRONG_KEY) || hasState(e, KEY_MISSING)) {
                    throw new IllegalStateException("The storage key does not match the database at " + dir
                            + ": was the key store replaced or restored from another node?", e);
                }
                throw new IllegalStateException("Cannot " + (create ? "create" : "boot") + " the database at " + dir
                        + ": " + e.getMessage(), e);
            }
        }
        return new DerbyDatabase(dir, bootAttributes);
    }

    Path directory() {
        return directory;
    }

    @Override
    public StoreEngine engine() {
        return StoreEngine.DERBY;
    }

    @Override
    public String where() {
        return directory.toString();
    }

    /**
     * A new connection to the database (auto-commit on, as JDBC starts). If the database was shut down underneath
     * the store (Derby does that itself after a failure of database or system severity, e.g. a full disk), it is
     * booted again with its key, which runs Derby's crash recovery exactly as a restart would; never created.
     */
    @Override
    public Connection connect() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            if (!hasState(e, KEY_MISSING)) {
                throw e;
            }
            return bootAgain(e);
        }
    }

    private Connection bootAgain(SQLException notBooted) throws SQLException {
        synchronized (DerbyDatabase.class) {
            if (!open) {
                throw notBooted;
            }
            EmbeddedDataSource booting = new EmbeddedDataSource();
            booting.setDatabaseName(directory.toString());
            booting.setConnectionAttributes(bootAttributes);
            try {
                Connection c = booting.getConnection();
                LOG.warn("The database at {} had been shut down underneath the node; booted it again", directory);
                return c;
            } catch (SQLException e) {
                if (hasState(e, WRONG_KEY) || hasState(e, KEY_MISSING)) {
                    // Never let the key reach a message; the attributes are not part of Derby's messages.
                    throw new SQLException("The database at " + directory + " was shut down and does not boot "
                            + "with its storage key", e.getSQLState(), e.getErrorCode(), e);
                }
                throw e;
            }
        }
    }

    /** The booted database as a {@link DataSource}, for tools such as Flyway. */
    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /** Shuts the database down cleanly (and the engine with the last database); idempotent. */
    @Override
    public void shutdown() {
        synchronized (DerbyDatabase.class) {
            if (!open) {
                return;
            }
            open = false;
            EmbeddedDataSource stopping = new EmbeddedDataSource();
            stopping.setDatabaseName(directory.toString());
            stopping.setShutdownDatabase("shutdown");
            try {
                // Derby reports a successful shutdown as an exception with SQLState 08006.
                expectShutdown(stopping, DATABASE_SHUT_DOWN, "the database at " + directory);
            } finally {
                if (--openDatabases == 0) {
                    stopEngine();
                }
            }
        }
    }

    private static void stopEngine() {
        EmbeddedDataSource engine = new EmbeddedDataSource();
        engine.setShutdownDatabase("shutdown");
        expectShutdown(engine, ENGINE_SHUT_DOWN, "the Derby engine");
    }

    private static void expectShutdown(EmbeddedDataSource shutdown, String expectedState, String what) {
        Connection unexpected;
        try {
            unexpected = shutdown.getConnection();
        } catch (SQLException e) {
            if (expectedState.equals(e.getSQLState())) {
                return;
            }
            throw new IllegalStateException("Cannot shut down " + what, e);
        }
        try {
            unexpected.close();
        } catch (SQLException e) {
            // Irrelevant next to the fact that nothing was shut down.
        }
        throw new IllegalStateException("Derby did not shut down " + what);
    }

    static boolean hasState(SQLException e, String sqlState) {
        // Derby wraps the reason (e.g. XBCXK) in a generic XJ040 "failed to start", reachable through the chain of
        // next exceptions (the cause chain holds Derby's internal exception type): walk both.
        Deque<Throwable> pending = new ArrayDeque<>(List.of(e));
        for (int seen = 0; !pending.isEmpty() && seen < 32; seen++) {
            Throwable t = pending.poll();
            if (t instanceof SQLException s) {
                if (sqlState.equals(s.getSQLState())) {
                    return true;
                }
                if (s.getNextException() != null) {
                    pending.add(s.getNextException());
                }
            }
            if (t.getCause() != null && t.getCause() != t) {
                pending.add(t.getCause());
            }
        }
        return false;
    }
}
