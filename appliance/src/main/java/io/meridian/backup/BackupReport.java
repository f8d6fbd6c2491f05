package io.meridian.backup;

import java.nio.file.Path;
import java.time.Instant;

/** A backup made: the archive, when it was finished, its size and how long it took. */
public record BackupReport(Path archive, Instant finishedAt, long bytes, long millis) {
}
