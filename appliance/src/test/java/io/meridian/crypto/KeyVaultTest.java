package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyVaultTest {

    @TempDir
    Path dir;

    /** Verifies that the first open creates the file with three distinct 256-bit keys, and a reopen gives the same keys. */
    @Test
    void createsOnceAndReloads() throws Exception {
        Path file = dir.resolve("keys/node.bcfks");
        KeyVault created = KeyVault.openOrCreate(file, "first-password".toCharArray());
        assertTrue(Files.isRegularFile(file));
        assertEquals(32, created.storageKey().length);
        assertEquals(32, created.masterKey().getEncoded().length);
        assertEquals(32, created.blindIndexKey().getEncoded().length);
        assertFalse(Arrays.equals(created.storageKey(), created.masterKey().getEncoded()));
        byte[] fileBefore = Files.readAllBytes(file);

        KeyVault reopened = KeyVault.openOrCreate(file, "first-password".toCharArray());
        assertArrayEquals(created.storageKey(), reopened.storageKey());
        assertArrayEquals(created.masterKey().getEncoded(), reopened.masterKey().getEncoded());
        assertArrayEquals(created.blindIndexKey().getEncoded(), reopened.blindIndexKey().getEncoded());
        assertArrayEquals(fileBefore, Files.readAllBytes(file), "reopening must not rewrite the key store");
    }

    /**
     * Verifies that a new password keeps every key, opens the store while the old one no longer does, and that a
     * wrong current password, a short new one or the same one change nothing.
     */
    @Test
    void aNewPasswordKeepsEveryKey() throws Exception {
        Path file = dir.resolve("keys/node.bcfks");
        KeyVault before = KeyVault.openOrCreate(file, "old-password-of-the-store".toCharArray());
        byte[] untouched = Files.readAllBytes(file);
        assertThrows(IllegalStateException.class, () -> KeyVault.changePassword(file,
                "not-the-password-at-all".toCharArray(), "a-new-password-of-16+".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> KeyVault.changePassword(file,
                "old-password-of-the-store".toCharArray(), "too-short".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> KeyVault.changePassword(file,
                "old-password-of-the-store".toCharArray(), "old-password-of-the-store".toCharArray()));
        assertArrayEquals(untouched, Files.readAllBytes(file), "refused changes leave the file as it was");

        KeyVault.changePassword(file, "old-password-of-the-store".toCharArray(),
                "a-new-password-of-16+".toCharArray());
        KeyVault after = KeyVault.openOrCreate(file, "a-new-password-of-16+".toCharArray());
        assertArrayEquals(before.storageKey(), after.storageKey());
        assertArrayEquals(before.masterKey().getEncoded(), after.masterKey().getEncoded());
        assertArrayEquals(before.blindIndexKey().getEncoded(), after.blindIndexKey().getEncoded());
        assertArrayEquals(before.searchKey().getEncoded(), after.searchKey().getEncoded());
        assertThrows(IllegalStateException.class, () -> KeyVault.openOrCreate(file,
                "old-password-of-the-store".toCharArray()), "the old password opens nothing");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    /** Verifies that keys are not readable in the file and that the file is owner-only on POSIX systems. */
    @Test
    void protectsTheFile() throws Exception {
        Path file = dir.resolve("node.bcfks");
        KeyVault vault = KeyVault.openOrCreate(file, "pw".toCharArray());
        byte[] content = Files.readAllBytes(file);
        assertFalse(contains(content, vault.storageKey()));
        assertFalse(contains(content, vault.masterKey().getEncoded()));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    /** Verifies that a wrong password is refused with an error naming the file, and the file is left intact. */
    @Test
    void refusesAWrongPassword() throws Exception {
        Path file = dir.resolve("node.bcfks");
        KeyVault.openOrCreate(file, "right".toCharArray());
        byte[] before = Files.readAllBytes(file);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyVault.openOrCreate(file, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /** Verifies that a file that is not a key store is refused clearly rather than replaced. */
    @Test
    void refusesAForeignFile() throws Exception {
        Path file = dir.resolve("node.bcfks");
        Files.writeString(file, "not a key store");
        assertThrows(IllegalStateException.class, () -> KeyVault.openOrCreate(file, "pw".toCharArray()));
        assertEquals("not a key store", Files.readString(file));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Verifies the key store's side of a master key rotation: beginning keeps the old master key as the previous one
     * beside a fresh master key (the other keys unchanged), a second beginning is refused, finishing deletes the
     * previous key for good, and finishing again changes nothing.
     */
    @Test
    void aMasterKeyRotationKeepsThePreviousKeyUntilItIsFinished() throws Exception {
        Path file = dir.resolve("keys/node.bcfks");
        char[] password = "rotation-password".toCharArray();
        KeyVault before = KeyVault.openOrCreate(file, password);
        assertTrue(before.previousMasterKey().isEmpty());

        javax.crypto.SecretKey next = KeyVault.beginMasterRotation(file, password);
        KeyVault during = KeyVault.openOrCreate(file, password);
        assertArrayEquals(next.getEncoded(), during.masterKey().getEncoded());
        assertFalse(Arrays.equals(before.masterKey().getEncoded(), next.getEncoded()));
        assertArrayEquals(before.masterKey().getEncoded(), during.previousMasterKey().orElseThrow().getEncoded());
        assertArrayEquals(before.storageKey(), during.storageKey());
        assertArrayEquals(before.blindIndexKey().getEncoded(), during.blindIndexKey().getEncoded());
        assertArrayEquals(before.searchKey().getEncoded(), during.searchKey().getEncoded());
        assertThrows(IllegalStateException.class, () -> KeyVault.beginMasterRotation(file, password));
        assertThrows(IllegalStateException.class, () -> KeyVault.beginMasterRotation(file, "wrong".toCharArray()));

        KeyVault.finishMasterRotation(file, password);
        KeyVault after = KeyVault.openOrCreate(file, password);
        assertTrue(after.previousMasterKey().isEmpty(), "the previous master key is gone from the file");
        assertArrayEquals(next.getEncoded(), after.masterKey().getEncoded());
        byte[] finished = Files.readAllBytes(file);
        KeyVault.finishMasterRotation(file, password);
        assertArrayEquals(finished, Files.readAllBytes(file), "nothing to finish: the file stays as it is");
    }
}
