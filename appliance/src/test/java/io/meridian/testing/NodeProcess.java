package io.meridian.testing;

import io.meridian.bench.ProcessCpu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A Meridian node in a JVM of its own, as an installation runs it ({@code Main run}, a fixed heap, plain HTTP on
 * 127.0.0.1): benchmarks read its CPU time and heap apart from the load generator's, and the cluster tests kill it
 * ({@link #kill}) as a crash would: CPU from {@code /proc}
 * ({@link ProcessCpu}), heap and garbage collection over JMX on loopback. The process is stopped
 * by {@link #close()}, by a shutdown hook if the benchmark's JVM exits first, and by {@link NodeProcessMain}'s guard if
 * that JVM is killed.
 */
public final class NodeProcess implements AutoCloseable {

    /** What the node prints once it serves requests (Main's banner; bin/meridian waits for the same). */
    private static final String RUNNING_MARK = "is running.";
    /** Logged once the language models are loaded: before that, detection is not yet part of a message's cost. */
    private static final String LANGUAGE_MARK = "Language detection ready";
    private static final String LANGUAGE_FAILED_MARK = "Language detection could not load its models";

    private final Process process;
    private final Thread shutdownHook;
    private final int port;
    private final int jmxPort;
    private final Path dataDir;
    private final Path consoleLog;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final CompletableFuture<Void> languageReady = new CompletableFuture<>();
    private final ProcessCpu cpu;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;

    private NodeProcess(Process process, Thread shutdownHook, int port, int jmxPort, Path dataDir, Path consoleLog) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.port = port;
        this.jmxPort = jmxPort;
        this.dataDir = dataDir;
        this.consoleLog = consoleLog;
        this.cpu = ProcessCpu.of(process.pid());
    }

    /**
     * Starts the node with {@code heap} ({@code -Xms} and {@code -Xmx}, e.g. "1g") in {@code workDir} (its home, data
     * and logs) with the test JVM's class path; {@code env} are MERIDIAN_* settings on top of the benchmark's own.
     */
    public static NodeProcess start(Path workDir, String heap, Map<String, String> env) {
        Path logs = workDir.resolve("logs");
        Path data = workDir.resolve("data");
        Path logbackConfig = repositoryFile("conf/logback.xml");
        // Below the ephemeral range: between this choice and the node's bind, no outgoing connection (of Hazelcast's,
        // the database's, the test's) can take them.
        int port = ClusterPorts.next();
        int jmxPort = ClusterPorts.next();
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
                // What bin/meridian passes for Hazelcast (docs/cluster.md); harmless on a node that is not clustered.
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                // Compiler threads that come and go would take their CPU time with them (see ProcessCpu).
                "-XX:-UseDynamicNumberOfCompilerThreads",
                "-Dmeridian.home=" + workDir,
                "-Dmeridian.logs=" + logs,
                "-Dlogback.configurationFile=" + logbackConfig,
                "-Dlog.console.level=INFO",
                "-Dderby.stream.error.file=" + logs.resolve("derby.log"),
                // JMX without authentication, reachable from this host only: the benchmark reads heap and compiler time.
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-cp", testClassPath(),
                NodeProcessMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MERIDIAN_"));
        builder.environment().put("MERIDIAN_DATA_DIR", data.toString());
        builder.environment().put("MERIDIAN_HTTP_HOST", "127.0.0.1");
        builder.environment().put("MERIDIAN_HTTP_PORT", Integer.toString(port));
        builder.environment().put("MERIDIAN_TLS_ENABLED", "false");
        // As TestNode: admins of these nodes sign in with their passwords; SecondFactorSignInTest checks the default.
        builder.environment().put("MERIDIAN_SECURITY_MFA_REQUIRED_ROLES", "");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the node process " + command, e);
        }
        Thread hook = new Thread(process::destroyForcibly, "bench-node-process-kill");
        Runtime.getRuntime().addShutdownHook(hook);
        NodeProcess node = new NodeProcess(process, hook, port, jmxPort, data, logs.resolve("console.out"));
        node.followConsole();
        return node;
    }

    /** Waits until the node serves requests (its language models may still be loading). */
    public void awaitServing(Duration within) {
        await(running, within, "the node printing '" + RUNNING_MARK + "'");
    }

    /** Ends the process at once, as {@code kill -9} does: no shutdown hook, no clean close of the store. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the node serves requests and its language models are loaded; then connects JMX. */
    public void awaitReady(Duration within) {
        await(running, within, "the node printing '" + RUNNING_MARK + "'");
        await(languageReady, within, "the node loading its language models");
        try {
            String address = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi";
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
            mbeans = jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to the node's JMX", e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path consoleLog() {
        return consoleLog;
    }

    /** The one-time admin password the node wrote at its first start. */
    public String initialAdminPassword() {
        try {
            return Files.readString(dataDir.resolve("initial-admin-password"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the node wrote no initial-admin-password in " + dataDir, e);
        }
    }

    /** CPU time of the node process and of its JIT compiler threads. */
    public ProcessCpu cpu() {
        return cpu;
    }

    /** The soft limit of open files of the node process, from {@code /proc/<pid>/limits}, or -1 if unreadable. */
    public long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public MemoryMXBean memory() {
        return proxy(ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    /** Heap in use after full collections (several, so that objects freed by finalisation or references go too). */
    public long heapUsedAfterGc() {
        MemoryMXBean memory = memory();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** An attribute of the node's own MBean ({@code io.meridian:type=Node,name=<node id>}). */
    public Object nodeAttribute(String nodeId, String attribute) {
        try {
            return mbeans.getAttribute(new ObjectName("io.meridian:type=Node,name=" + ObjectName.quote(nodeId)), attribute);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + attribute + " of the node's MBean: " + e, e);
        }
    }

    /** The last {@code count} lines the node printed, to show why a run failed. */
    public List<String> consoleTail(int count) {
        try {
            List<String> lines = Files.readAllLines(consoleLog, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + consoleLog + ": " + e + ")");
        }
    }

    /** Stops the node the way an operator does (its shutdown hook drains and closes the store), killing it if it hangs. */
    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // The node goes away next; a JMX connection that cannot close cleanly changes nothing.
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already; the hook runs and finds the process gone.
            }
        }
    }

    /** Copies the node's console to a file and watches it for the start marks; a node that exits fails both waits. */
    private void followConsole() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer out = Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.write('\n');
                    if (line.contains(RUNNING_MARK)) {
                        out.flush();
                        running.complete(null);
                    } else if (line.contains(LANGUAGE_MARK)) {
                        out.flush();
                        languageReady.complete(null);
                    } else if (line.contains(LANGUAGE_FAILED_MARK)) {
                        languageReady.completeExceptionally(new IllegalStateException(line));
                    }
                }
            } catch (IOException e) {
                // The process ended; the exit below tells the waiting benchmark.
            }
            IllegalStateException exited = new IllegalStateException("the node process ended (exit "
                    + exitValue() + "); see " + consoleLog);
            running.completeExceptionally(exited);
            languageReady.completeExceptionally(exited);
        }, "bench-node-console");
        reader.setDaemon(true);
        reader.start();
    }

    private String exitValue() {
        try {
            return Integer.toString(process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private <T> T proxy(String name, Class<T> type) {
        try {
            return ManagementFactory.newPlatformMXBeanProxy(mbeans, name, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<Void> mark, Duration within, String what) {
        try {
            mark.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("while waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + within.toSeconds() + " s waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** Surefire hands the forked JVM a one-jar class path and the real one in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** A file of the source tree, found from the module's directory (Surefire's {@code basedir}) upwards. */
    private static Path repositoryFile(String relative) {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException("no " + relative + " in " + dir + " or a folder above it");
    }
}
