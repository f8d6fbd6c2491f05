package io.meridian.boot;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.store.PostgresSettings;
import io.meridian.store.Store;
import io.meridian.store.StoreEngine;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Opens the node's store on the engine {@code store.engine} names, with that engine's settings. */
final class StoreOpening {

    /** The PostgreSQL password; takes precedence over {@code store.postgresql.password-file}. */
    static final String PASSWORD_ENV = "MERIDIAN_STORE_POSTGRESQL_PASSWORD";

    private StoreOpening() {
    }

    /** BLOCKING: boots Derby, or connects to PostgreSQL, and migrates the schema. */
    static Store open(Vertx vertx, MeridianConfig config, Path dataDir, byte[] storageKey, Map<String, String> env)
            throws IOException {
        int maxBatch = config.integer(ConfigKeys.STORE_GROUP_COMMIT_MAX_BATCH);
        if (StoreEngine.named(config.string(ConfigKeys.STORE_ENGINE)) == StoreEngine.DERBY) {
            return Store.open(vertx, dataDir.resolve("db"), storageKey, maxBatch,
                    config.integer(ConfigKeys.STORE_PAGE_CACHE_PAGES));
        }
        return Store.open(vertx, postgresSettings(config, env), maxBatch);
    }

    static PostgresSettings postgresSettings(MeridianConfig config, Map<String, String> env) throws IOException {
        String rootCert = config.string(ConfigKeys.STORE_POSTGRESQL_SSL_ROOT_CERT);
        return new PostgresSettings(config.string(ConfigKeys.STORE_POSTGRESQL_URL).strip(),
                config.string(ConfigKeys.STORE_POSTGRESQL_USER).strip(), password(config, env),
                config.string(ConfigKeys.STORE_POSTGRESQL_SSL_MODE).strip(),
                rootCert.isEmpty() ? Optional.empty() : Optional.of(config.path(ConfigKeys.STORE_POSTGRESQL_SSL_ROOT_CERT)),
                config.integer(ConfigKeys.STORE_POSTGRESQL_READ_CONNECTIONS));
    }

    private static String password(MeridianConfig config, Map<String, String> env) throws IOException {
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        if (!config.string(ConfigKeys.STORE_POSTGRESQL_PASSWORD_FILE).isEmpty()) {
            return TlsSetup.firstLine(config.path(ConfigKeys.STORE_POSTGRESQL_PASSWORD_FILE),
                    ConfigKeys.STORE_POSTGRESQL_PASSWORD_FILE.name());
        }
        // A role signing in by certificate or from a trusted host needs none.
        return "";
    }
}
