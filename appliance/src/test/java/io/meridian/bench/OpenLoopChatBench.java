package io.meridian.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.testing.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat at a fixed arrival rate (open loop) against a node in a JVM of its own, as installed: many widget visitors, each
 * sending every visitors ÷ rate seconds, with every latency taken from the scheduled send time ({@link OpenLoopLoad}).
 * Per rate it reports p50/p99/p99.9 to the visitor's ack and to an agent's live socket, the achieved rate, timeouts
 * and errors, the node's CPU time per message (from {@code /proc}) and the generator's own lag; then the first rate at
 * which p99 to ack passes the target, and the heap each idle widget connection and each idle agent socket holds.
 * Only {@code mvn -Pbench verify} runs it. Sizes: system properties, see {@link #describeSetup()} and docs/benchmarks.md.
 */
@Tag("bench")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class OpenLoopChatBench {

    private static final String NODE_ID = "bench-openloop";
    private static final String ADMIN_PASSWORD = "Bench-admin-password-1";
    private static final String AGENT_PASSWORD = "Bench-agent-password-1";
    private static final Duration STEP_DEADLINE = Duration.ofMinutes(5);
    private static final Duration IDLE_SAMPLE = Duration.ofMillis(500);
    /** How long the idle node's CPU is read, to tell the fixed cost from the cost per message. */
    private static final Duration IDLE_BASELINE = Duration.ofSeconds(3);

    private final int visitors = Integer.getInteger("bench.visitors", 2000);
    private final int agents = Integer.getInteger("bench.agents", 4);
    private final List<Double> rates = Arrays.stream(System.getProperty("bench.rates", "250,500,1000,2000").split(","))
            .map(String::trim).map(Double::parseDouble).toList();
    private final double seconds = Double.parseDouble(System.getProperty("bench.seconds", "30"));
    private final long graceMillis = Long.getLong("bench.graceSeconds", 10) * 1000;
    private final long settleMillis = Long.getLong("bench.settleSeconds", 60) * 1000;
    private final double idleCpuPercent = Double.parseDouble(System.getProperty("bench.idleCpuPercent", "10"));
    /** Fast enough that the hot paths get hot soon; the lowest rates would leave the compiler busy for minutes. */
    private final double warmupRate = Double.parseDouble(System.getProperty("bench.warmupRate",
            String.valueOf(Math.min(500, rates.stream().mapToDouble(Double::doubleValue).max().orElse(500)))));
    private final double warmupRoundSeconds = Double.parseDouble(System.getProperty("bench.warmupRoundSeconds", "10"));
    private final CompilerWarmup warmup = CompilerWarmup.fromSystemProperties(30, 180);
    private final double targetMillis = Double.parseDouble(System.getProperty("bench.p99TargetMillis", "50"));
    private final int idleVisitors = Integer.getInteger("bench.idleVisitors", 5000);
    private final int idleAgentSockets = Integer.getInteger("bench.idleAgentSockets", 500);
    private final int generatorLoops = Integer.getInteger("bench.generatorLoops", 2);
    private final String nodeHeap = System.getProperty("bench.nodeHeap", "1g");
    /** Empty: the product's default mode, as an installation runs. */
    private final String languageMode = System.getProperty("bench.languageMode", "");

    @TempDir
    Path workDir;

    /** One measured rate: the window's figures and the node's CPU and compiler time during it. */
    private record RateRun(OpenLoopResult result, long nodeCpuMillis, long generatorCpuMillis, long wallNanos,
            long compileMillis) {

        double cpuMillisPerMessage() {
            return result.acked() == 0 ? Double.NaN : (double) nodeCpuMillis / result.acked();
        }

        /** Without the JIT compiler's threads, whose time is a warm-up cost, not a message's. */
        double cpuMillisPerMessageWithoutCompiler() {
            return result.acked() == 0 ? Double.NaN : (double) Math.max(0, nodeCpuMillis - compileMillis) / result.acked();
        }

        double generatorCpuMillisPerMessage() {
            return result.acked() == 0 ? Double.NaN : (double) generatorCpuMillis / result.acked();
        }

        double nodeCores() {
            return nodeCpuMillis * 1e6 / wallNanos;
        }
    }

    /** Heap held by idle connections of one kind: used heap after full GCs, before and after opening them. */
    private record IdleHeap(String kind, int connections, long before, long after, int countedByNode) {

        double kibPerConnection() {
            return (after - before) / 1024.0 / connections;
        }
    }

    @Test
    void openLoopChatAtFixedRates() {
        long needed = visitors + idleVisitors + agents + idleAgentSockets + 256L;
        requireOpenFiles("the benchmark's JVM", ownOpenFilesLimit(), needed);
        NodeProcess node = NodeProcess.start(workDir, nodeHeap, nodeEnvironment());
        Vertx loadVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(generatorLoops));
        OpenLoopLoad load = null;
        try {
            node.awaitReady(STEP_DEADLINE);
            requireOpenFiles("the node's JVM (pid " + node.pid() + ")", node.openFilesLimit(), needed);
            List<String> cookies = signInAgents(loadVertx, node);
            OpenLoopLoad chat = new OpenLoopLoad(loadVertx, node.port(), generatorLoops, (int) needed);
            load = chat;
            await(chat.connectAgents(cookies), "connecting the agents' live sockets");
            await(chat.connectVisitors(visitors, 64), "connecting " + visitors + " visitors");

            double idleCpuPerSecond = idleCpuPerSecond(node);
            CompilerWarmup.Outcome warm = warmup.run(node.pid(), () -> {
                await(chat.run(warmupRate, warmupRoundSeconds, graceMillis, settleMillis), "a warm-up round");
                awaitIdle(node);
            });
            System.out.println("BENCH openloop warm-up at " + fmt(warmupRate) + " msg/s: " + warm.describe());

            List<RateRun> runs = new ArrayList<>();
            for (double rate : rates) {
                RateRun run = measure(node, chat, rate);
                runs.add(run);
                System.out.println(describe(run));
            }

            IdleHeap idleWidgets = idleHeap(node, "widget connections", idleVisitors, "OpenVisitorWebSockets",
                    () -> chat.connectIdleVisitors(idleVisitors, 64));
            await(chat.closeIdleVisitors(), "closing the idle visitors");
            IdleHeap idleAgents = idleHeap(node, "agent live sockets", idleAgentSockets, "OpenConsoleWebSockets",
                    () -> chat.connectAgents(Collections.nCopies(idleAgentSockets, cookies.get(0))));
            report(node, warm, idleCpuPerSecond, runs, idleWidgets, idleAgents);

            for (RateRun run : runs) {
                OpenLoopResult r = run.result();
                assertEquals(r.scheduled(), r.sent(), "the generator sent every scheduled message at " + fmt(r.targetRate()));
                assertEquals(Map.of(), r.errors(), "error frames at " + fmt(r.targetRate()) + " msg/s");
                assertEquals(0, r.disconnects(), "visitors disconnected at " + fmt(r.targetRate()) + " msg/s");
            }
            OpenLoopResult lowest = runs.get(0).result();
            assertEquals(lowest.scheduled(), lowest.acked(), "every message acknowledged at the first rate");
            assertEquals(lowest.scheduled(), lowest.delivered(), "every message reached an agent at the first rate");
            assertTrue(runs.get(0).nodeCpuMillis() > 0, "the node's CPU time grew while it took messages");
            assertEquals(idleVisitors, idleWidgets.countedByNode(), "the node holds every idle widget connection");
            assertEquals(idleAgentSockets, idleAgents.countedByNode(), "the node holds every idle agent socket");
        } catch (RuntimeException | AssertionError e) {
            System.out.println("BENCH openloop failed; the node's last lines (" + node.consoleLog() + "):");
            node.consoleTail(40).forEach(line -> System.out.println("  " + line));
            throw e;
        } finally {
            if (load != null) {
                await(load.close(), "closing the load's sockets");
            }
            await(loadVertx.close(), "closing the load generator");
            node.close();
        }
    }

    private Map<String, String> nodeEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "MERIDIAN_NODE_ID", NODE_ID,
                "MERIDIAN_KEYSTORE_PASSWORD", "bench-keystore-password",
                // Each visitor sends up to one message a second or more: far above a person's pace, which the limit guards.
                "MERIDIAN_WIDGET_RATE_LIMIT_MESSAGES_PER_MINUTE", "1000000"));
        if (!languageMode.isEmpty()) {
            env.put("MERIDIAN_LANGUAGE_DETECTION_MODE", languageMode);
        }
        return env;
    }

    private RateRun measure(NodeProcess node, OpenLoopLoad load, double rate) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = node.cpu().totalMillis();
        long generatorBefore = processCpuNanos(os);
        long compileBefore = node.cpu().compilerMillis();
        long started = System.nanoTime();
        OpenLoopResult result = await(load.run(rate, seconds, graceMillis, settleMillis), "the window at " + fmt(rate) + " msg/s");
        // A message's work goes on after its ack (language, routing, translation): the window's CPU ends when that is done.
        awaitIdle(node);
        long wall = System.nanoTime() - started;
        return new RateRun(result, node.cpu().totalMillis() - cpuBefore, (processCpuNanos(os) - generatorBefore) / 1_000_000,
                wall, node.cpu().compilerMillis() - compileBefore);
    }

    /** The node's CPU use while nothing is sent, in ms per second: the fixed cost beside the cost per message. */
    private double idleCpuPerSecond(NodeProcess node) {
        awaitIdle(node);
        long before = node.cpu().totalMillis();
        long started = System.nanoTime();
        LockSupport.parkNanos(IDLE_BASELINE.toNanos());
        double perSecond = (node.cpu().totalMillis() - before) * 1e9 / (System.nanoTime() - started);
        System.out.println(String.format(Locale.ROOT, "BENCH openloop idle node, %d visitors connected: %.0f CPU-ms/s",
                visitors, perSecond));
        return perSecond;
    }

    /**
     * Waits until the node's CPU use stays at most {@code bench.idleCpuPercent} % of one core over half a second, or
     * {@code bench.settleSeconds} pass: a window starts, and its CPU time is read, with nothing left of the one before.
     */
    private void awaitIdle(NodeProcess node) {
        long deadline = System.nanoTime() + settleMillis * 1_000_000;
        long last = node.cpu().totalMillis();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(IDLE_SAMPLE.toNanos());
            long now = node.cpu().totalMillis();
            if ((now - last) * 100.0 / IDLE_SAMPLE.toMillis() <= idleCpuPercent) {
                return;
            }
            last = now;
        }
        System.out.println("BENCH openloop: the node was still busy " + settleMillis / 1000 + " s after a window ended;"
                + " the next window shares the cores with that work");
    }

    private IdleHeap idleHeap(NodeProcess node, String kind, int count, String counter,
            java.util.function.Supplier<Future<Void>> open) {
        int openBefore = (Integer) node.nodeAttribute(NODE_ID, counter);
        long before = node.heapUsedAfterGc();
        await(open.get(), "opening " + count + " idle " + kind);
        long after = node.heapUsedAfterGc();
        int openAfter = (Integer) node.nodeAttribute(NODE_ID, counter);
        return new IdleHeap(kind, count, before, after, openAfter - openBefore);
    }

    /**
     * The admin signs in with the one-time password the node wrote, chooses a new one and creates the agents; each agent
     * signs in, chooses its password and signs in again, as a person would (docs/api.md §2.1, §2.4).
     */
    private List<String> signInAgents(Vertx vertx, NodeProcess node) {
        WebClient web = WebClient.create(vertx);
        try {
            AgentSession admin = changeInitialPassword(vertx, web, node.port(), "admin", node.initialAdminPassword(),
                    ADMIN_PASSWORD);
            List<String> cookies = new ArrayList<>();
            for (int i = 1; i <= agents; i++) {
                String username = "bench-agent-" + i;
                String initial = AGENT_PASSWORD + "-initial";
                expect(201, admin.request(HttpMethod.POST, "/api/v1/agents")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("displayName", "Agent " + i)
                                .put("role", "AGENT").put("password", initial).encode())), "creating " + username);
                cookies.add(changeInitialPassword(vertx, web, node.port(), username, initial, AGENT_PASSWORD).cookie());
            }
            return cookies;
        } finally {
            web.close();
        }
    }

    private AgentSession changeInitialPassword(Vertx vertx, WebClient web, int port, String username, String initial,
            String chosen) {
        return await(AgentSession.firstSignIn(vertx, web, port, username, initial, chosen), "first sign-in of " + username);
    }

    private static void expect(int status, Future<HttpResponse<Buffer>> answer, String what) {
        HttpResponse<Buffer> response = await(answer, what);
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + " but got " + response.statusCode() + " "
                    + response.bodyAsString());
        }
    }

    /** Fails at once, saying what to do, when the open-files limit is below what the connections of this run need. */
    private void requireOpenFiles(String who, long limit, long needed) {
        System.out.println("BENCH openloop open files: " + who + " may open " + (limit < 0 ? "an unknown number of" : limit)
                + " files; this run needs about " + needed);
        if (limit >= 0 && limit < needed) {
            throw new AssertionError("The open-files limit of " + who + " is " + limit + ", but this run opens about " + needed
                    + " sockets (" + visitors + " visitors, " + idleVisitors + " idle visitors, " + agents + " agents, "
                    + idleAgentSockets + " idle agent sockets, and files). A JVM raises its own limit to the hard"
                    + " limit, so raise that for the shell that runs Maven (ulimit -Hn shows it; as root, ulimit -n " + needed
                    + ", or /etc/security/limits.conf: see docs/admin-guide.md, \"Open files\"), or lower"
                    + " -Dbench.visitors and -Dbench.idleVisitors.");
        }
    }

    private static long ownOpenFilesLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    private static long processCpuNanos(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private String describe(RateRun run) {
        OpenLoopResult r = run.result();
        return String.format(Locale.ROOT, "BENCH openloop rate=%s msg/s: achieved=%.1f msg/s scheduled=%d sent=%d acked=%d"
                        + " delivered=%d timeouts=%d (left over after settling: %d) errors=%d%s resends=%d disconnects=%d"
                        + " | ack p50=%s p99=%s p99.9=%s ms | agent p50=%s p99=%s p99.9=%s ms"
                        + " | node cpu=%d ms (%.2f cores) %.3f CPU-ms/msg; compiler threads %d ms, %.3f CPU-ms/msg without them"
                        + " | generator lag p50=%s p99=%s max=%s ms, cpu %.3f ms/msg",
                fmt(r.targetRate()), r.achievedRate(), r.scheduled(), r.sent(), r.acked(), r.delivered(), r.timeouts(),
                r.leftOver(), r.errorCount(), r.errors().isEmpty() ? "" : " " + r.errors(), r.resends(), r.disconnects(),
                ms(r.ackMillis(0.50)), ms(r.ackMillis(0.99)), ms(r.ackMillis(0.999)),
                ms(r.deliveryMillis(0.50)), ms(r.deliveryMillis(0.99)), ms(r.deliveryMillis(0.999)),
                run.nodeCpuMillis(), run.nodeCores(), run.cpuMillisPerMessage(), run.compileMillis(),
                run.cpuMillisPerMessageWithoutCompiler(),
                ms(r.lagMillis(0.50)), ms(r.lagMillis(0.99)), ms(r.maxLagMillis()), run.generatorCpuMillisPerMessage());
    }

    private void report(NodeProcess node, CompilerWarmup.Outcome warm, double idleCpuPerSecond, List<RateRun> runs,
            IdleHeap... idle) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("BENCH openloop setup: " + describeSetup() + " nodePid=" + node.pid());
        lines.add("BENCH openloop warm-up: " + warm.describe());
        lines.add(String.format(Locale.ROOT, "BENCH openloop idle node (before the warm-up, visitors connected): %.0f CPU-ms/s",
                idleCpuPerSecond));
        lines.add("BENCH openloop | rate | achieved | ack p50 / p99 / p99.9 ms | agent p50 / p99 / p99.9 ms"
                + " | CPU-ms/msg (without compiler) | timeouts | errors | generator lag p99 ms |");
        for (RateRun run : runs) {
            OpenLoopResult r = run.result();
            lines.add(String.format(Locale.ROOT, "BENCH openloop | %s | %.0f | %s / %s / %s | %s / %s / %s | %.2f (%.2f) | %d | %d | %s |",
                    fmt(r.targetRate()), r.achievedRate(), ms(r.ackMillis(0.50)), ms(r.ackMillis(0.99)),
                    ms(r.ackMillis(0.999)), ms(r.deliveryMillis(0.50)), ms(r.deliveryMillis(0.99)),
                    ms(r.deliveryMillis(0.999)), run.cpuMillisPerMessage(), run.cpuMillisPerMessageWithoutCompiler(),
                    r.timeouts(), r.errorCount(),
                    ms(r.lagMillis(0.99))));
        }
        lines.add("BENCH openloop p99 to ack passes " + fmt(targetMillis) + " ms first at: " + runs.stream()
                .filter(run -> run.result().ackMillis(0.99) > targetMillis)
                .map(run -> fmt(run.result().targetRate()) + " msg/s")
                .findFirst().orElse("none of the rates run"));
        for (IdleHeap heap : idle) {
            lines.add(String.format(Locale.ROOT, "BENCH openloop heap: %d idle %s: used heap after GC %.1f -> %.1f MiB,"
                            + " %.1f KiB each (the node counted %d more)", heap.connections(), heap.kind(),
                    heap.before() / 1048576.0, heap.after() / 1048576.0, heap.kibPerConnection(), heap.countedByNode()));
        }
        lines.add(String.format(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s %s os=%s %s",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch")));
        lines.add("");
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private String describeSetup() {
        return String.format(Locale.ROOT, "bench.visitors=%d bench.agents=%d bench.rates=%s bench.seconds=%s"
                        + " bench.graceSeconds=%d bench.settleSeconds=%d bench.idleCpuPercent=%s bench.warmupRate=%s bench.warmupRoundSeconds=%s bench.p99TargetMillis=%s"
                        + " bench.idleVisitors=%d bench.idleAgentSockets=%d bench.generatorLoops=%d bench.nodeHeap=%s"
                        + " bench.languageMode=%s",
                visitors, agents, rates.stream().map(OpenLoopChatBench::fmt).collect(Collectors.joining(",")), fmt(seconds),
                graceMillis / 1000, settleMillis / 1000, fmt(idleCpuPercent), fmt(warmupRate), fmt(warmupRoundSeconds), fmt(targetMillis), idleVisitors,
                idleAgentSockets, generatorLoops, nodeHeap, languageMode.isEmpty() ? "(product default)" : languageMode);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String ms(double millis) {
        return Double.isInfinite(millis) ? "timeout" : String.format(Locale.ROOT, "%.1f", millis);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not finish within " + STEP_DEADLINE.toMinutes() + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }
}
