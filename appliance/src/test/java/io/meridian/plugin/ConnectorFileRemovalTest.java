package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A connector file removed while replies wait for its instance: the instance goes, its replies do not. They stay
 * queued (logged, listed), and go out once the file is back, across restarts of the node.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConnectorFileRemovalTest {

    @TempDir
    Path root;

    /** Verifies that removing the file of an instance with a waiting reply keeps the reply, and restoring sends it. */
    @Test
    void repliesOfARemovedConnectorFileAreKeptAndSentWhenItReturns(Vertx vertx) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        PluginZipBuilder.plugin("echo").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class).writeInto(plugins);
        Path file = connectors.resolve("filed-line.yaml");
        String definition = """
                plugin: echo
                factory: echo
                values:
                  endpoint: https://filed.example.com
                  token: filed-token
                """;
        Files.writeString(file, definition);
        Map<String, String> env = Map.of(
                "MERIDIAN_NODE_ID", "file-removal-test",
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1");
        Path data = root.resolve("data");
        WebClient web = WebClient.create(vertx);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger hostLogger = (Logger) LoggerFactory.getLogger(PluginHost.class);
        hostLogger.addAppender(log);
        try {
            // 1. A reply waits: the connector fails every send.
            FixtureControl.SEND_MODE.put("filed-line", FixtureControl.Mode.FAIL);
            TestNode node = start(vertx, data, env);
            Await.result(node.createAgent("root", "Root", Role.ADMIN, "Removal-admin-pw-1"), "creating the admin");
            AgentSession first = AgentSession.open(vertx, web, node.port(), "root", "Removal-admin-pw-1");
            awaitState(first, "filed-line", "running");
            HttpResponse<Buffer> hook = Await.result(web.post(node.port(), AgentSession.HOST, "/hooks/echo/filed-line")
                    .putHeader("x-from", "lea@example.com").putHeader("x-external-id", UUID.randomUUID().toString())
                    .sendBuffer(Buffer.buffer("Hallo?".getBytes(StandardCharsets.UTF_8))), "webhook");
            String conversation = hook.bodyAsJsonObject().getString("conversationId");
            assertEquals(201, first.postJson("/api/v1/conversations/" + conversation + "/messages", new JsonObject()
                    .put("clientMessageId", "r-1").put("text", "Gleich!")).statusCode());
            Await.until(() -> pendingAttempted(first), "the reply waits, tried at least once");
            Await.result(node.stop(), "stopping the node");

            // 2. The file is removed: the instance goes at the next start, the reply stays pending and is listed.
            Files.delete(file);
            node = start(vertx, data, env);
            AgentSession admin = AgentSession.open(vertx, web, node.port(), "root", "Removal-admin-pw-1");
            assertEquals(404, admin.get(InstanceAdminApi.PATH + "/filed-line").statusCode());
            List<String> warnings;
            synchronized (log) {
                warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("'filed-line' removed"))
                        .toList();
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("1 waiting reply kept in the outbox"), warnings.get(0));
            Await.until(() -> admin.get(PluginAdminApi.PATH).bodyAsJsonObject().getJsonArray("deletedInstancesOutbox")
                    .stream().map(o -> (JsonObject) o).anyMatch(d -> "filed-line".equals(d.getString("instance"))
                            && d.getLong("pending") == 1), "the waiting reply is listed for the gone instance");
            assertEquals("pending", admin.get(InstanceAdminApi.PATH + "/filed-line/outbox").bodyAsJsonObject()
                    .getJsonArray("entries").getJsonObject(0).getString("status"));
            Await.result(node.stop(), "stopping the node");

            // 3. The file is back and the connector works: the kept reply goes out.
            Files.writeString(file, definition);
            FixtureControl.SEND_MODE.put("filed-line", FixtureControl.Mode.OK);
            node = start(vertx, data, env);
            try {
                Await.until(() -> FixtureControl.sent("filed-line").stream()
                        .anyMatch(m -> m.text().contains("Gleich!")), "the kept reply is sent (as a mail)");
            } finally {
                Await.result(node.stop(), "stopping the node");
            }
        } finally {
            hostLogger.detachAppender(log);
            web.close();
        }
    }

    private static TestNode start(Vertx vertx, Path data, Map<String, String> env) {
        TestNode node = Await.result(TestNode.start(vertx, data, env), "starting the node");
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        return node;
    }

    private static boolean pendingAttempted(AgentSession admin) {
        HttpResponse<Buffer> r = admin.get(InstanceAdminApi.PATH + "/filed-line/outbox");
        return r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("entries").stream()
                .map(o -> (JsonObject) o).anyMatch(e -> "pending".equals(e.getString("status"))
                        && e.getInteger("attempts") >= 1);
    }

    private static void awaitState(AgentSession admin, String id, String state) {
        Await.until(() -> {
            HttpResponse<Buffer> r = admin.get(InstanceAdminApi.PATH + "/" + id);
            return r.statusCode() == 200 && state.equals(r.bodyAsJsonObject().getString("state"));
        }, id + " is " + state);
    }
}
