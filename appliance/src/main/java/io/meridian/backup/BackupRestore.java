package io.meridian.backup;

import io.meridian.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.crypto.SecretKey;

/**
 * Puts a backup back, while the node is stopped ({@code bin/meridian restore FILE}, docs/backup.md). The archive is
 * unpacked beside the database and opened with this node's storage key first; only then is the database replaced:
 * the one it replaces is kept as {@code data/db.before-restore-<time>}, and the search index (derived data) is
 * removed so the node rebuilds it. The key store and the erasure ledger stay as they are: at its next start the node
 * shreds again every customer erased after the backup was taken. Blocking.
 */
public final class BackupRestore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private BackupRestore() {
    }

    /** What a restore did: the archive's description (JSON) and where the database it replaced was put. */
    public record Restored(String description, Path previousDatabase) {
    }

    /**
     * Restores {@code archive} into {@code dataDir}; the node must be stopped. On failure nothing in place changed.
     *
     * @throws IOException with a message an admin can act on
     */
    public static Restored restore(Path archive, Path dataDir, SecretKey masterKey, byte[] storageKey, Clock clock)
            throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("No backup archive at " + archive);
        }
        Path database = dataDir.resolve("db");
        if (Files.exists(database.resolve("db.lck"))) {
            throw new IOException("The database at " + database + " is in use (or the node did not stop cleanly): "
                    + "stop the node first (bin/meridian stop); if it is stopped, start and stop it once");
        }
        Path unpacking = dataDir.resolve("db.restoring");
        Backups.deleteTree(unpacking);
        Files.createDirectories(unpacking);
        String description;
        try {
            try (InputStream in = Files.newInputStream(archive)) {
                description = BackupArchive.read(in, masterKey, unpacking);
            }
            try {
                Store.check(unpacking.resolve("db"), storageKey);
            } catch (IllegalStateException e) {
                throw new IOException("The archive's database does not open with this node's key: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException e) {
            Backups.deleteTree(unpacking);
            throw e;
        }
        Path previous = null;
        if (Files.exists(database)) {
            previous = dataDir.resolve("db.before-restore-" + STAMP.format(clock.instant()));
            Files.move(database, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(unpacking.resolve("db"), database, StandardCopyOption.ATOMIC_MOVE);
        Backups.deleteTree(unpacking);
        Backups.deleteTree(dataDir.resolve("search"));
        return new Restored(description, previous);
    }
}
