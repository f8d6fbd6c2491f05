package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The engine under a {@link Store}: the embedded Derby database of a one-node region, or the PostgreSQL database the
 * nodes of a region share. The store's reads, writes and migrations are the same on both; only opening, closing
 * and the engine's own tools differ.
 */
interface Database {

    /** Which engine this is; picks the engine's own migrations. */
    StoreEngine engine();

    /** A new connection (auto-commit on, as JDBC starts). */
    Connection connect() throws SQLException;

    /** The database as a {@link DataSource}, for tools such as Flyway. */
    DataSource dataSource();

    /** Where the database is, for logs: a directory, or a host, port and database name (never a password). */
    String where();

    /** Releases the database: Derby shuts down; for PostgreSQL, nothing is left open. Idempotent. */
    void shutdown();
}
