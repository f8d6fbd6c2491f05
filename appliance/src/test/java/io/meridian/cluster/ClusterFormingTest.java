package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.ClusterCertificates;
import io.meridian.testing.Await;
import io.meridian.testing.ClusterPorts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes forming a cluster on loopback (Hazelcast TCP-IP join, the event bus over mutual TLS): two nodes with
 * certificates of the cluster's authority exchange events; a node whose certificate another authority signed joins
 * Hazelcast's membership (it has no TLS) but can exchange no event with them.
 */
@Timeout(180)
class ClusterFormingTest {

    @TempDir
    Path dir;
    private final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Vertx v : nodes) {
            Await.result(v.close(), "closing a node");
        }
    }

    /**
     * Verifies the authority's and nodes' files (keys owner-only), an event each way between two nodes of the
     * cluster, and that a node with another authority's certificate reaches no handler and is reached by none.
     */
    @Test
    void onlyNodesOfTheAuthorityExchangeEvents() throws Exception {
        Path authority = dir.resolve("cluster");
        ClusterCertificates.initAuthority(authority, "test");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                authority.resolve(ClusterCertificates.CA_KEY))));
        assertThrows(IllegalStateException.class, () -> ClusterCertificates.initAuthority(authority, "test"),
                "an authority is never replaced");
        Path one = ClusterCertificates.issueNode(authority, "eu-1", List.of("127.0.0.1"));
        Path two = ClusterCertificates.issueNode(authority, "us-1", List.of("127.0.0.1", "localhost"));
        assertTrue(Files.exists(one.resolve(ClusterCertificates.CA_CERT)), "the folder to copy holds ca.crt");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                one.resolve(ClusterCertificates.NODE_KEY))));
        Path rogueAuthority = dir.resolve("other");
        ClusterCertificates.initAuthority(rogueAuthority, "other");
        Path rogue = ClusterCertificates.issueNode(rogueAuthority, "eu-1", List.of("127.0.0.1"));

        int[] ports = {ClusterPorts.next(), ClusterPorts.next(), ClusterPorts.next()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        Vertx eu = node(one, ports[0], members);
        Vertx us = node(two, ports[1], members);
        eu.eventBus().<String>consumer("test.eu", m -> m.reply("eu got " + m.body()));
        us.eventBus().<String>consumer("test.us", m -> m.reply("us got " + m.body()));
        // The subscriptions spread through the cluster's maps: asking again until the other node knows them.
        Await.until(() -> request(us, "test.eu", "hello").equals("eu got hello"), "eu answers us");
        assertEquals("us got hi", request(eu, "test.us", "hi"), "and the other way");

        Vertx outsider = node(rogue, ports[2], members);
        outsider.eventBus().<String>consumer("test.outsider", m -> m.reply("outsider got " + m.body()));
        // It is a member (Hazelcast's port has no TLS) and knows where the others' handlers are...
        Await.until(() -> members(outsider) == 3 && members(eu) == 3, "the outsider in the membership");
        java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofSeconds(2).toNanos());
        // ...yet the event bus between nodes refuses its certificate, both ways.
        String in = request(outsider, "test.eu", "let me in");
        assertTrue(in.startsWith("failed") && !in.contains("eu got"), "an outsider's event reaches no node: " + in);
        String out = request(eu, "test.outsider", "are you there");
        assertTrue(out.startsWith("failed"), "no event of the cluster reaches the outsider: " + out);
        assertEquals("eu got still", request(us, "test.eu", "still"), "the cluster's own nodes go on");
    }

    private Vertx node(Path certificates, int port, List<String> members) {
        ClusterSettings settings = new ClusterSettings("127.0.0.1", port, ClusterPorts.next(), members, certificates);
        Vertx vertx = Await.result(ClusteredVertx.start(settings, new VertxOptions(), "node-" + port, "eu", "test"),
                "starting node on " + port);
        nodes.add(vertx);
        return vertx;
    }

    private static String[] members(javax.management.MBeanServer server, javax.management.ObjectName name) {
        try {
            return (String[]) server.getAttribute(name, "Members");
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int members(Vertx node) {
        return ((io.vertx.core.internal.VertxInternal) node).clusterManager().getNodes().size();
    }

    /**
     * Verifies that two Meridian nodes on a cluster see each other: /health/ready counts two members, and each node's
     * JMX Cluster MBean and the admin's Cluster page list both with their names, regions, versions and load (an agent
     * online on the other node, its console connection), itself first;
     * that the live events of one node's conversations (with their texts) stay on that node; and that a second
     * embedded
     * node of a region already served does not start, naming the node that serves it.
     */
    @Test
    void nodesShowTheirMembersInHealthAndJmx() throws Exception {
        Path authority = dir.resolve("cluster");
        ClusterCertificates.initAuthority(authority, "test");
        int[] ports = {ClusterPorts.next(), ClusterPorts.next()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        Vertx eu = io.meridian.testing.ClusterNode.start(authority, "eu-1", "eu", ports[0], members);
        nodes.add(eu);
        Vertx us = io.meridian.testing.ClusterNode.start(authority, "us-1", "us", ports[1], members);
        nodes.add(us);
        io.meridian.testing.TestNode euNode = Await.result(io.meridian.testing.TestNode.start(eu, dir.resolve("eu-data"),
                java.util.Map.of("MERIDIAN_NODE_ID", "eu-1", "MERIDIAN_NODE_REGION", "eu")), "the eu node");
        io.meridian.testing.TestNode usNode = Await.result(io.meridian.testing.TestNode.start(us, dir.resolve("us-data"),
                java.util.Map.of("MERIDIAN_NODE_ID", "us-1", "MERIDIAN_NODE_REGION", "us")), "the us node");
        try {
            // A second embedded node of region eu is refused, naming the node that serves it.
            int secondPort = ClusterPorts.next();
            List<String> all = List.of(members.get(0), members.get(1), "127.0.0.1:" + secondPort);
            Vertx second = io.meridian.testing.ClusterNode.start(authority, "eu-2", "eu", secondPort, all);
            nodes.add(second);
            Throwable refused = Await.failure(io.meridian.testing.TestNode.start(second, dir.resolve("eu2-data"),
                    java.util.Map.of("MERIDIAN_NODE_ID", "eu-2", "MERIDIAN_NODE_REGION", "eu")), "the second eu node");
            assertTrue(refused.getMessage().contains("eu-1") && refused.getMessage().contains("already serves region "
                    + "'eu'"), refused.getMessage());

            var web = io.vertx.ext.web.client.WebClient.create(eu);
            Await.result(second.close(), "closing the refused node");
            nodes.remove(second);
            Await.until(() -> {
                var ready = Await.result(web.get(euNode.port(), "127.0.0.1", "/health/ready").send(), "ready");
                return ready.statusCode() == 200 && ready.bodyAsJsonObject().getInteger("clusterMembers", 0) == 2;
            }, "eu's readiness counting two members");
            var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            var name = new javax.management.ObjectName(io.meridian.ops.ClusterFacts.objectName("eu-1"));
            // Who works where: an agent online on us, seen from eu.
            Await.result(usNode.createAgent("uma", "Uma", io.meridian.security.Role.AGENT, "correct horse battery 8"),
                    "an agent on us");
            var usWeb = io.vertx.ext.web.client.WebClient.create(us);
            var uma = io.meridian.protocol.AgentSession.open(us, usWeb, usNode.port(), "uma", "correct horse battery 8");
            Await.result(uma.live(), "uma's console connected to us");
            // Two members again: the refused node may still be listed by a refresh after the readiness check (which
            // can count two before eu even saw it join).
            Await.until(() -> members(server, name).length == 2 && java.util.Arrays.stream(members(server, name))
                    .anyMatch(line -> line.startsWith("us-1") && line.contains("agents online: uma")
                            && line.contains("connections: 1 console, 0 widget")),
                    "eu's MBean showing uma online on us, and the refused node gone");
            String[] listed = (String[]) server.getAttribute(name, "Members");
            assertEquals(2, listed.length, String.join("; ", listed));
            assertTrue(listed[0].startsWith("eu-1 (eu, test-version) at 127.0.0.1:") && listed[0].contains(" (this node); "),
                    listed[0]);
            assertTrue(listed[1].startsWith("us-1 (us, test-version) at 127.0.0.1:"), listed[1]);
            assertTrue(listed[0].contains("agents online: none; connections: 0 console, 0 widget; waiting: 0"),
                    listed[0]);
            assertEquals(2, server.getAttribute(new javax.management.ObjectName(
                    io.meridian.ops.ClusterFacts.objectName("us-1")), "MemberCount"));
            // A conversation's live events stay on its node: us's consoles hear nothing of eu's customers, only that
            // eu's conversations changed (ids and counts, residency.RegionChanged).
            List<Object> heardOnUs = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Object> heardOnEu = new java.util.concurrent.CopyOnWriteArrayList<>();
            usNode.node().hub().subscribeInbox(heardOnUs::add);
            euNode.node().hub().subscribeInbox(heardOnEu::add);
            var euConversations = euNode.node().conversations();
            String contact = Await.result(euConversations.identifyVisitor(null,
                    io.meridian.conversation.VisitorProfile.empty()), "a visitor on eu").contactId();
            Await.result(euNode.node().hub().visitorSays(contact, java.util.UUID.randomUUID().toString(),
                    "Hallo, mein Paket"), "a message on eu");
            Await.until(() -> !heardOnEu.isEmpty(), "eu's own consoles hear it");
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofSeconds(2).toNanos());
            assertEquals(List.of(), heardOnUs.stream()
                    .filter(e -> !(e instanceof io.meridian.residency.RegionChanged)).toList(),
                    "no event of eu's conversations reached us");
            assertTrue(heardOnUs.stream().noneMatch(e -> e.toString().contains("Paket")), heardOnUs.toString());

            Await.result(euNode.createAgent("ada", "Ada", io.meridian.security.Role.ADMIN, "correct horse battery 9"),
                    "an admin");
            var ada = io.meridian.protocol.AgentSession.open(eu, web, euNode.port(), "ada", "correct horse battery 9");
            String page = ada.get("/console/cluster").bodyAsString();
            assertTrue(page.contains("<td class=\"agents\">uma</td>") && page.contains("1 console, 0 widget"), page);
            assertTrue(page.contains("2 nodes in the cluster") && page.contains("<td>us</td>")
                    && page.contains("eu-1 <span class=\"badge\">this node</span>"), page);
            web.close();
        } finally {
            Await.result(usNode.stop(), "stopping us");
            Await.result(euNode.stop(), "stopping eu");
        }
    }

    /**
     * Verifies that a node with the cluster on but without its certificates does not start, naming the key and the
     * file; that a member that is not host:port (or whose port is out of range) and a cluster.host that is not an IP
     * address are named too; and that a certificate is not issued for a host that is neither address nor name.
     */
    @Test
    void missingCertificatesOrMembersAreNamedAtStart() {
        var e = assertThrows(io.meridian.config.ConfigException.class, () -> io.meridian.config.MeridianConfig.load(dir,
                null, java.util.Map.of("MERIDIAN_CLUSTER_ENABLED", "true"), new java.util.Properties()));
        assertTrue(e.getMessage().contains("cluster.tls-dir") && e.getMessage().contains("node.key"), e.getMessage());
        Path tls = dir.resolve("conf/cluster");
        try {
            ClusterCertificates.initAuthority(dir.resolve("ca"), "test");
            Path issued = ClusterCertificates.issueNode(dir.resolve("ca"), "eu-1", List.of("127.0.0.1"));
            Files.createDirectories(tls);
            for (String f : List.of(ClusterCertificates.NODE_KEY, ClusterCertificates.NODE_CERT,
                    ClusterCertificates.CA_CERT)) {
                Files.copy(issued.resolve(f), tls.resolve(f));
            }
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
        var members = assertThrows(io.meridian.config.ConfigException.class, () -> io.meridian.config.MeridianConfig
                .load(dir, null, java.util.Map.of("MERIDIAN_CLUSTER_ENABLED", "true", "MERIDIAN_CLUSTER_MEMBERS",
                        "10.0.0.5"), new java.util.Properties()));
        assertTrue(members.getMessage().contains("cluster.members") && members.getMessage().contains("10.0.0.5"),
                members.getMessage());
        var port = assertThrows(io.meridian.config.ConfigException.class, () -> io.meridian.config.MeridianConfig
                .load(dir, null, java.util.Map.of("MERIDIAN_CLUSTER_ENABLED", "true", "MERIDIAN_CLUSTER_MEMBERS",
                        "10.0.0.5:99999"), new java.util.Properties()));
        assertTrue(port.getMessage().contains("10.0.0.5:99999"), port.getMessage());
        var host = assertThrows(io.meridian.config.ConfigException.class, () -> io.meridian.config.MeridianConfig
                .load(dir, null, java.util.Map.of("MERIDIAN_CLUSTER_ENABLED", "true", "MERIDIAN_CLUSTER_HOST",
                        "eu-1.example.com"), new java.util.Properties()));
        assertTrue(host.getMessage().contains("cluster.host") && host.getMessage().contains("eu-1.example.com"),
                host.getMessage());
        var badHost = assertThrows(IllegalArgumentException.class, () -> ClusterCertificates.issueNode(
                dir.resolve("ca"), "eu-9", List.of("[fd00::1]:5701")));
        assertTrue(badHost.getMessage().contains("neither an IP address"), badHost.getMessage());
    }

    /** The reply's body, or "failed: …" when the request gets no reply within 3 s. */
    private static String request(Vertx from, String address, String body) {
        try {
            return Await.result(from.eventBus().<String>request(address, body,
                    new DeliveryOptions().setSendTimeout(3000)), "request to " + address).body();
        } catch (AssertionError | RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }
}
