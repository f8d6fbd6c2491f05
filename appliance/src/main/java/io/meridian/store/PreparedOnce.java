package io.meridian.store;

import java.sql.Connection;
import java.time.Duration;
import org.apache.commons.dbcp2.DelegatingPreparedStatement;
import org.apache.commons.dbcp2.PStmtKey;
import org.apache.commons.dbcp2.PoolingConnection;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

/**
 * Makes each SQL text a connection runs be prepared once per connection, not once per call: repositories keep their
 * plain {@code try (PreparedStatement ps = c.prepareStatement(sql))}, and closing the statement hands it back to
 * the connection for the next call with the same text (parameters cleared, result sets closed). Derby's own statement
 * cache already spares the compilation; this spares building and tearing down the statement and its activation on
 * every call of the chat path.
 */
final class PreparedOnce {

    /**
     * Statements kept per connection. The code has about 200 distinct texts, a few of them with a variable number of
     * parameters; past this bound the least recently returned statement is closed.
     */
    static final int KEPT_PER_CONNECTION = 256;

    private PreparedOnce() {
    }

    /** {@code connection}, reusing its prepared statements; closing the result closes {@code connection} too. */
    static Connection around(Connection connection) {
        PoolingConnection pooling = new PoolingConnection(connection);
        GenericKeyedObjectPoolConfig<DelegatingPreparedStatement> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotal(KEPT_PER_CONNECTION);
        // A text prepared again while its first statement is still open (a nested read) gets a second one.
        config.setMaxTotalPerKey(-1);
        config.setMaxIdlePerKey(1);
        config.setBlockWhenExhausted(false);
        // No evictor thread, no JMX registration per connection: the bound above is the only policy.
        config.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
        config.setJmxEnabled(false);
        pooling.setStatementPool(new GenericKeyedObjectPool<PStmtKey, DelegatingPreparedStatement>(pooling, config));
        return pooling;
    }
}
