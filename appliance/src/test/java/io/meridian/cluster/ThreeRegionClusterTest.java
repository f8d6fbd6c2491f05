package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.ClusterCertificates;
import io.meridian.e2e.MarkerScanner;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.testing.Await;
import io.meridian.testing.ClusterPorts;
import io.meridian.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes as separate JVMs on loopback, one per region (eu, us, apac), started as an installation runs them
 * ({@code Main run}, the cluster on, certificates from the cluster's authority): an eu customer whose browser reaches
 * the us node chats with an agent signed in on us, live both ways, and nothing they wrote reaches the us node's disk
 * (data and logs); the apac node is killed ({@code kill -9}) during the chat and the others go on, and the eu
 * conversation an apac agent had taken goes back to eu's queue; an apac customer is told to retry meanwhile; the apac
 * node restarts, rejoins, and serves its customers again.
 */
@Timeout(600)
class ThreeRegionClusterTest {

    private static final String ADMIN_PASSWORD = "Three-region-admin-1";
    private static final String AGENT_PASSWORD = "Three-region-agent-1";
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private final List<NodeProcess> processes = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private boolean passed;

    @AfterEach
    void stop() {
        // What each node printed last, to tell why a step failed (the folder goes with the test).
        if (!passed) {
            for (NodeProcess node : processes) {
                System.out.println("--- " + node.consoleLog());
                node.consoleTail(15).forEach(line -> System.out.println("  " + line));
            }
        }
        processes.forEach(NodeProcess::close);
        Await.result(vertx.close(), "closing the test's Vert.x");
    }

    /**
     * Verifies the chat across regions through separate processes, the survivors after a kill -9, the retry answer
     * while a region has no node, the rejoin after a restart, and the marker scan of the relaying node's disk.
     */
    @Test
    void threeRegionsChatSurviveAKillAndRejoin() throws Exception {
        Path authority = dir.resolve("authority");
        ClusterCertificates.initAuthority(authority, "three-regions");
        List<String> regions = List.of("eu", "us", "apac");
        Map<String, int[]> ports = new LinkedHashMap<>();
        for (String region : regions) {
            ports.put(region, new int[] {ClusterPorts.next(), ClusterPorts.next()});
        }
        String members = String.join(",", ports.values().stream().map(p -> "127.0.0.1:" + p[0]).toList());
        Map<String, Map<String, String>> envs = new LinkedHashMap<>();
        for (String region : regions) {
            Path certificates = ClusterCertificates.issueNode(authority, region + "-1", List.of("127.0.0.1"));
            envs.put(region, Map.ofEntries(
                    Map.entry("MERIDIAN_NODE_ID", region + "-1"),
                    Map.entry("MERIDIAN_NODE_REGION", region),
                    Map.entry("MERIDIAN_KEYSTORE_PASSWORD", "three-regions-" + region),
                    Map.entry("MERIDIAN_CLUSTER_ENABLED", "true"),
                    Map.entry("MERIDIAN_CLUSTER_HOST", "127.0.0.1"),
                    Map.entry("MERIDIAN_CLUSTER_PORT", Integer.toString(ports.get(region)[0])),
                    Map.entry("MERIDIAN_CLUSTER_BUS_PORT", Integer.toString(ports.get(region)[1])),
                    Map.entry("MERIDIAN_CLUSTER_MEMBERS", members),
                    Map.entry("MERIDIAN_CLUSTER_TLS_DIR", certificates.toString()),
                    Map.entry("MERIDIAN_RESIDENCY_HOME_REGIONS", "DE=eu, FR=eu, US=us, JP=apac"),
                    Map.entry("MERIDIAN_RESIDENCY_CROSS_REGION", "eu>us=masked, eu>apac=masked")));
        }
        Map<String, NodeProcess> nodes = new LinkedHashMap<>();
        for (String region : regions) {
            nodes.put(region, started(region, envs.get(region)));
        }
        nodes.values().forEach(node -> node.awaitServing(START));
        WebClient web = WebClient.create(vertx);
        for (NodeProcess node : nodes.values()) {
            awaitMembers(web, node, 3);
        }

        NodeProcess us = nodes.get("us");
        AgentSession uma = agentOf(web, us, "uma", "Uma");

        String marker = "Marker" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        WidgetVisitor lena = WidgetVisitor.open(vertx, us.port());
        Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-DE")
                .put("name", "Lena " + marker)), "hello to the us node");
        assertTrue(lena.expect("welcome").getString("visitorToken").startsWith("eu."), "served by eu");
        String conversationId = lena.say("Mein Paket " + marker + " ist nicht da").getJsonObject("message")
                .getString("conversationId");
        JsonObject listed = uma.get("/api/v1/regions/eu/conversations").bodyAsJsonObject();
        assertTrue(listed.getJsonArray("conversations").stream().map(JsonObject.class::cast)
                .anyMatch(c -> conversationId.equals(c.getString("id"))), listed.encode());
        assertEquals(201, uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", "uma-1").put("text", "Wir prüfen das sofort.")).statusCode());
        lena.expect(f -> "message".equals(f.getString("type"))
                && "Wir prüfen das sofort.".equals(f.getJsonObject("message").getString("text")), "uma's answer");

        // An agent of apac takes another eu conversation (follow the sun by hand) before apac is killed.
        NodeProcess eu = nodes.get("eu");
        AgentSession aki = agentOf(web, nodes.get("apac"), "aki", "Aki");
        WidgetVisitor carmen = WidgetVisitor.open(vertx, eu.port());
        Await.result(carmen.send(new JsonObject().put("type", "hello").put("locale", "de-DE")), "hello to eu");
        carmen.expect("welcome");
        String akisConversation = carmen.say("Eine Frage zur Rechnung").getJsonObject("message")
                .getString("conversationId");
        assertEquals(200, aki.postJson("/api/v1/regions/eu/conversations/" + akisConversation + "/take",
                new JsonObject()).statusCode(), "aki of apac takes it");

        // kill -9 of apac during the chat: eu and us go on.
        nodes.get("apac").kill();
        lena.say("Noch eine Frage " + marker);
        assertEquals(201, uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", "uma-2").put("text", "Gern.")).statusCode());
        lena.expect(f -> "message".equals(f.getString("type"))
                && "Gern.".equals(f.getJsonObject("message").getString("text")), "the answer after the kill");
        awaitMembers(web, eu, 2);
        WidgetVisitor yuki = WidgetVisitor.open(vertx, eu.port());
        Await.result(yuki.send(new JsonObject().put("type", "hello").put("locale", "ja-JP")),
                "hello while apac is down");
        yuki.expectError("unavailable");
        assertEquals((short) 1013, Await.result(yuki.closed(), "closed: try again later"));

        // The dead node's agent's work goes back to eu's queue once apac has been gone for the grace period.
        AgentSession euAdmin = Await.result(AgentSession.firstSignIn(vertx, web, eu.port(), "admin",
                eu.initialAdminPassword(), ADMIN_PASSWORD), "the admin of eu");
        Await.until(() -> euAdmin.get("/api/v1/conversations/" + akisConversation + "/routing").bodyAsString()
                .contains("Aki’s region apac left the cluster: the conversation is back in the queue."),
                Duration.ofSeconds(60), "Aki's conversation back in eu's queue");

        // apac restarts with its data and rejoins; its customers are served again.
        NodeProcess apac = started("apac", envs.get("apac"));
        nodes.put("apac", apac);
        apac.awaitServing(START);
        awaitMembers(web, eu, 3);
        Await.until(() -> {
            WidgetVisitor again = WidgetVisitor.open(vertx, eu.port());
            try {
                Await.result(again.send(new JsonObject().put("type", "hello").put("locale", "ja-JP")), "hello");
                JsonObject answer = again.expect(f -> "welcome".equals(f.getString("type"))
                        || "error".equals(f.getString("type")), "welcome or a retry");
                return "welcome".equals(answer.getString("type"))
                        && answer.getString("visitorToken").startsWith("apac.");
            } finally {
                Await.result(again.close().otherwiseEmpty(), "closing");
            }
        }, Duration.ofSeconds(60), "a Japanese customer served by apac again");
        Await.result(lena.close(), "the customer leaves");

        us.close();
        Path usHome = us.dataDir().getParent();
        assertTrue(MarkerScanner.fileCount(usHome) > 10, "the us node's files to scan");
        assertEquals(List.of(), new MarkerScanner(marker).hits(usHome), "nothing the eu customer wrote on us's disk");
        passed = true;
    }

    /** The node's first admin signs in and creates an agent, who signs in. */
    private AgentSession agentOf(WebClient web, NodeProcess node, String username, String displayName) {
        AgentSession admin = Await.result(AgentSession.firstSignIn(vertx, web, node.port(), "admin",
                node.initialAdminPassword(), ADMIN_PASSWORD), "the first admin of the node on " + node.port());
        var created = Await.result(admin.request(HttpMethod.POST, "/api/v1/agents")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("displayName", displayName)
                        .put("role", "AGENT").put("password", AGENT_PASSWORD + "-first").encode())),
                "creating " + username);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return Await.result(AgentSession.firstSignIn(vertx, web, node.port(), username, AGENT_PASSWORD + "-first",
                AGENT_PASSWORD), username + " signs in");
    }

    private NodeProcess started(String region, Map<String, String> env) {
        NodeProcess node = NodeProcess.start(dir.resolve(region), "1g", env);
        processes.add(node);
        return node;
    }

    private static void awaitMembers(WebClient web, NodeProcess node, int count) {
        Await.until(() -> {
            var ready = Await.result(web.get(node.port(), "127.0.0.1", "/health/ready").send(), "readiness");
            return ready.statusCode() == 200 && ready.bodyAsJsonObject().getInteger("clusterMembers", 0) == count;
        }, Duration.ofSeconds(120), "node on port " + node.port() + " counting " + count + " members");
    }
}
