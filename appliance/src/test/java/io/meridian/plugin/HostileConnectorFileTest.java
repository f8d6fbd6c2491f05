package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connector files built to exhaust the node are refused naming the file and the bound, like conf/meridian.yaml. */
@Timeout(60)
class HostileConnectorFileTest {

    /** Verifies that a billion laughs under values, and a deeply nested file, are refused naming the file. */
    @Test
    void billionLaughsAndDepthRefused(@TempDir Path dir) throws Exception {
        StringBuilder laughs = new StringBuilder("plugin: channel-email\nfactory: channel-email\nvalues:\n"
                + "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            laughs.append("  a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Path file = Files.writeString(dir.resolve("laughs.yaml"), laughs);
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectorFiles.read(dir));
        assertTrue(e.getMessage().startsWith(file + ": not valid YAML: Number of aliases for non-scalar nodes exceeds "
                + "the specified max=20"), e.getMessage());

        Files.delete(file);
        Path deep = Files.writeString(dir.resolve("deep.yaml"), "plugin: " + "{a: ".repeat(60) + "1"
                + "}".repeat(60) + "\n");
        ConfigException d = assertThrows(ConfigException.class, () -> ConnectorFiles.read(dir));
        assertTrue(d.getMessage().startsWith(deep + ": not valid YAML: Nesting Depth exceeded max 20"), d.getMessage());
    }
}
