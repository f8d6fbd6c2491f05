package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the store's database; how the pool and the writer replace a broken one. */
@FunctionalInterface
interface ConnectionSource {
    Connection open() throws SQLException;
}
