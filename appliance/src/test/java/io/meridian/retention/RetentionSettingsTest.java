package io.meridian.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privacy.retention.* keys: keep-all by default, regions overriding one kind each, bad values named at start. */
class RetentionSettingsTest {

    @TempDir
    Path home;

    private RetentionSettings load(String yaml) throws Exception {
        Path file = home.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        MeridianConfig config = MeridianConfig.load(home, file, Map.of(), new Properties());
        return RetentionSettings.of(config.integer(ConfigKeys.PRIVACY_RETENTION_TRANSCRIPTS_DAYS),
                config.integer(ConfigKeys.PRIVACY_RETENTION_ATTACHMENTS_DAYS),
                config.integer(ConfigKeys.PRIVACY_RETENTION_CLOSED_TICKETS_DAYS),
                config.list(ConfigKeys.PRIVACY_RETENTION_REGIONS), config.string(ConfigKeys.PRIVACY_RETENTION_RUN_AT),
                config.integer(ConfigKeys.PRIVACY_RETENTION_BATCH_SIZE));
    }

    private ConfigException refused(String yaml) {
        Path file = home.resolve("meridian.yaml");
        return assertThrows(ConfigException.class, () -> {
            Files.writeString(file, yaml);
            MeridianConfig.load(home, file, Map.of(), new Properties());
        });
    }

    @Test
    void anInstallThatSetsNothingKeepsEverything() throws Exception {
        RetentionSettings settings = load("node:\n  region: eu\n");
        assertTrue(settings.policies().keepsAll());
        assertEquals(LocalTime.of(3, 30), settings.runAt());
        assertEquals(100, settings.batchSize());
    }

    @Test
    void aRegionOverridesOnlyTheKindsItNames() throws Exception {
        RetentionSettings settings = load("""
                privacy:
                  retention:
                    transcripts-days: 730
                    attachments-days: 180
                    regions: ["us:transcripts=3650", "us:closed-tickets=2555", "apac: attachments = 0"]
                    run-at: "22:15"
                """);
        assertEquals(new RetentionPolicy(730, 180, 0), settings.policies().forRegion("eu"));
        assertEquals(new RetentionPolicy(3650, 180, 2555), settings.policies().forRegion("us"));
        assertEquals(new RetentionPolicy(730, 0, 0), settings.policies().forRegion("apac"));
        assertEquals(LocalTime.of(22, 15), settings.runAt());
    }

    @Test
    void badValuesStopTheNodeNamingTheFileAndTheKey() {
        for (Map.Entry<String, String> bad : Map.of(
                "privacy:\n  retention:\n    regions: [\"eu=730\"]\n", "privacy.retention.regions",
                "privacy:\n  retention:\n    regions: [\"eu:chats=730\"]\n", "privacy.retention.regions",
                "privacy:\n  retention:\n    transcripts-days: -1\n", "privacy.retention.transcripts-days",
                "privacy:\n  retention:\n    attachments-days: 99999\n", "privacy.retention.attachments-days",
                "privacy:\n  retention:\n    run-at: \"25:00\"\n", "privacy.retention.run-at",
                "privacy:\n  retention:\n    batch-size: 100000\n", "privacy.retention.batch-size").entrySet()) {
            ConfigException e = refused(bad.getKey());
            assertTrue(e.getMessage().contains("meridian.yaml") && e.getMessage().contains(bad.getValue()),
                    e.getMessage());
        }
    }
}
