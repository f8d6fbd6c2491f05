package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plugin host knows no channel by name: it names none of the channel capabilities' packages (what a channel
 * needs beyond text comes to it as a {@link ChannelProfile}), and no mail class.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoChannelInPluginHostTest {

    /** The appliance packages that are channels, or a channel's own knowledge. */
    private static final Pattern CHANNEL_REFERENCE = Pattern.compile(
            "\\bio\\.meridian\\.(email|widget)\\.|\\bMail(Channel|Intake|Threads|Bodies)\\b");

    /** Verifies that no source file of io.meridian.plugin names a channel package or class. */
    @Test
    void thePluginHostNamesNoChannel() throws IOException {
        Path plugin = Path.of("src/main/java/io/meridian/plugin");
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(plugin)) {
            for (Path file : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                String[] lines = Files.readString(file).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = CHANNEL_REFERENCE.matcher(lines[i]);
                    if (m.find()) {
                        found.add(file.getFileName() + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertTrue(files > 20, "the scan read the plugin package: " + files + " files");
        assertEquals(List.of(), found);
    }

    /** Verifies that the scan would see an import of the e-mail capability. */
    @Test
    void theScanSeesAChannelImport() {
        assertTrue(CHANNEL_REFERENCE.matcher("import io.meridian.email.MailChannel;").find());
        assertTrue(CHANNEL_REFERENCE.matcher("private final MailChannel mail;").find());
    }
}
