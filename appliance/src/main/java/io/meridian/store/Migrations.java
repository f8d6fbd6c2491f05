package io.meridian.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway from {@code classpath:db/migration} ({@code V<n>__<what>.sql}, one file per
 * change, never edited once released). Flyway records what it applied in {@code flyway_schema_history}, so an
 * upgrade applies only the new files and a damaged or edited migration stops the start instead of corrupting data.
 */
final class Migrations {

    static final String LOCATION = "classpath:db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies the pending migrations; returns how many ran. */
    static int apply(DataSource dataSource) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated to version {} ({} migration(s) applied)",
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result.migrationsExecuted;
    }
}
