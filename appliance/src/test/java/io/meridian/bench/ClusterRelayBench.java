package io.meridian.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.ClusterNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visitor to agent across regions: two clustered nodes in this JVM (eu and us, the event bus between them over mutual
 * TLS on loopback), visitors homed in us (locale es-ES, {@code residency.home-regions: ES=us}) and agents signed in on
 * us. The same load runs twice in one run: visitors connected to the us node itself, and visitors connected to the eu
 * node, which relays them to us. Reports both and their ratio. Only {@code mvn -Pbench verify} runs it. Sizes:
 * {@code bench.visitors} (100), {@code bench.messages} per visitor (40), {@code bench.agents} (2),
 * {@code bench.window} (1), {@code bench.warmup} (10), {@code bench.rounds} (2: same, relayed, same, relayed).
 * See docs/benchmarks.md.
 */
@Tag("bench")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ClusterRelayBench {

    private static final String PASSWORD = "Bench-agent-password-1";

    private final int visitors = Integer.getInteger("bench.visitors", 100);
    private final int messages = Integer.getInteger("bench.messages", 40);
    private final int agents = Integer.getInteger("bench.agents", 2);
    private final int window = Integer.getInteger("bench.window", 1);
    private final int warmup = Integer.getInteger("bench.warmup", 10);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private final Duration deadline = Duration.ofSeconds(Long.getLong("bench.deadlineSeconds", 600));
    private final CompilerWarmup warmupUntilQuiet = CompilerWarmup.fromSystemProperties(20, 180);

    @TempDir
    Path dir;

    /** Verifies that every message is acknowledged and delivered both ways, and prints the two paths' figures. */
    @Test
    void relayedVisitorsAgainstVisitorsOnTheHomeNode() throws Exception {
        ClusterNode.EuAndUs cluster = ClusterNode.euAndUs(dir);
        Vertx eu = cluster.eu();
        Vertx us = cluster.us();
        Map<String, String> common = Map.of("MERIDIAN_RESIDENCY_HOME_REGIONS", "ES=us",
                "MERIDIAN_WIDGET_RATE_LIMIT_MESSAGES_PER_MINUTE", "1000000");
        TestNode euNode = Await.result(TestNode.start(eu, dir.resolve("eu-data"), with(common, "eu-1", "eu")), "eu");
        TestNode usNode = Await.result(TestNode.start(us, dir.resolve("us-data"), with(common, "us-1", "us")), "us");
        Vertx load = Vertx.vertx();
        WebClient web = WebClient.create(load);
        try {
            Await.until(() -> euNode.node().clusterMembers().serving("us").isPresent(), "eu knowing us");
            List<String> cookies = new ArrayList<>();
            for (int i = 1; i <= agents; i++) {
                String username = "bench-agent-" + i;
                Await.result(usNode.createAgent(username, "Agent " + i, Role.AGENT, PASSWORD), "creating " + username);
                cookies.add(Await.result(AgentSession.signIn(load, web, usNode.port(), username, PASSWORD),
                        "signing in").cookie());
            }
            ChatLoad same = new ChatLoad(load, usNode.port(), usNode.port(), visitors + agents + 16);
            ChatLoad relayed = new ChatLoad(load, euNode.port(), usNode.port(), visitors + agents + 16);
            Await.result(same.connectAgents(cookies), "agents for the same-node runs");
            Await.result(relayed.connectAgents(cookies), "agents for the relayed runs");
            int[] round = {0};
            warmupUntilQuiet.run(ProcessHandle.current().pid(), () -> {
                round[0]++;
                Await.result(same.run("ws" + round[0], visitors, warmup, window, deadline), "warm-up, same node");
                Await.result(relayed.run("wr" + round[0], visitors, warmup, window, deadline), "warm-up, relayed");
            });
            List<LoadResult> onHome = new ArrayList<>();
            List<LoadResult> throughEu = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                onHome.add(Await.result(same.run("s" + r, visitors, messages, window, deadline), "same node " + r));
                throughEu.add(Await.result(relayed.run("r" + r, visitors, messages, window, deadline), "relayed " + r));
            }
            Await.result(same.close(), "closing");
            Await.result(relayed.close(), "closing");
            report(onHome, throughEu);
            for (LoadResult result : onHome) {
                assertEquals(visitors * messages, result.deliveryNanos().length, "every message reached an agent");
            }
            for (LoadResult result : throughEu) {
                assertEquals(visitors * messages, result.deliveryNanos().length,
                        "every relayed message reached an agent");
            }
        } finally {
            web.close();
            Await.result(usNode.stop(), "stopping us");
            Await.result(euNode.stop(), "stopping eu");
            Await.result(us.close(), "closing us");
            Await.result(eu.close(), "closing eu");
            Await.result(load.close(), "closing the load generator");
        }
    }

    private void report(List<LoadResult> onHome, List<LoadResult> throughEu) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        for (int r = 0; r < onHome.size(); r++) {
            LoadResult s = onHome.get(r);
            LoadResult x = throughEu.get(r);
            lines.add(String.format(Locale.ROOT, "BENCH relay round %d: same node %.0f msg/s delivery p50=%.2f "
                            + "p99=%.2f ms ack p50=%.2f p99=%.2f ms | relayed %.0f msg/s delivery p50=%.2f p99=%.2f ms "
                            + "ack p50=%.2f p99=%.2f ms | ratios relayed/same: throughput x%.3f, delivery p50 x%.2f, "
                            + "p99 x%.2f",
                    r + 1, s.messagesPerSecond(), s.deliveryP50Millis(), s.deliveryP99Millis(), s.ackP50Millis(),
                    s.ackP99Millis(), x.messagesPerSecond(), x.deliveryP50Millis(), x.deliveryP99Millis(),
                    x.ackP50Millis(), x.ackP99Millis(), x.messagesPerSecond() / s.messagesPerSecond(),
                    x.deliveryP50Millis() / s.deliveryP50Millis(), x.deliveryP99Millis() / s.deliveryP99Millis()));
        }
        lines.add(String.format(Locale.ROOT, "BENCH relay setup: visitors=%d messages=%d agents=%d window=%d "
                + "(both nodes and the load generator in one JVM on %d cores)", visitors, messages, agents, window,
                Runtime.getRuntime().availableProcessors()));
        lines.add("");
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static Map<String, String> with(Map<String, String> base, String nodeId, String region) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put("MERIDIAN_NODE_ID", nodeId);
        all.put("MERIDIAN_NODE_REGION", region);
        return all;
    }
}
