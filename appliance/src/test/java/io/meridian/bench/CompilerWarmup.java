package io.meridian.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Warms a JVM up until its JIT compiler is quiet, so that a measured run does not share the cores with the compiler.
 * It repeats a round of load and reads, around each, the CPU time of the JVM's compiler threads
 * ({@link ProcessCpu#compilerMillis()}) and, when that says quiet, the compiler's queue
 * ({@code jcmd <pid> Compiler.queue}). The JVM counts as warm when, over the latest two or more rounds lasting at least
 * {@code quietFor} together, the compiler threads took at most {@code quietPercent} % of one core, and nothing waits in
 * the queue after them (on a busy machine a compiler starved of CPU would look quiet by its CPU time alone); never
 * before {@code min}; after {@code cap} it stops anyway and says so. Sizes: system properties {@code bench.warmupMinSeconds},
 * {@code bench.warmupMaxSeconds}, {@code bench.jitQuietSeconds} and {@code bench.jitQuietPercent}.
 */
final class CompilerWarmup {

    private static final int NOT_ASKED = -2;

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
                Duration.ofSeconds(Long.getLong("bench.jitQuietSeconds", 10)),
                Double.parseDouble(System.getProperty("bench.jitQuietPercent", "5")));
    }

    /**
     * What the warm-up did: its length, rounds, the compiler's share of one core over the latest rounds and the methods
     * in its queue after them (-1: jcmd could not tell; -2: not asked, the compiler was busy).
     */
    record Outcome(int rounds, long elapsedMillis, long compileMillis, double lastRoundPercent, int lastQueued,
            boolean quiet) {

        String describe() {
            return String.format(Locale.ROOT, "%d rounds in %.1f s, compiler CPU %d ms in all, %.1f %% of one core over the"
                            + " latest rounds, %s: %s", rounds, elapsedMillis / 1000.0, compileMillis, lastRoundPercent,
                    lastQueued == NOT_ASKED ? "queue not read" : lastQueued < 0 ? "queue unknown (jcmd failed)"
                            : lastQueued + " methods queued after them",
                    quiet ? "quiet" : "NOT quiet (cap reached; the measured run shares the cores with the compiler)");
        }
    }

    /** Runs {@code round} (which blocks until its load is done) until the compiler of JVM {@code pid} is quiet or the cap is reached. */
    Outcome run(long pid, Runnable round) {
        ProcessCpu cpu = ProcessCpu.of(pid);
        long start = System.nanoTime();
        long compileStart = cpu.compilerMillis();
        // The latest rounds that together last at least quietFor: {wall nanos, compiler CPU ms} each. Judged together,
        // so that short rounds are not judged by one 10 ms clock tick of the compiler's CPU time.
        Deque<long[]> latest = new ArrayDeque<>();
        int rounds = 0;
        while (true) {
            long roundStart = System.nanoTime();
            long compileBefore = cpu.compilerMillis();
            round.run();
            rounds++;
            latest.addLast(new long[] {System.nanoTime() - roundStart, cpu.compilerMillis() - compileBefore});
            long nanos = latest.stream().mapToLong(r -> r[0]).sum();
            while (latest.size() > 2 && nanos - latest.peekFirst()[0] >= quietFor.toNanos()) {
                nanos -= latest.removeFirst()[0];
            }
            double percent = percentOfOneCore(latest.stream().mapToLong(r -> r[1]).sum(), nanos);
            boolean cpuQuiet = latest.size() >= 2 && nanos >= quietFor.toNanos() && percent <= quietPercent;
            // jcmd starts a JVM of its own: asked only when the CPU time says quiet.
            int queued = cpuQuiet ? queuedCompiles(pid) : NOT_ASKED;
            boolean quiet = cpuQuiet && queued <= 0;
            long elapsed = System.nanoTime() - start;
            if ((quiet && elapsed >= min.toNanos()) || elapsed >= cap.toNanos()) {
                return new Outcome(rounds, elapsed / 1_000_000, cpu.compilerMillis() - compileStart, percent, queued, quiet);
            }
        }
    }

    /** Compiler CPU time as a share of one core over a wall-clock span (the compiler threads' time added up). */
    static double percentOfOneCore(long compileMillis, long wallNanos) {
        return wallNanos <= 0 ? 0 : 100.0 * compileMillis * 1_000_000 / wallNanos;
    }

    /**
     * Methods being compiled or waiting to be, from {@code jcmd <pid> Compiler.queue}: the lines under "Current
     * compiles:" and the compile queues other than "Empty". -1 when jcmd is missing or fails.
     */
    static int queuedCompiles(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid),
                    "Compiler.queue").redirectErrorStream(true).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return -1;
            }
            int queued = 0;
            boolean inSection = false;
            for (String line : lines) {
                String text = line.strip();
                if (text.equals("Current compiles:") || text.endsWith("compile queue:")) {
                    inSection = true;
                } else if (inSection && !text.isEmpty() && !text.equals("Empty")) {
                    queued++;
                }
            }
            return inSection ? queued : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
