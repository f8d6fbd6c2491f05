package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * For a write that answers one statement's failure and goes on (an insert whose duplicate key means "already
 * there"): the statement runs inside a savepoint of its own, so its failure undoes only itself. Derby does that for
 * every statement by itself; PostgreSQL fails the rest of the transaction after any error, the other works of the
 * group commit included, unless the failed statement is rolled back to a savepoint.
 */
public final class StatementUndo {

    private StatementUndo() {
    }

    /** Runs {@code statement} on the writer's connection {@code c}; if it throws, undoes only it and rethrows. */
    public static <T> T alone(Connection c, SqlWork<T> statement) throws SQLException {
        Savepoint before = c.setSavepoint();
        T result;
        try {
            result = statement.apply(c);
        } catch (SQLException | RuntimeException e) {
            c.rollback(before);
            throw e;
        }
        c.releaseSavepoint(before);
        return result;
    }
}
