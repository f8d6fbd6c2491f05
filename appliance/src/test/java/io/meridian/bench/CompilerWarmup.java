package io.meridian.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Warms a JVM up until its JIT compiler is quiet, so that a measured run does not share the cores with the compiler.
 * It repeats a round of load and reads the CPU time of the compiler threads ({@link ProcessCpu#compilerMillis()} of
 * whichever JVM runs the node) around each: the JVM counts as warm once the compiler took at most
 * {@code quietPercent} % of one core in every round of the last {@code quietFor}, and never before {@code min}. After
 * {@code cap} it stops anyway and says so. Sizes: system properties {@code bench.warmupMinSeconds},
 * {@code bench.warmupMaxSeconds}, {@code bench.jitQuietSeconds} and {@code bench.jitQuietPercent}.
 */
final class CompilerWarmup {

    private final Duration min;
    private final Duration cap;
    private final Duration quietFor;
    private final double quietPercent;

    CompilerWarmup(Duration min, Duration cap, Duration quietFor, double quietPercent) {
        this.min = min;
        this.cap = cap;
        this.quietFor = quietFor;
        this.quietPercent = quietPercent;
    }

    /** The sizes from the system properties, with the given defaults for the shortest and longest warm-up. */
    static CompilerWarmup fromSystemProperties(int defaultMinSeconds, int defaultMaxSeconds) {
        return new CompilerWarmup(Duration.ofSeconds(Long.getLong("bench.warmupMinSeconds", defaultMinSeconds)),
                Duration.ofSeconds(Long.getLong("bench.warmupMaxSeconds", defaultMaxSeconds)),
                Duration.ofSeconds(Long.getLong("bench.jitQuietSeconds", 5)),
                Double.parseDouble(System.getProperty("bench.jitQuietPercent", "5")));
    }

    /** What the warm-up did: its length, rounds, and the compiler's share of one core in the last round. */
    record Outcome(int rounds, long elapsedMillis, long compileMillis, double lastRoundPercent, boolean quiet) {

        String describe() {
            return String.format(Locale.ROOT, "%d rounds in %.1f s, compiler CPU %d ms in all, %.1f %% of one core in the last"
                            + " round: %s", rounds, elapsedMillis / 1000.0, compileMillis, lastRoundPercent,
                    quiet ? "quiet" : "NOT quiet (cap reached; the measured run shares the cores with the compiler)");
        }
    }

    /**
     * Runs {@code round} (which blocks until its load is done) until the compiler is quiet or the cap is reached;
     * {@code compilerCpuMillis} reads the compiler threads' CPU time so far.
     */
    Outcome run(LongSupplier compilerCpuMillis, Runnable round) {
        long start = System.nanoTime();
        long compileStart = compilerCpuMillis.getAsLong();
        long quietNanos = 0;
        int rounds = 0;
        double lastPercent = Double.NaN;
        while (true) {
            long roundStart = System.nanoTime();
            long compileBefore = compilerCpuMillis.getAsLong();
            round.run();
            rounds++;
            long roundNanos = System.nanoTime() - roundStart;
            lastPercent = percentOfOneCore(compilerCpuMillis.getAsLong() - compileBefore, roundNanos);
            quietNanos = lastPercent <= quietPercent ? quietNanos + roundNanos : 0;
            long elapsed = System.nanoTime() - start;
            boolean quiet = quietNanos >= quietFor.toNanos();
            if ((quiet && elapsed >= min.toNanos()) || elapsed >= cap.toNanos()) {
                return new Outcome(rounds, elapsed / 1_000_000, compilerCpuMillis.getAsLong() - compileStart,
                        lastPercent, quiet);
            }
        }
    }

    /** Compiler CPU time as a share of one core over a wall-clock span (the compiler threads' time added up). */
    static double percentOfOneCore(long compileMillis, long wallNanos) {
        return wallNanos <= 0 ? 0 : 100.0 * compileMillis * 1_000_000 / wallNanos;
    }
}
