package io.meridian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MeridianConfigTest {

    @TempDir
    Path home;

    private Path yaml(String text) throws IOException {
        Path file = home.resolve("meridian.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Verifies that the defaults apply when there is no file at all. */
    @Test
    void defaultsWithoutFile() {
        MeridianConfig config = MeridianConfig.load(home, home.resolve("absent.yaml"), Map.of(), new Properties());
        assertEquals(8443, config.integer(ConfigKeys.HTTP_PORT));
        assertTrue(config.bool(ConfigKeys.TLS_ENABLED));
        assertEquals(home.resolve("data"), config.path(ConfigKeys.DATA_DIR));
        assertEquals(List.of(), config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS));
    }

    /** Verifies that the file, then the environment, then system properties override one another in that order. */
    @Test
    void overridesApplyInOrder() throws IOException {
        Path file = yaml("http:\n  port: 9000\n  allowed-origins: [https://a.example, https://b.example]\nnode:\n  region: eu\n");
        Properties props = new Properties();
        props.setProperty("meridian.node.region", "apac");
        props.setProperty("meridian.home", "/ignored/launcher/property");
        MeridianConfig config = MeridianConfig.load(home, file,
                Map.of("MERIDIAN_HTTP_PORT", "9100", "MERIDIAN_NODE_REGION", "us"), props);
        assertEquals(9100, config.integer(ConfigKeys.HTTP_PORT));
        assertEquals("apac", config.string(ConfigKeys.NODE_REGION));
        assertEquals(List.of("https://a.example", "https://b.example"), config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS));
    }

    /** Verifies that a list can be overridden from the environment as comma-separated text. */
    @Test
    void listFromEnvironment() {
        MeridianConfig config = MeridianConfig.load(home, null,
                Map.of("MERIDIAN_HTTP_ALLOWED_ORIGINS", "https://a.example, https://b.example"), new Properties());
        assertEquals(List.of("https://a.example", "https://b.example"), config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS));
    }

    /** Verifies that an unknown key stops loading with the file, the key and a suggestion. */
    @Test
    void unknownKeyNamesFileAndKey() throws IOException {
        Path file = yaml("http:\n  prot: 9000\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'http.prot'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'http.port'"), e.getMessage());
    }

    /** Verifies that a value of the wrong type names the file, the key and what was expected. */
    @Test
    void badValueNamesFileKeyAndExpectation() throws IOException {
        Path file = yaml("http:\n  port: eighty\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(file + ", key 'http.port'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a port number"), e.getMessage());
    }

    /**
     * Verifies that the store's engine, its TLS mode and, for PostgreSQL, its URL are checked, naming the file and
     * key, and that a URL's parameters (which may carry a password) are left out of the message.
     */
    @Test
    void storeSettingsAreChecked() throws IOException {
        Map<String, String> cases = Map.of(
                "store:\n  engine: mysql\n", "key 'store.engine': expected derby or postgresql, got 'mysql'",
                "store:\n  postgresql:\n    ssl-mode: prefer\n", "key 'store.postgresql.ssl-mode': expected "
                        + "verify-full, verify-ca, require or disable, got 'prefer'",
                "store:\n  engine: postgresql\n", "key 'store.postgresql.url': expected jdbc:postgresql://",
                "store:\n  engine: postgresql\n  postgresql:\n    url: \"postgres://db?password=hunter2\"\n",
                "got 'postgres://db?…'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = yaml(c.getKey());
            ConfigException e = assertThrows(ConfigException.class,
                    () -> MeridianConfig.load(home, file, Map.of(), new Properties()), c.getKey());
            assertTrue(e.getMessage().startsWith(file + ", key 'store."), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
        MeridianConfig postgres = MeridianConfig.load(home, yaml("store:\n  engine: postgresql\n  postgresql:\n"
                + "    url: jdbc:postgresql://db.internal:5432/meridian\n"), Map.of(), new Properties());
        assertEquals("verify-full", postgres.string(ConfigKeys.STORE_POSTGRESQL_SSL_MODE), "TLS checked by default");
    }

    /** Verifies that an on-site entry that is not an IP address or CIDR range names the file, key and entry. */
    @Test
    void onSiteAddressesMustBeAddressesOrRanges() throws IOException {
        Path good = yaml("residency:\n  on-site-addresses: [10.20.0.0/16, 'fd00:1::/48', 192.0.2.7]\n");
        assertEquals(List.of("10.20.0.0/16", "fd00:1::/48", "192.0.2.7"),
                MeridianConfig.load(home, good, Map.of(), new Properties()).list(ConfigKeys.RESIDENCY_ON_SITE_ADDRESSES));
        Path file = yaml("residency:\n  on-site-addresses: [10.20.0.0/16, apy.intranet]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(file + ", key 'residency.on-site-addresses'"), e.getMessage());
        assertTrue(e.getMessage().contains("'apy.intranet' is not an IP address or CIDR range"), e.getMessage());
    }

    /**
     * Verifies that home regions by country are read as entries like DE=eu, and that a malformed entry, a region
     * name that could not lead a visitor token (upper case, a dot), or a cross-region access that is not allow,
     * masked or deny, names the file (or variable), the key and the value.
     */
    @Test
    void homeRegionsAndRegionNamesAreChecked() throws IOException {
        Path good = yaml("node:\n  region: eu\nresidency:\n  home-regions: [DE=eu, 'us = us', jp=apac-1]\n");
        MeridianConfig config = MeridianConfig.load(home, good, Map.of(), new Properties());
        io.meridian.conversation.HomeRegions regions = ConfigKeys.homeRegions(config);
        assertEquals(Map.of("DE", "eu", "US", "us", "JP", "apac-1"), regions.byCountry());
        assertEquals("apac-1", regions.ofNewVisitor("ja-JP", List.of()));
        assertEquals("us", regions.ofNewVisitor(null, List.of("en", "en-US")), "the first browser language naming one");
        assertEquals("eu", regions.ofNewVisitor("fr-FR", List.of()), "an unmapped country: the node's region");
        for (String bad : List.of("residency:\n  home-regions: [Germany=eu]\n",
                "residency:\n  home-regions: [DE=EU.west]\n")) {
            Path file = yaml(bad);
            ConfigException e = assertThrows(ConfigException.class,
                    () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
            assertTrue(e.getMessage().contains(file + ", key 'residency.home-regions'")
                    && e.getMessage().contains("DE=eu"), e.getMessage());
        }
        Path crossBad = yaml("residency:\n  cross-region: [eu>us=open]\n");
        ConfigException cross = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, crossBad, Map.of(), new Properties()));
        assertTrue(cross.getMessage().contains("key 'residency.cross-region'") && cross.getMessage().contains(
                "'eu>us=open'"), cross.getMessage());
        ConfigException fallback = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, null,
                Map.of("MERIDIAN_RESIDENCY_CROSS_REGION_DEFAULT", "sometimes"), new Properties()));
        assertTrue(fallback.getMessage().contains("residency.cross-region-default")
                && fallback.getMessage().contains("'sometimes'"), fallback.getMessage());
        Path file = yaml("node:\n  region: EU.west\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(file + ", key 'node.region'") && e.getMessage().contains("'EU.west'"),
                e.getMessage());
    }

    /** Verifies that a bad environment override names the variable and the key. */
    @Test
    void badEnvironmentValueNamesVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, null,
                Map.of("MERIDIAN_TLS_ENABLED", "yes"), new Properties()));
        assertTrue(e.getMessage().contains("MERIDIAN_TLS_ENABLED"), e.getMessage());
        assertTrue(e.getMessage().contains("tls.enabled"), e.getMessage());
    }

    /**
     * Verifies that an unknown MERIDIAN_* environment variable stops loading with the variable and the closest known
     * one, while the launcher's own variables and variables of other programs pass.
     */
    @Test
    void unknownEnvironmentVariableRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, null,
                Map.of("MERIDIAN_HTTP_PROT", "8080"), new Properties()));
        assertEquals("environment variable MERIDIAN_HTTP_PROT: unknown key (did you mean MERIDIAN_HTTP_PORT?)",
                e.getMessage());
        ConfigException far = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, null,
                Map.of("MERIDIAN_COMPLETELY_DIFFERENT", "x"), new Properties()));
        assertTrue(far.getMessage().contains("docs/configuration.md"), far.getMessage());
        MeridianConfig fine = MeridianConfig.load(home, null, Map.of("MERIDIAN_HOME", "/opt/meridian",
                "MERIDIAN_LOGS", "/var/log/meridian", "MERIDIAN_KEYSTORE_PASSWORD", "x", "MERIDIANX", "y",
                "PATH", "/usr/bin", "MERIDIAN_HTTP_PORT", "8081"), new Properties());
        assertEquals(8081, fine.integer(ConfigKeys.HTTP_PORT));
    }

    /** Verifies that an unknown -Dmeridian.* property is refused rather than silently ignored. */
    @Test
    void unknownSystemPropertyRefused() {
        Properties props = new Properties();
        props.setProperty("meridian.http.prot", "1");
        ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, null, Map.of(), props));
        assertTrue(e.getMessage().contains("-Dmeridian.http.prot"), e.getMessage());
    }

    /** Verifies that a certificate without its key, and a missing certificate file, are refused with the key named. */
    @Test
    void tlsFilesChecked() throws IOException {
        Path onlyCert = yaml("tls:\n  cert-file: cert.pem\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, onlyCert, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains("tls.key-file"), e.getMessage());

        Path missing = yaml("tls:\n  cert-file: cert.pem\n  key-file: key.pem\n");
        e = assertThrows(ConfigException.class, () -> MeridianConfig.load(home, missing, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains("tls.cert-file") && e.getMessage().contains("readable file"), e.getMessage());
    }

    /** Verifies that malformed YAML is reported with the file name. */
    @Test
    void malformedYaml() throws IOException {
        Path file = yaml("http: [unclosed\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> MeridianConfig.load(home, file, Map.of(), new Properties()));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    /** Verifies that the shipped conf/meridian.yaml is valid and every key is documented in docs/configuration.md. */
    @Test
    void shippedConfigValidAndEveryKeyDocumented() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        MeridianConfig.load(repo, repo.resolve("conf/meridian.yaml"), Map.of(), new Properties());
        String doc = Files.readString(repo.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKeys.ALL) {
            assertTrue(doc.contains("`" + key.name() + "`"), key.name() + " is not documented");
            assertTrue(doc.contains("`" + key.environmentVariable() + "`"), key.environmentVariable() + " is not documented");
        }
    }
}
