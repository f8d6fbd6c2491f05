package io.meridian.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway ({@code V<n>__<what>.sql}, one file per change, never edited once
 * released). Flyway records what it applied in {@code flyway_schema_history}, so an upgrade applies only the new
 * files and a damaged or edited migration stops the start instead of corrupting data.
 * <p>
 * A migration whose SQL both engines accept lives once, in {@code db/migration/common}; one that needs an engine's
 * own types (Derby's {@code VARCHAR(n) FOR BIT DATA}, {@code BLOB} and {@code CLOB} are PostgreSQL's {@code BYTEA}
 * and {@code TEXT}) lives in {@code db/migration/derby} and, with the same version, in {@code db/migration/postgresql}.
 */
final class Migrations {

    static final String COMMON = "classpath:db/migration/common";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies the pending migrations; returns how many ran. */
    static int apply(DataSource dataSource, StoreEngine engine) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(COMMON, "classpath:db/migration/" + engine.configName())
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated to version {} ({} migration(s) applied)",
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result.migrationsExecuted;
    }
}
