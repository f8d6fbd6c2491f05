package io.meridian.retention;

/**
 * The retention job for JMX consoles ({@code io.meridian:type=Retention,name=<node id>}): whether it runs, its latest
 * runs, and a dry run or a run now, as on the console's retention page.
 */
public interface RetentionMXBean {

    /** Whether a run (dry or not) goes on now. */
    boolean isRunning();

    /** The latest runs, newest first, one line each: when, by whom, dry or not, outcome and what was erased. */
    String[] getLatestRuns();

    /** Counts what a run would erase now, changing nothing, and answers the counts. */
    String dryRun();

    /** Runs the job now and waits for it; answers what was erased. */
    String runNow();
}
