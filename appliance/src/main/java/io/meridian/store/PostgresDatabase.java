package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL database a region's nodes share. Connections are opened by the store itself (one for the writer,
 * a few for reads) and kept, so no pool sits in between.
 * <p>
 * PostgreSQL fails the rest of a transaction after any failed statement, where Derby undoes only that statement: the
 * group commit gives each work a savepoint of its own, and the few writes that answer a failed statement and go on
 * (a duplicate key meaning "already there") run it through {@link StatementUndo}. The driver's {@code autosave},
 * a savepoint around every statement, would do the same for all of them at the cost of a savepoint per statement.
 * {@code readOnlyMode=always} keeps the read pool's auto-commit connections read-only. String parameters stay typed
 * {@code varchar}: PostgreSQL casts them to a {@code CHAR(36)} key's type, so the key's index serves.
 */
final class PostgresDatabase implements Database {

    /** Seconds to wait for the server to accept a connection before a read or write fails. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final PostgresSettings settings;
    private final PGSimpleDataSource dataSource;

    private PostgresDatabase(PostgresSettings settings, PGSimpleDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    /**
     * Connects once to check that the database answers with these settings.
     *
     * @throws IllegalStateException naming the database (never the password) when it cannot be reached or refuses
     */
    static PostgresDatabase open(PostgresSettings settings) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(settings.url());
        source.setUser(settings.user());
        source.setPassword(settings.password());
        source.setSslmode(settings.sslMode());
        settings.sslRootCert().ifPresent(path -> source.setSslrootcert(path.toAbsolutePath().toString()));
        // The read pool's connections are read-only in auto-commit too, as on Derby (the driver's default enforces
        // it only inside explicit transactions).
        source.setReadOnlyMode("always");
        source.setReWriteBatchedInserts(true);
        source.setApplicationName("Meridian");
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setTcpKeepAlive(true);
        PostgresDatabase database = new PostgresDatabase(settings, source);
        try (Connection c = database.connect()) {
            if (!c.isValid(CONNECT_TIMEOUT_SECONDS)) {
                throw new SQLException("the connection does not answer");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the PostgreSQL store at " + settings.where() + " as "
                    + settings.user() + ": " + e.getMessage(), e);
        }
        return database;
    }

    @Override
    public StoreEngine engine() {
        return StoreEngine.POSTGRESQL;
    }

    @Override
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String where() {
        return settings.where();
    }

    @Override
    public void shutdown() {
        // The store closes its own connections; the server stays up for the region's other nodes.
    }
}
