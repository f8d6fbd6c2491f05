package io.meridian.backup;

/** Backups for JMX consoles and {@code bin/meridian backup} ({@code io.meridian:type=Backups,name=<node id>}). */
public interface BackupsMXBean {

    /** The backup directory. */
    String getDirectory();

    /** Whether a backup is being made now. */
    boolean isRunning();

    /** The last archive this node made since it started ("" if none). */
    String getLastArchive();

    /** When the last backup finished (ISO-8601 UTC, "" if none). */
    String getLastFinishedAt();

    /** The last archive's size in bytes (0 if none). */
    long getLastBytes();

    /** Makes a backup now, while the node serves, and answers the archive's path once it is complete. */
    String backup();
}
