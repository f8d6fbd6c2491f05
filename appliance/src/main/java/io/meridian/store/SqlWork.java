package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of database work run by the {@link Store} on one of its threads, with a connection it owns. A work must not
 * commit, roll back, change auto-commit or close the connection: the store decides transaction boundaries.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection c) throws SQLException;
}
