package io.meridian.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores tests run on: embedded Derby in a temporary directory, or a fresh database on the throwaway PostgreSQL
 * cluster that .ci/run starts (its address in {@code TEST_PG_*}). A test parameterised with
 * {@link StoreEngine} runs once on each. Without that cluster, the PostgreSQL runs fail under CI and are skipped
 * elsewhere.
 */
public final class TestStores {

    private static final String PREFIX = "TEST_PG_";
    /** Set to {@code postgresql} to run the tests that do not choose an engine on PostgreSQL instead of Derby. */
    static final String ENGINE_VARIABLE = "TEST_STORE_ENGINE";

    /**
     * The override that keeps a test node on Derby whatever {@value #ENGINE_VARIABLE} says: for what only the
     * embedded store has (the node's own backups, Derby's files and query plans).
     */
    public static final Map<String, String> DERBY = Map.of("MERIDIAN_STORE_ENGINE", "derby");

    private static final Map<Path, Place> PLACES = new ConcurrentHashMap<>();
    private static final Map<Path, Map<String, String>> NODE_STORES = new ConcurrentHashMap<>();

    private TestStores() {
    }

    /** Where one test's store lives; {@link #open} opens it, again and again (a test may close and reopen it). */
    public record Place(StoreEngine engine, Path derbyDir, byte[] storageKey, PostgresSettings postgres) {

        public Store open(Vertx vertx, int maxBatch) {
            return engine == StoreEngine.DERBY ? Store.open(vertx, derbyDir, storageKey, maxBatch)
                    : Store.open(vertx, postgres, maxBatch);
        }

        /**
         * Takes the database away from under an open store: Derby's is shut down and its directory moved away;
         * PostgreSQL's refuses new connections and its open ones are ended by the server.
         */
        public void takeDown() throws Exception {
            if (engine == StoreEngine.DERBY) {
                StoreTesting.shutDownUnderneath(derbyDir);
                Files.move(derbyDir, derbyDir.resolveSibling(derbyDir.getFileName() + "-away"));
            } else {
                String name = databaseName();
                maintenance("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }

        /** Gives the database back after {@link #takeDown()}. */
        public void bringBack() throws Exception {
            if (engine == StoreEngine.DERBY) {
                Files.move(derbyDir.resolveSibling(derbyDir.getFileName() + "-away"), derbyDir);
            } else {
                maintenance("ALTER DATABASE " + databaseName() + " ALLOW_CONNECTIONS true");
            }
        }

        private String databaseName() {
            return postgres.url().substring(postgres.url().lastIndexOf('/') + 1);
        }
    }

    /**
     * The engine of tests that do not choose one: Derby, or what {@value #ENGINE_VARIABLE} names, so that a
     * developer can run the whole suite on PostgreSQL once ({@code TEST_STORE_ENGINE=postgresql mvn verify}).
     */
    public static StoreEngine defaultEngine() {
        String named = System.getenv(ENGINE_VARIABLE);
        return named == null || named.isBlank() ? StoreEngine.DERBY : StoreEngine.named(named);
    }

    /**
     * Opens the store of the {@link #defaultEngine()} that belongs to {@code dir}: new at the first call, the same
     * one again at later calls (a test that restarts its store finds its data).
     */
    public static Store open(Vertx vertx, Path dir, int maxBatch) {
        return open(vertx, dir, maxBatch, defaultEngine());
    }

    /** As {@link #open(Vertx, Path, int)}, on {@code engine}. */
    public static Store open(Vertx vertx, Path dir, int maxBatch, StoreEngine engine) {
        return PLACES.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> place(engine, d)).open(vertx, maxBatch);
    }

    /** A new, empty store of {@code engine}; Derby's goes into {@code dir} (which need not exist). */
    public static Place place(StoreEngine engine, Path dir) {
        return engine == StoreEngine.DERBY ? new Place(engine, dir, StoreTesting.newStorageKey(), null)
                : new Place(engine, null, null, freshPostgres());
    }

    /**
     * The {@code MERIDIAN_*} overrides that start a test node on {@code engine}: for PostgreSQL, a fresh database of
     * the test cluster, reached over TLS with the password from the environment.
     */
    public static Map<String, String> nodeOverrides(StoreEngine engine) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("MERIDIAN_STORE_ENGINE", engine.configName());
        if (engine == StoreEngine.POSTGRESQL) {
            PostgresSettings settings = freshPostgres();
            overrides.put("MERIDIAN_STORE_POSTGRESQL_URL", settings.url());
            overrides.put("MERIDIAN_STORE_POSTGRESQL_USER", settings.user());
            overrides.put("MERIDIAN_STORE_POSTGRESQL_PASSWORD", settings.password());
            overrides.put("MERIDIAN_STORE_POSTGRESQL_SSL_ROOT_CERT", settings.sslRootCert().orElseThrow().toString());
            overrides.put("MERIDIAN_STORE_POSTGRESQL_READ_CONNECTIONS", "4");
        }
        return overrides;
    }

    /**
     * The overrides of a test node on the {@link #defaultEngine()} whose data directory is {@code dataDir}: the same
     * database at every start on that directory, so a test that restarts its node finds its data.
     */
    public static Map<String, String> nodeOverridesFor(Path dataDir) {
        return NODE_STORES.computeIfAbsent(dataDir.toAbsolutePath().normalize(),
                d -> Map.copyOf(nodeOverrides(defaultEngine())));
    }

    /** A new, empty database on the test cluster, and the settings that reach it. */
    public static PostgresSettings freshPostgres() {
        String url = env("URL");
        String name = "meridian_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        maintenance("CREATE DATABASE " + name);
        return new PostgresSettings(url.substring(0, url.lastIndexOf('/') + 1) + name, env("USER"),
                env("PASSWORD"), "verify-full", Optional.of(Path.of(env("CA"))), 4);
    }

    /**
     * Where the test cluster keeps the database of {@code jdbcUrl} on disk, after a checkpoint wrote every change to
     * its files: the database's own directory and the cluster's write-ahead log (which every commit reaches first).
     */
    public static List<Path> postgresFiles(String jdbcUrl) {
        String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        maintenance("CHECKPOINT");
        Path data = Path.of(env("DATA"));
        try (Connection c = DriverManager.getConnection(env("URL"), maintenanceProperties());
                PreparedStatement s = c.prepareStatement("SELECT oid FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no database " + name + " on the test PostgreSQL");
                }
                return List.of(data.resolve("base").resolve(String.valueOf(rs.getLong(1))), data.resolve("pg_wal"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find the files of " + name, e);
        }
    }

    /** Runs {@code statements} on the test cluster's maintenance database, as its superuser. */
    static void maintenance(String... statements) {
        String url = env("URL");
        try (Connection c = DriverManager.getConnection(url, maintenanceProperties());
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL at " + url + " refused: " + e.getMessage(), e);
        }
    }

    private static Properties maintenanceProperties() {
        Properties p = new Properties();
        p.setProperty("user", env("USER"));
        p.setProperty("password", env("PASSWORD"));
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", env("CA"));
        return p;
    }

    private static String env(String name) {
        String value = System.getenv(PREFIX + name);
        boolean present = value != null && !value.isBlank();
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException(PREFIX + name + " is not set: .ci/run starts the test PostgreSQL "
                    + "cluster and sets it (see .ci/postgresql.sh)");
        }
        assumeTrue(present, "no test PostgreSQL cluster (" + PREFIX + name + " unset): run .ci/postgresql.sh");
        return value;
    }
}
