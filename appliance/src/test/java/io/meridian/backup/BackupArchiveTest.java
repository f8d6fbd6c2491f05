package io.meridian.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.Crypto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive format alone: a round trip; a changed byte anywhere is refused, or (a byte of the BER framing CMS
 * parsers tolerate) restores exactly what was written; a cut archive or another key is refused.
 */
class BackupArchiveTest {

    private static final SecretKey KEY = new SecretKeySpec(Crypto.randomBytes(32), "AES");

    @TempDir
    Path dir;

    private byte[] archiveOf(Path root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupArchive.write(out, KEY, "{\"format\":1}", root, "db");
        return out.toByteArray();
    }

    private Path tree() throws IOException {
        Path root = Files.createDirectories(dir.resolve("source"));
        Files.createDirectories(root.resolve("seg0"));
        Files.write(root.resolve("seg0/c10.dat"), Crypto.randomBytes(200_000));
        Files.writeString(root.resolve("service.properties"), "derby");
        return root;
    }

    @Test
    void whatIsWrittenIsReadBackByteForByte() throws IOException {
        Path root = tree();
        byte[] archive = archiveOf(root);
        Path target = Files.createDirectories(dir.resolve("target"));
        assertEquals("{\"format\":1}", BackupArchive.read(new ByteArrayInputStream(archive), KEY, target));
        assertArrayEquals(Files.readAllBytes(root.resolve("seg0/c10.dat")), Files.readAllBytes(target.resolve("db/seg0/c10.dat")));
        assertEquals("derby", Files.readString(target.resolve("db/service.properties")));
    }

    @Test
    void noChangedOrMissingByteRestoresAlteredData() throws IOException {
        Path root = tree();
        byte[] original = Files.readAllBytes(root.resolve("seg0/c10.dat"));
        byte[] archive = archiveOf(root);
        List<Integer> accepted = new ArrayList<>();
        // The first bytes (recipient, algorithm, nonce), the middle of the content, and every one of the last 64.
        List<Integer> places = new ArrayList<>(List.of(10, 60, 120, archive.length / 2));
        for (int i = archive.length - 64; i < archive.length; i++) {
            places.add(i);
        }
        for (int place : places) {
            byte[] changed = archive.clone();
            changed[place] ^= 0x01;
            Path target = dir.resolve("changed-" + place);
            if (readable(changed, target.getFileName().toString())
                    && !java.util.Arrays.equals(original, Files.readAllBytes(target.resolve("db/seg0/c10.dat")))) {
                accepted.add(place);
            }
        }
        assertEquals(List.of(), accepted, "changes that restored altered data, of " + archive.length + " bytes");
        byte[] tag = archive.clone();
        tag[archive.length - 20] ^= 0x01;
        assertTrue(!readable(tag, "tag"), "a changed byte of the GCM tag is refused");
        for (int cut : List.of(archive.length - 1, archive.length - 20, archive.length / 2)) {
            byte[] shorter = java.util.Arrays.copyOf(archive, cut);
            assertTrue(!readable(shorter, "cut-" + cut), "cut at " + cut + " accepted");
        }
        IOException other = assertThrows(IOException.class, () -> BackupArchive.read(new ByteArrayInputStream(archive),
                new SecretKeySpec(new byte[32], "AES"), Files.createDirectories(dir.resolve("other"))));
        assertTrue(other.getMessage().contains("master key"), other.getMessage());
    }

    private boolean readable(byte[] archive, String name) throws IOException {
        try {
            BackupArchive.read(new ByteArrayInputStream(archive), KEY, Files.createDirectories(dir.resolve(name)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
