package io.meridian.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.Store;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat throughput and latency of a real node (Derby, group commit, field encryption; plain HTTP on loopback so the
 * figures are of our path, not of TLS), against a ceiling: a bare Vert.x relay driven by the same load generator in the
 * same run. Only {@code mvn -Pbench verify} runs it. Sizes: system properties {@code bench.visitors} (200),
 * {@code bench.messages} per visitor (50), {@code bench.agents} (4), {@code bench.window} unacknowledged messages per
 * visitor (1), {@code bench.warmup} messages per visitor in each warm-up round (10), {@code bench.deadlineSeconds} per run
 * (600), {@code bench.engines} the stores measured one after the other in the same run ({@code derby,postgresql}; the
 * PostgreSQL one is the test cluster of {@code .ci/postgresql.sh}). Each target is warmed up in rounds until the JIT
 * compiler is quiet ({@link CompilerWarmup}; the node runs in this JVM, so it is this JVM's compiler). See
 * docs/benchmarks.md.
 */
@Tag("bench")
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class ChatThroughputBench {

    private static final String PASSWORD = "Bench-agent-password-1";

    private final int visitors = Integer.getInteger("bench.visitors", 200);
    private final int messages = Integer.getInteger("bench.messages", 50);
    private final int agents = Integer.getInteger("bench.agents", 4);
    private final int window = Integer.getInteger("bench.window", 1);
    private final int warmup = Integer.getInteger("bench.warmup", 10);
    private final Duration deadline = Duration.ofSeconds(Long.getLong("bench.deadlineSeconds", 600));
    private final List<StoreEngine> engines = Arrays.stream(System.getProperty("bench.engines", "derby,postgresql")
            .split(",")).map(StoreEngine::named).toList();
    private final CompilerWarmup warmupUntilQuiet = CompilerWarmup.fromSystemProperties(20, 180);
    private final ProcessCpu cpu = ProcessCpu.self();

    @TempDir
    Path dataDir;

    /** Verifies that every message is acknowledged and delivered to agents, and prints Meridian's figures beside the ceiling's. */
    @Test
    void chatThroughputAgainstTheCeiling(Vertx serverVertx) {
        // The load generator gets its own event loops, so client work never queues behind server work on one thread.
        Vertx loadVertx = Vertx.vertx();
        try {
            Map<StoreEngine, Measured> meridian = new LinkedHashMap<>();
            for (StoreEngine engine : engines) {
                meridian.put(engine, measureMeridian(serverVertx, loadVertx, engine));
            }
            Warmed ceilingRun = measureCeiling(serverVertx, loadVertx);
            LoadResult ceiling = ceilingRun.result();
            meridian.forEach((engine, measured) -> report(engine, measured, ceilingRun));

            int total = visitors * messages;
            assertEquals(total, ceiling.messages());
            meridian.forEach((engine, measured) -> {
                assertEquals(total, measured.result().messages(), engine + ": every message acknowledged");
                assertEquals(total, measured.result().deliveryNanos().length, engine + ": every message reached an agent");
                assertTrue(measured.writes() >= total, engine + ": each message was one committed write at least");
            });
        } finally {
            await(loadVertx.close(), "closing the load generator");
        }
    }

    /** Store counters around the measured run, to show how many writes each disk sync carried. */
    private record Measured(LoadResult result, long writes, long batches, Warm warm) {
    }

    /** The warm-up before a measured run, and the compiler's time during that run. */
    private record Warm(CompilerWarmup.Outcome warmup, long compileMillis, long runNanos) {

        String describe() {
            return warmup.describe() + String.format(Locale.ROOT, "; during the measured run the compiler took %d CPU-ms,"
                    + " %.1f %% of one core", compileMillis, CompilerWarmup.percentOfOneCore(compileMillis, runNanos));
        }
    }

    /**
     * Warms up in rounds of fresh connections until the compiler is quiet, then runs {@code beforeRun} (to read
     * counters) and the measured load.
     */
    private Warmed measured(ChatLoad load, String label, Runnable beforeRun) {
        int[] round = {0};
        CompilerWarmup.Outcome warmup = warmupUntilQuiet.run(ProcessHandle.current().pid(), () -> await(
                load.run(label + "w" + (++round[0]), visitors, this.warmup, window, deadline), label + " warm-up round " + round[0]));
        beforeRun.run();
        long compileBefore = cpu.compilerMillis();
        long started = System.nanoTime();
        LoadResult result = await(load.run(label, visitors, messages, window, deadline), label + " run");
        return new Warmed(result, new Warm(warmup, cpu.compilerMillis() - compileBefore,
                System.nanoTime() - started));
    }

    private record Warmed(LoadResult result, Warm warm) {
    }

    private Measured measureMeridian(Vertx serverVertx, Vertx loadVertx, StoreEngine engine) {
        Map<String, String> overrides = new HashMap<>(TestStores.nodeOverrides(engine));
        overrides.put("MERIDIAN_WIDGET_RATE_LIMIT_MESSAGES_PER_MINUTE", "1000000");
        TestNode node = await(TestNode.start(serverVertx, dataDir.resolve(engine.configName()), overrides),
                "starting the node on " + engine.configName());
        WebClient web = WebClient.create(loadVertx);
        ChatLoad load = new ChatLoad(loadVertx, node.port(), visitors + agents + 16);
        Throwable failure = null;
        try {
            List<String> cookies = new ArrayList<>();
            for (int i = 1; i <= agents; i++) {
                String username = "bench-agent-" + i;
                await(node.createAgent(username, "Agent " + i, Role.AGENT, PASSWORD), "creating " + username);
                cookies.add(await(AgentSession.signIn(loadVertx, web, node.port(), username, PASSWORD), "signing in").cookie());
            }
            await(load.connectAgents(cookies), "connecting the agents' live sockets");
            Store store = node.node().store();
            long[] before = new long[2];
            Warmed measured = measured(load, "m", () -> {
                before[0] = store.committedWrites();
                before[1] = store.committedBatches();
            });
            return new Measured(measured.result(), store.committedWrites() - before[0],
                    store.committedBatches() - before[1], measured.warm());
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            // A node that hangs also fails to stop: keep the first failure in front, the stop's behind it.
            cleanUp(failure, () -> await(load.close(), "closing the agents' sockets"));
            web.close();
            cleanUp(failure, () -> await(node.stop(), "stopping the node"));
        }
    }

    private static void cleanUp(Throwable failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private Warmed measureCeiling(Vertx serverVertx, Vertx loadVertx) {
        CeilingServer ceiling = new CeilingServer();
        String deployment = await(serverVertx.deployVerticle(ceiling), "starting the ceiling server");
        ChatLoad load = new ChatLoad(loadVertx, ceiling.port(), visitors + agents + 16);
        try {
            await(load.connectAgents(Collections.nCopies(agents, "")), "connecting the agents to the ceiling");
            return measured(load, "c", () -> { });
        } finally {
            await(load.close(), "closing the agents' sockets");
            await(serverVertx.undeploy(deployment), "stopping the ceiling server");
        }
    }

    private void report(StoreEngine engine, Measured meridian, Warmed ceilingRun) {
        LoadResult m = meridian.result();
        LoadResult ceiling = ceilingRun.result();
        long totalMemory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        String block = String.join(System.lineSeparator(),
                "",
                String.format(Locale.ROOT, "BENCH chat %s: visitors=%d messages=%d meridian=%.0f msg/s p50=%.2f ms"
                                + " p99=%.2f ms | ceiling=%.0f msg/s p50=%.2f p99=%.2f | ratio=%.3f",
                        engine.configName(), visitors, messages, m.messagesPerSecond(), m.deliveryP50Millis(), m.deliveryP99Millis(),
                        ceiling.messagesPerSecond(), ceiling.deliveryP50Millis(), ceiling.deliveryP99Millis(),
                        m.messagesPerSecond() / ceiling.messagesPerSecond()),
                String.format(Locale.ROOT, "BENCH chat %s ratios to ceiling: throughput x%.3f, p50 latency x%.1f, "
                                + "p99 latency x%.1f", engine.configName(),
                        m.messagesPerSecond() / ceiling.messagesPerSecond(),
                        m.deliveryP50Millis() / ceiling.deliveryP50Millis(), m.deliveryP99Millis() / ceiling.deliveryP99Millis()),
                String.format(Locale.ROOT, "BENCH chat %s ack (visitor send -> ack): meridian p50=%.2f ms p99=%.2f ms"
                                + " | ceiling p50=%.2f ms p99=%.2f ms", engine.configName(),
                        m.ackP50Millis(), m.ackP99Millis(), ceiling.ackP50Millis(), ceiling.ackP99Millis()),
                String.format(Locale.ROOT, "BENCH chat %s store: committedWrites=%d committedBatches=%d avgBatch=%.1f "
                                + "resends=%d", engine.configName(),
                        meridian.writes(), meridian.batches(),
                        meridian.batches() == 0 ? 0.0 : (double) meridian.writes() / meridian.batches(), m.resends()),
                String.format(Locale.ROOT, "BENCH chat setup: agents=%d window=%d warmup=%d messages/visitor per round,"
                        + " total=%d messages per run", agents, window, warmup, visitors * messages),
                "BENCH chat jit meridian " + engine.configName() + ": warm-up " + meridian.warm().describe(),
                "BENCH chat jit ceiling: warm-up " + ceilingRun.warm().describe(),
                String.format(Locale.ROOT, "BENCH machine: cores=%d memory=%.1f GiB jvm=%s %s (%s) maxMemory=%d MiB os=%s %s",
                        Runtime.getRuntime().availableProcessors(), totalMemory / (1024.0 * 1024 * 1024),
                        System.getProperty("java.vm.name"), System.getProperty("java.version"),
                        System.getProperty("java.vm.vendor"), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                        System.getProperty("os.name"), System.getProperty("os.arch")),
                "");
        System.out.println(block);
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(deadline.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not finish within the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }
}
