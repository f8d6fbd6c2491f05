package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.SpiVersion;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin zips dropped into the plugins folder while the node runs, picked up by a rescan (REST, console, JMX) with
 * the checks of a start; and a plugin whose id is {@code instances}, which the REST paths must still address.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginFolderRescanTest {

    private static final String NODE_ID = "plugin-rescan-test";
    private static final String ADMIN_PASSWORD = "Rescan-admin-pw-1";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    static Path root;

    private static Path plugins;
    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession admin;

    @BeforeAll
    static void startNode(Vertx vertx) throws Exception {
        plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        echoPlugin("instances", ">=1.0.0").writeInto(plugins);
        // An instance whose plugin is not installed yet: it waits until a rescan brings the plugin.
        Files.writeString(connectors.resolve("late-line.yaml"), """
                plugin: latecomer
                factory: echo
                values:
                  endpoint: https://late.example.com/api
                  token: late-token
                """);
        desk = SignedInNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_NODE_ID", NODE_ID,
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_TRUSTED_KEYS_DIR", root.resolve("no-keys").toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "5",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1"));
        node = desk.node();
        web = desk.web();
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        admin = desk.agent("root", "Root", Role.ADMIN, ADMIN_PASSWORD);
    }

    private static PluginZipBuilder echoPlugin(String id, String requires) {
        return PluginZipBuilder.plugin(id).version("1.0.0").requires(requires).provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that a rescan through the REST API loads only the zips added since, checked as at start: a compatible
     * one starts (and the instance that waited for it runs), an incompatible one is refused with its reason, and a
     * second rescan finds nothing new.
     */
    @Test
    void restRescanLoadsNewZipsWithTheChecksOfAStart() throws Exception {
        JsonObject waiting = instance("late-line");
        assertEquals("waiting", waiting.getString("state"), waiting.encode());
        assertTrue(waiting.getString("lastError").contains("no plugin 'latecomer' is installed"), waiting.encode());

        echoPlugin("latecomer", ">=1.0.0 & <2.0.0").writeInto(plugins);
        echoPlugin("too-new", ">=2.0.0").writeInto(plugins);
        HttpResponse<Buffer> scanned = admin.postJson(PluginAdminApi.SCANS, new JsonObject());
        assertEquals(200, scanned.statusCode(), scanned.bodyAsString());
        Map<String, JsonObject> added = byId(scanned.bodyAsJsonObject().getJsonArray("added"));
        assertEquals(2, added.size(), scanned.bodyAsString());
        assertEquals("started", added.get("latecomer").getString("state"), scanned.bodyAsString());
        assertEquals("refused", added.get("too-new").getString("state"));
        assertEquals("requires SPI version '>=2.0.0', but this node provides SPI " + SpiVersion.CURRENT,
                added.get("too-new").getString("lastError"));
        Await.until(() -> "running".equals(instance("late-line").getString("state")),
                "the instance that waited for the plugin runs");

        HttpResponse<Buffer> again = admin.postJson(PluginAdminApi.SCANS, new JsonObject());
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals(0, again.bodyAsJsonObject().getJsonArray("added").size(), again.bodyAsString());

        HttpResponse<Buffer> withoutToken = Await.result(web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                PluginAdminApi.SCANS).putHeader("Cookie", admin.cookie()).send(), "rescan without CSRF");
        assertEquals(403, withoutToken.statusCode(), "a rescan is a write: it needs the CSRF token");
    }

    /** Verifies the console's rescan button (CSRF-checked) and the JMX rescan operation. */
    @Test
    void consoleAndJmxRescan() throws Exception {
        echoPlugin("from-console", ">=1.0.0").writeInto(plugins);
        MultiMap csrf = MultiMap.caseInsensitiveMultiMap().add("csrf", admin.csrfToken());
        HttpResponse<Buffer> forged = Await.result(web.request(HttpMethod.POST, node.port(), AgentSession.HOST,
                "/console/plugins/rescan").putHeader("Cookie", admin.cookie()).sendForm(MultiMap
                .caseInsensitiveMultiMap()), "rescan without CSRF");
        assertEquals(403, forged.statusCode());
        HttpResponse<Buffer> posted = Await.result(admin.request(HttpMethod.POST, "/console/plugins/rescan")
                .sendForm(csrf), "console rescan");
        assertEquals(302, posted.statusCode(), posted.bodyAsString());
        assertEquals("/console/plugins?rescanned=1", posted.getHeader("Location"));
        String page = admin.get("/console/plugins?rescanned=1").bodyAsString();
        assertTrue(page.contains("data-rescanned=\"1\"") && page.contains("1 new plugin zip loaded"), page);
        assertTrue(page.contains("data-plugin-id=\"from-console\" data-state=\"STARTED\""), page);
        assertTrue(admin.get("/console/plugins?rescanned=zz").bodyAsString().contains("Rescan plugins folder"));
        assertFalse(admin.get("/console/plugins?rescanned=zz").bodyAsString().contains("data-rescanned"),
                "a malformed count announces nothing");

        ObjectName mbean = new ObjectName(PluginFacts.objectName(NODE_ID));
        echoPlugin("from-jmx", ">=1.0.0").writeInto(plugins);
        Object answer = JMX.invoke(mbean, "rescan", new Object[0], new String[0]);
        assertEquals("from-jmx 1.0.0 STARTED", answer);
        assertEquals("no new plugin zips", JMX.invoke(mbean, "rescan", new Object[0], new String[0]));
    }

    /**
     * Verifies that a plugin whose id is {@code instances} is addressed like any other, because instances have a
     * path of their own.
     */
    @Test
    void pluginNamedInstancesHasItsOwnPath() {
        HttpResponse<Buffer> plugin = admin.get(PluginAdminApi.PATH + "/instances");
        assertEquals(200, plugin.statusCode(), plugin.bodyAsString());
        assertEquals("instances", plugin.bodyAsJsonObject().getString("id"));
        assertEquals("started", plugin.bodyAsJsonObject().getString("state"));

        HttpResponse<Buffer> disabled = admin.postJson(PluginAdminApi.PATH + "/instances/disable", new JsonObject());
        assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
        assertEquals("disabled", disabled.bodyAsJsonObject().getString("state"));
        HttpResponse<Buffer> enabled = admin.postJson(PluginAdminApi.PATH + "/instances/enable", new JsonObject());
        assertEquals("started", enabled.bodyAsJsonObject().getString("state"), enabled.bodyAsString());

        HttpResponse<Buffer> list = admin.get(InstanceAdminApi.PATH);
        assertEquals(200, list.statusCode());
        assertTrue(list.bodyAsJsonObject().containsKey("instances"), list.bodyAsString());
        assertEquals(404, admin.get(PluginAdminApi.PATH + "/no-such-plugin").statusCode());
    }

    private static JsonObject instance(String id) {
        HttpResponse<Buffer> r = admin.get(InstanceAdminApi.PATH + "/" + id);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static Map<String, JsonObject> byId(JsonArray array) {
        return array.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(p -> p.getString("id"), p -> p));
    }
}
