package io.meridian.retention;

import io.meridian.ops.MBeans;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;

/** The retention job's MBean. {@link #dryRun} and {@link #runNow} wait for the run (up to six hours). */
public final class RetentionFacts implements RetentionMXBean {

    /** Who a run from JMX is recorded as started by. */
    static final String JMX = "jmx";

    private final RetentionJob job;
    private final String nodeId;
    private ObjectName name;

    public RetentionFacts(RetentionJob job, String nodeId) {
        this.job = job;
        this.nodeId = nodeId;
    }

    public static String objectName(String nodeId) {
        return "io.meridian:type=Retention,name=" + ObjectName.quote(nodeId);
    }

    public void register() throws JMException {
        name = MBeans.register(this, objectName(nodeId));
    }

    public void unregister() throws JMException {
        MBeans.unregister(name);
    }

    @Override
    public boolean isRunning() {
        return job.busy();
    }

    @Override
    public String[] getLatestRuns() {
        return MBeans.await(job.latestRuns(), Duration.ofSeconds(30), "Reading the runs").stream().map(RetentionFacts::line)
                .toArray(String[]::new);
    }

    @Override
    public String dryRun() {
        return line(MBeans.await(job.run(JMX, true), Duration.ofHours(6), "The dry run"));
    }

    @Override
    public String runNow() {
        return line(MBeans.await(job.run(JMX, false), Duration.ofHours(6), "The run"));
    }

    /** "2026-12-07T03:30:00Z by schedule: done, 1200 conversations, 48000 messages, 310 files, 12 tickets erased". */
    static String line(RetentionRun run) {
        RetentionCounts total = run.total();
        return run.startedAt() + " by " + run.startedBy() + (run.dryRun() ? " (dry run)" : "") + ": "
                + run.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", " + total.conversations()
                + " conversations, " + total.messages() + " messages, " + total.attachments() + " files, "
                + total.tickets() + " tickets " + (run.dryRun() ? "would be erased" : "erased")
                + (run.heldSkipped() > 0 ? "; " + run.heldSkipped() + " kept customers skipped" : "")
                + (run.detail() == null ? "" : "; " + run.detail());
    }
}
