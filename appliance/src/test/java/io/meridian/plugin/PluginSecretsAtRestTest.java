package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker test for connector secrets: a secret entered for a connector instance reaches the connector, but is
 * found in no file of the data directory (database pages, transaction log, Derby's log) once the node has stopped.
 * Unsigned plugins are allowed here, as on the quick-start configuration.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginSecretsAtRestTest {

    private static final List<Charset> ENCODINGS =
            List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    @TempDir
    Path root;

    /** Verifies that the connector gets the secret and that no file under the data directory contains it. */
    @Test
    void connectorSecretIsSealedAtRest(Vertx vertx) throws IOException {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String marker = "TOKEN" + HexFormat.of().withUpperCase().formatHex(random);
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginZipBuilder.plugin("echo").version("1.0.0").requires(">=1.0.0")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class).writeInto(plugins);
        Path data = root.resolve("data");
        TestNode node = Await.result(TestNode.start(vertx, data, Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", root.resolve("no-connectors").toString(),
                // The scan reads the embedded database's files; EncryptedAtRestTest scans PostgreSQL's.
                "MERIDIAN_STORE_ENGINE", "derby")), "starting the node");
        WebClient web = WebClient.create(vertx);
        try {
            Await.result(node.node().plugins().initialLoad(), "loading the plugins");
            Await.result(node.createAgent("root", "Root", Role.ADMIN, "At-rest-admin-pw-1"), "creating the admin");
            AgentSession admin = AgentSession.open(vertx, web, node.port(), "root", "At-rest-admin-pw-1");
            HttpResponse<Buffer> created = Await.result(admin.request(HttpMethod.PUT, "/api/v1/plugin-instances/vault")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(new JsonObject().put("plugin", "echo").put("factory", "echo")
                            .put("values", new JsonObject().put("endpoint", "https://vault.example.com")
                                    .put("token", marker)).encode())), "creating the instance");
            assertEquals(201, created.statusCode(), created.bodyAsString());
            Await.until(() -> FixtureControl.CONFIGS.containsKey("vault"), "the connector is created");
            assertEquals(marker, FixtureControl.CONFIGS.get("vault").get("token"), "the connector got the secret");
        } finally {
            web.close();
            Await.result(node.stop(), "stopping the node");
        }

        Path control = Files.createDirectories(root.resolve("control"));
        Files.writeString(control.resolve("control.txt"), "before " + marker + " after", StandardCharsets.UTF_16LE);
        assertFalse(hits(control, marker).isEmpty(), "the scanner finds a planted marker");
        assertTrue(Files.isDirectory(data.resolve("db")), "the database is there to scan");
        assertEquals(List.of(), hits(data, marker), "the secret is readable on disk");
    }

    private static List<String> hits(Path dir, String marker) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(file);
                for (Charset charset : ENCODINGS) {
                    if (contains(content, marker.getBytes(charset))) {
                        hits.add(dir.relativize(file) + " (" + charset + ")");
                    }
                }
            }
        }
        return hits;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
