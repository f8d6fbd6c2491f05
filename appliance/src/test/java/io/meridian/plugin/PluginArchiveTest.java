package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding plugin zips safely, and the retry back-off. */
class PluginArchiveTest {

    @TempDir
    Path dir;

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Verifies that a zip expands into a fresh folder, replacing what was there. */
    @Test
    void expandsIntoAFreshFolder() throws IOException {
        Path target = dir.resolve("p");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.txt"), "old");
        PluginArchive.expand(zip("plugin.properties", "plugin.id=p\n", "classes/a/B.class", "x"), target);
        assertEquals("plugin.id=p\n", Files.readString(target.resolve("plugin.properties")));
        assertTrue(Files.exists(target.resolve("classes/a/B.class")));
        assertFalse(Files.exists(target.resolve("stale.txt")));
    }

    /** Verifies that an entry pointing outside the folder ("zip slip") is refused and writes nothing outside. */
    @Test
    void refusesEntriesOutsideTheFolder() throws IOException {
        IOException e = assertThrows(IOException.class, () ->
                PluginArchive.expand(zip("../evil.txt", "owned"), dir.resolve("p")));
        assertTrue(e.getMessage().contains("outside the plugin folder"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertThrows(IOException.class, () -> PluginArchive.expand("not a zip".getBytes(StandardCharsets.US_ASCII),
                dir.resolve("q")));
    }

    /** Verifies the back-off: 1 s, doubling, capped. */
    @Test
    void backoffDoublesUpToTheCap() {
        Duration max = Duration.ofSeconds(300);
        assertEquals(Duration.ofSeconds(1), Backoff.delay(1, max));
        assertEquals(Duration.ofSeconds(2), Backoff.delay(2, max));
        assertEquals(Duration.ofSeconds(256), Backoff.delay(9, max));
        assertEquals(max, Backoff.delay(10, max));
        assertEquals(max, Backoff.delay(1000, max));
    }
}
