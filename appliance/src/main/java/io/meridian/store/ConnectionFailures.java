package io.meridian.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Tells a connection the database closed or broke from an ordinary SQL error. Derby closes the connection itself on
 * any error of session severity or worse (its error code, 40000 and up: an internal failure such as a
 * {@code ClassCastException} in the engine, a killed session, a database shut down), and then answers every further
 * call with SQLState {@code 08003} "No current connection". A statement or transaction error (a syntax error, a
 * duplicate key, a deadlock) leaves the connection usable.
 */
final class ConnectionFailures {

    /** Derby's {@code ExceptionSeverity.SESSION_SEVERITY}: from here on, Derby has closed the connection. */
    static final int SESSION_SEVERITY = 40000;
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final int MAX_CHAIN = 32;

    private ConnectionFailures() {
    }

    /**
     * Whether {@code c} can no longer be used after {@code failure}: it is closed (for embedded Derby,
     * {@code isValid} is exactly {@code !isClosed()}, and both are cheap), or the failure is a connection-level one.
     */
    static boolean broke(Connection c, Throwable failure) {
        return closed(c) || connectionLevel(failure);
    }

    /** Whether {@code c} is closed, or cannot even say. */
    static boolean closed(Connection c) {
        if (c == null) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    /** Whether {@code failure}, or an SQLException in its cause or next-exception chain, is connection-level. */
    static boolean connectionLevel(Throwable failure) {
        Throwable t = failure;
        for (int seen = 0; t != null && seen < MAX_CHAIN; seen++) {
            if (t instanceof SQLException s) {
                if (s instanceof SQLNonTransientConnectionException || s.getErrorCode() >= SESSION_SEVERITY
                        || (s.getSQLState() != null && s.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS))) {
                    return true;
                }
                if (s.getNextException() != null && s.getNextException() != s.getCause()) {
                    if (connectionLevel(s.getNextException())) {
                        return true;
                    }
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    /** Closes {@code c} if it is still open; a broken connection may refuse even that, which changes nothing. */
    static void discard(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // Already unusable: the only aim was to free what Derby still holds for it.
        }
    }
}
