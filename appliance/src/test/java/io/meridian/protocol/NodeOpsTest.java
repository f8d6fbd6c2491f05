package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.boot.Version;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's tools see (docs/api.md §3 and the JMX MBean {@code io.meridian:type=Node,name="<node id>"}).
 * The node id holds a colon, which an ObjectName value only accepts quoted, so a wrong quoting would show here.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeOpsTest {

    private static final String NODE_ID = "ops:node-1";
    private static final String REGION = "eu";
    private static final String PASSWORD = "Node-ops-test-pw-1";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static ObjectName mbean;
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @BeforeAll
    static void startNode(Vertx v) throws JMException {
        vertx = v;
        desk = SignedInNode.start(vertx, dataDir, Map.of("MERIDIAN_NODE_ID", NODE_ID, "MERIDIAN_NODE_REGION", REGION));
        node = desk.node();
        web = desk.web();
        Await.result(node.createAgent("dora", "Dora", Role.AGENT, PASSWORD), "creating agent dora");
        mbean = new ObjectName("io.meridian:type=Node,name=" + ObjectName.quote(NODE_ID));
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /** Verifies that /health/live and /health/ready answer 200 UP without authentication and say nothing else. */
    @Test
    void healthEndpointsAnswerUp() {
        for (String path : new String[] {"/health/live", "/health/ready"}) {
            HttpResponse<Buffer> response = Await.result(web.get(node.port(), AgentSession.HOST, path).send(), path);
            assertEquals(200, response.statusCode(), path);
            assertTrue(String.valueOf(response.getHeader("Content-Type")).startsWith("application/json"), path);
            assertEquals(new JsonObject().put("status", "UP"), response.bodyAsJsonObject(), path);
        }
    }

    /** Verifies that the MBean is registered under the quoted node id and reports version, node id, region and uptime. */
    @Test
    void mbeanReportsIdentity() throws JMException {
        assertTrue(JMX.isRegistered(mbean), "registered as " + mbean);
        assertEquals(Version.current(), JMX.getAttribute(mbean, "Version"));
        assertFalse(String.valueOf(JMX.getAttribute(mbean, "Version")).contains("${"), "the build stamped the version");
        assertEquals(NODE_ID, JMX.getAttribute(mbean, "NodeId"));
        assertEquals(REGION, JMX.getAttribute(mbean, "Region"));
        assertTrue(((Number) JMX.getAttribute(mbean, "UptimeSeconds")).longValue() >= 0);
    }

    /** Verifies that OpenWebSockets and its visitor and console parts rise while sockets are open and fall after. */
    @Test
    void openWebSocketsFollowConnections() throws JMException {
        // Every test here closes its sockets, so once the server has seen those closes nothing is open.
        awaitAttribute("OpenWebSockets", 0);
        int total = 0;
        int visitors = number("OpenVisitorWebSockets");
        int consoles = number("OpenConsoleWebSockets");
        assertEquals(0, visitors + consoles);

        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        awaitAttribute("OpenWebSockets", total + 1);
        awaitAttribute("OpenVisitorWebSockets", visitors + 1);

        AgentSession dora = AgentSession.open(vertx, web, node.port(), "dora", PASSWORD);
        AgentSession.LiveFeed feed = Await.result(dora.live(), "opening /api/v1/live");
        awaitAttribute("OpenConsoleWebSockets", consoles + 1);
        awaitAttribute("OpenWebSockets", total + 2);

        Await.result(visitor.close(), "closing the visitor socket");
        Await.result(feed.close(), "closing the live socket");
        awaitAttribute("OpenWebSockets", total);
        assertEquals(visitors, number("OpenVisitorWebSockets"));
        assertEquals(consoles, number("OpenConsoleWebSockets"));
    }

    /** Verifies that OpenConversations rises once a visitor's first message opens a conversation, and falls on close. */
    @Test
    void openConversationsFollowsTheInbox() throws JMException {
        long before = number("OpenConversations");
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        String id;
        try {
            visitor.hello(null);
            id = visitor.say("¿Está abierta la tienda?").getJsonObject("message").getString("conversationId");
            awaitAttribute("OpenConversations", before + 1);
            visitor.say("¿Y el domingo?");
            assertEquals(before + 1, number("OpenConversations"), "a second message opens nothing new");
        } finally {
            Await.result(visitor.close(), "closing the visitor socket");
        }
        AgentSession dora = AgentSession.open(vertx, web, node.port(), "dora", PASSWORD);
        assertEquals(200, dora.postJson("/api/v1/conversations/" + id + "/close", new JsonObject()).statusCode());
        awaitAttribute("OpenConversations", before);
    }

    private static int number(String attribute) throws JMException {
        return ((Number) JMX.getAttribute(mbean, attribute)).intValue();
    }

    /** JMX has no change events here, so poll the attribute against the test deadline. */
    private static void awaitAttribute(String attribute, long expected) {
        Await.until(() -> {
            try {
                return number(attribute) == expected;
            } catch (JMException e) {
                throw new AssertionError("reading " + attribute, e);
            }
        }, attribute + " == " + expected);
    }
}
