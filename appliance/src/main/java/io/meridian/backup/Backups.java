package io.meridian.backup;

import io.meridian.crypto.DataKeys;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backups (docs/backup.md): Derby copies the database while the node serves ({@link Store#copyTo}), then the
 * copy is packed into one encrypted archive ({@link BackupArchive}) in the backup directory, named
 * {@code meridian-<node>-<UTC time>.backup}. The archive is written under a temporary name and renamed when
 * complete, so a half-written archive never looks like a backup. One backup at a time.
 */
public final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String SUFFIX = ".backup";

    private final Vertx vertx;
    private final Store store;
    private final DataKeys masterKeys;
    private final Path directory;
    private final Path staging;
    private final String nodeId;
    private final String region;
    private final String version;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<BackupReport> last = new AtomicReference<>();
    /** A master key rotation runs (guarded by this): a backup would hold data keys wrapped under either key. */
    private boolean keysRotating;

    /** {@code staging}: a directory on the data disk for Derby's copy while it is packed (emptied after). */
    public Backups(Vertx vertx, Store store, DataKeys masterKeys, Path directory, Path staging, String nodeId,
            String region, String version, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.masterKeys = masterKeys;
        this.directory = directory;
        this.staging = staging;
        this.nodeId = nodeId;
        this.region = region;
        this.version = version;
        this.clock = clock;
    }

    /**
     * Makes a backup; fails with {@link IllegalStateException} while another one runs or while the master key is
     * rotated.
     */
    public Future<BackupReport> backup(String by) {
        synchronized (this) {
            if (keysRotating) {
                return Future.failedFuture(new IllegalStateException("The master key is being rotated: make the "
                        + "backup once the rotation is finished"));
            }
            if (!running.compareAndSet(false, true)) {
                return Future.failedFuture(new IllegalStateException("A backup is being made already"));
            }
        }
        SecretKey masterKey = masterKeys.masterKey();
        long started = System.nanoTime();
        Instant at = clock.instant();
        Path copyParent = staging.resolve(STAMP.format(at));
        return vertx.executeBlocking(() -> {
            deleteTree(staging);
            Files.createDirectories(copyParent);
            Files.createDirectories(directory);
            return null;
        }, false).compose(v -> store.copyTo(copyParent)).compose(copy -> vertx.executeBlocking(() -> {
            Path archive = directory.resolve("meridian-" + safe(nodeId) + "-" + STAMP.format(at) + SUFFIX);
            Path partial = directory.resolve(archive.getFileName() + ".partial");
            String description = new JsonObject().put("format", 1).put("node", nodeId).put("region", region)
                    .put("version", version).put("startedAt", at.toString()).encodePrettily();
            try (OutputStream out = Files.newOutputStream(partial)) {
                BackupArchive.write(out, masterKey, description, copy, "db");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            return new BackupReport(archive, clock.instant(), Files.size(archive),
                    (System.nanoTime() - started) / 1_000_000);
        }, false)).onComplete(ar -> {
            running.set(false);
            if (ar.succeeded()) {
                last.set(ar.result());
                AUDIT.info("Backup {} made by {} ({} bytes in {} ms)", ar.result().archive().getFileName(), by,
                        ar.result().bytes(), ar.result().millis());
            } else {
                LOG.error("The backup failed: {}", ar.cause().toString(), ar.cause());
                vertx.executeBlocking(() -> {
                    deleteTree(staging);
                    return null;
                }, false);
            }
        });
    }

    /** The last backup this node made since it started, or null. */
    /** A master key rotation may begin: true, and no backup starts until {@link #keyRotationEnded}; false while one runs. */
    public synchronized boolean keyRotationBegins() {
        if (running.get()) {
            return false;
        }
        keysRotating = true;
        return true;
    }

    public synchronized void keyRotationEnded() {
        keysRotating = false;
    }

    public BackupReport last() {
        return last.get();
    }

    public boolean running() {
        return running.get();
    }

    public Path directory() {
        return directory;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
