package io.meridian.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of a process on Linux, read from {@code /proc}: the whole process ({@code /proc/<pid>/stat}, user + system,
 * every thread that ever ran) and its JIT compiler threads ({@code /proc/<pid>/task/<tid>/stat} of the threads HotSpot
 * names "C1 CompilerThread…" and "C2 CompilerThread…"). The compiler is measured by its threads' CPU, not by
 * {@code CompilationMXBean.getTotalCompilationTime()}, which adds up the compiler threads' elapsed time: on a busy
 * machine that counts time they waited for a core, and can exceed the CPU time of the whole process.
 */
public final class ProcessCpu {

    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private final long pid;

    private ProcessCpu(long pid) {
        this.pid = pid;
    }

    public static ProcessCpu of(long pid) {
        return new ProcessCpu(pid);
    }

    /** This JVM. */
    public static ProcessCpu self() {
        return new ProcessCpu(ProcessHandle.current().pid());
    }

    /** User + system CPU time of the process so far, in ms. */
    public long totalMillis() {
        return ticksOf(read(Path.of("/proc", Long.toString(pid), "stat"))) * 1000 / TICKS_PER_SECOND;
    }

    /**
     * User + system CPU time of the JIT compiler threads alive now, in ms. A compiler thread that ends takes its time
     * with it, so a node measured by this runs with {@code -XX:-UseDynamicNumberOfCompilerThreads} (all of them live
     * from start to end).
     */
    public long compilerMillis() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    continue; // the thread ended while the folder was listed
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ticksOf(stat);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** utime + stime of a stat line; the fields after the name (in parentheses, may hold spaces) start with the state. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (this benchmark measures CPU on Linux only)", e);
        }
    }

    /** {@code getconf CLK_TCK}: the unit of the CPU times in {@code /proc/<pid>/stat}. */
    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!getconf.waitFor(10, TimeUnit.SECONDS) || getconf.exitValue() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running getconf", e);
        }
    }
}
