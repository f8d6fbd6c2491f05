package io.meridian.backup;

import io.meridian.ops.MBeans;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.ObjectName;

/** The backups' MBean. The getters never block; {@link #backup} waits for the archive (up to six hours). */
public final class BackupFacts implements BackupsMXBean {

    private final Backups backups;
    private final String nodeId;
    private ObjectName name;

    public BackupFacts(Backups backups, String nodeId) {
        this.backups = backups;
        this.nodeId = nodeId;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=Backups,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public String getDirectory() {
        return backups.directory().toString();
    }

    @Override
    public boolean isRunning() {
        return backups.running();
    }

    @Override
    public String getLastArchive() {
        BackupReport last = backups.last();
        return last == null ? "" : last.archive().toString();
    }

    @Override
    public String getLastFinishedAt() {
        BackupReport last = backups.last();
        return last == null ? "" : last.finishedAt().toString();
    }

    @Override
    public long getLastBytes() {
        BackupReport last = backups.last();
        return last == null ? 0 : last.bytes();
    }

    @Override
    public String backup() {
        try {
            return backups.backup("jmx").toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS)
                    .archive().toString();
        } catch (ExecutionException e) {
            // JMX clients may not have our exception classes: the message travels as a plain exception.
            throw new IllegalStateException("The backup failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the backup was made");
        } catch (TimeoutException e) {
            throw new IllegalStateException("The backup is still being made after six hours");
        }
    }
}
