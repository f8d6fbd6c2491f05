package io.meridian.retention;

import io.meridian.ops.MBeans;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        return await(job.latestRuns(), 30, TimeUnit.SECONDS).stream().map(RetentionFacts::line)
                .toArray(String[]::new);
    }

    @Override
    public String dryRun() {
        return line(await(job.run(JMX, true), 6, TimeUnit.HOURS));
    }

    @Override
    public String runNow() {
        return line(await(job.run(JMX, false), 6, TimeUnit.HOURS));
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

    private static <T> T await(Future<T> work, long amount, TimeUnit unit) {
        try {
            return work.toCompletionStage().toCompletableFuture().get(amount, unit);
        } catch (ExecutionException e) {
            // JMX clients may not have our exception classes: the message travels as a plain exception.
            throw new IllegalStateException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the retention job");
        } catch (TimeoutException e) {
            throw new IllegalStateException("The retention job did not answer in time");
        }
    }
}
