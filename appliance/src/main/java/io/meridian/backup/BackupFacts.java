package io.meridian.backup;

import io.meridian.ops.MBeans;
import java.time.Duration;
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
        return MBeans.await(backups.backup("jmx"), Duration.ofHours(6), "The backup").archive().toString();
    }
}
