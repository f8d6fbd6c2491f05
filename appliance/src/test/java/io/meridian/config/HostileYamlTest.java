package io.meridian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/meridian.yaml built to exhaust the node: each bound of {@link AdminYaml} stops it with the file and the bound
 * named, before anything of it is used. (routing.yaml and the connector files are read through the same class.)
 */
@Timeout(60)
class HostileYamlTest {

    @TempDir
    Path dir;

    private ConfigException load(String yaml) throws IOException {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return assertThrows(ConfigException.class, () -> MeridianConfig.load(dir, file, Map.of(), new Properties()));
    }

    /** A tree of aliases nine levels deep: 10^9 values from a few hundred bytes. */
    static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** Verifies that a billion laughs is refused by the alias limit, naming the file. */
    @Test
    void billionLaughsRefused() throws IOException {
        ConfigException e = load(billionLaughs());
        assertTrue(e.getMessage().startsWith(dir.resolve("meridian.yaml") + ": not valid YAML: Number of aliases for "
                + "non-scalar nodes exceeds the specified max=20"), e.getMessage());
    }

    /** Verifies that few aliases of a large list are refused by the count of values once the aliases are followed. */
    @Test
    void amplificationWithinTheAliasLimitRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("big: &big [");
        for (int i = 0; i < 10_000; i++) {
            yaml.append(i == 0 ? "" : ",").append(i);
        }
        yaml.append("]\ncopies: [").append("*big, ".repeat(19)).append("*big]\n");
        ConfigException e = load(yaml.toString());
        assertEquals(dir.resolve("meridian.yaml") + ": holds more than 100000 values once its aliases are followed "
                + "(each *alias repeats the whole anchored content); use fewer aliases", e.getMessage());
    }

    /** Verifies that deep nesting and an oversized file are refused, naming the file. */
    @Test
    void deepAndOversizedRefused() throws IOException {
        ConfigException deep = load("web: " + "[".repeat(100) + "]".repeat(100) + "\n");
        assertTrue(deep.getMessage().startsWith(dir.resolve("meridian.yaml") + ": not valid YAML: Nesting Depth "
                + "exceeded max 20"), deep.getMessage());
        ConfigException big = load("# " + "x".repeat(AdminYaml.MAX_BYTES) + "\n");
        assertEquals(dir.resolve("meridian.yaml") + ": is 1025 KiB; a YAML file may be at most 1024 KiB",
                big.getMessage());
    }
}
