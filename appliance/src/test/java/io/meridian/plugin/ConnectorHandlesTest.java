package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.plugin.fixtures.EchoTranslationFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.security.Role;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.DataEgress;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How other capabilities call translation (and CRM) instances: {@link PluginHost#translationProviders()} and its
 * handles, whose calls run on the plugin's threads with the node's deadline and come back on the caller's context.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectorHandlesTest {

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static TestNode node;
    private static PluginHost host;

    @BeforeAll
    static void startNode(Vertx v) throws Exception {
        vertx = v;
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        PluginZipBuilder.plugin("lingo").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoTranslationFactory.class).writeInto(plugins);
        PluginZipBuilder.plugin("echo").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class).writeInto(plugins);
        Files.writeString(connectors.resolve("shouter.yaml"), """
                plugin: lingo
                factory: shout
                values:
                  baseUrl: https://mt.example.net:5000/
                """);
        Files.writeString(connectors.resolve("shouter-off.yaml"), """
                plugin: lingo
                factory: shout
                enabled: false
                values:
                  baseUrl: http://127.0.0.1:5000/
                """);
        Files.writeString(connectors.resolve("mailbox.yaml"), """
                plugin: echo
                factory: echo
                values:
                  endpoint: https://echo.example.com
                  token: t
                """);
        node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "2",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1")), "starting the node");
        host = node.node().plugins();
        Await.result(host.initialLoad(), "loading the plugins");
        Await.until(() -> host.translationProviders().size() == 1, "the translation instance runs");
        Await.result(node.createAgent("root", "Root", Role.ADMIN, "Handles-admin-pw-1"), "creating an account");
    }

    @AfterAll
    static void stopNode() {
        FixtureControl.releaseHangs();
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
    }

    /**
     * Verifies that the running translation instances are listed (not the disabled one, not channels), with their
     * egress resolved from their configuration, and that lookups by id respect the kind.
     */
    @Test
    void listsRunningTranslationProvidersWithTheirEgress() {
        List<TranslationProviderHandle> running = host.translationProviders();
        assertEquals(List.of("shouter"), running.stream().map(TranslationProviderHandle::instanceId).toList());
        TranslationProviderHandle shouter = running.get(0);
        assertEquals("lingo", shouter.pluginId());
        assertTrue(shouter.isRunning());
        assertEquals(new DataEgress(Set.of("mt.example.net")), shouter.egress().orElseThrow());

        TranslationProviderHandle off = host.translationProvider("shouter-off").orElseThrow();
        assertFalse(off.isRunning());
        assertEquals(InstanceState.DISABLED, off.state());
        assertTrue(off.egress().isEmpty(), "no egress is claimed for an instance that does not run");
        assertInstanceOf(ConnectorUnavailableException.class,
                Await.failure(off.translate(TranslationRequest.of("hola", "es", "en")), "calling a disabled one"));

        assertTrue(host.translationProvider("mailbox").isEmpty(), "a channel instance is no translation provider");
        assertTrue(host.translationProvider("nobody").isEmpty());
        assertTrue(host.crmConnectors().isEmpty());
        assertTrue(host.crmConnector("shouter").isEmpty());
    }

    /**
     * Verifies that a translation goes to the connector on one of the plugin's own threads and that its answer comes
     * back on the caller's Vert.x context.
     */
    @Test
    void callsRunOnThePluginThreadsAndAnswerOnTheCallersContext() {
        TranslationProviderHandle shouter = host.translationProvider("shouter").orElseThrow();
        Context caller = vertx.getOrCreateContext();
        Promise<Boolean> sameContext = Promise.promise();
        Promise<TranslationResult> result = Promise.promise();
        caller.runOnContext(v -> shouter.translate(TranslationRequest.of("¿dónde está?", "es", "en"))
                .onComplete(ar -> {
                    sameContext.complete(Vertx.currentContext() == caller);
                    result.handle(ar);
                }));
        assertEquals("¿DÓNDE ESTÁ?", Await.result(result.future(), "translating").text());
        assertTrue(Await.result(sameContext.future(), "the callback"), "the answer arrives on the caller's context");
        assertTrue(FixtureControl.THREADS.get("shouter").startsWith("meridian-plugin-lingo-"),
                FixtureControl.THREADS.get("shouter"));
        assertEquals(Set.of(LanguagePair.of("es", "en")), Await.result(shouter.supportedPairs(), "pairs"));
    }

    /**
     * Verifies the isolation: a hanging translate fails at the node's deadline (the instance shows DEGRADED), a
     * connector's own refusal reaches the caller as it was thrown, and the next good call makes it RUNNING again.
     */
    @Test
    void hangsTimeOutAndFailuresReachTheCaller() {
        TranslationProviderHandle shouter = host.translationProvider("shouter").orElseThrow();
        FixtureControl.SEND_MODE.put("shouter", FixtureControl.Mode.HANG);
        try {
            long start = System.nanoTime();
            Throwable timeout = Await.failure(shouter.translate(TranslationRequest.of("hola", "es", "en")),
                    "a hanging translate");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(PluginCallTimeoutException.class, timeout);
            assertTrue(millis >= 1900 && millis < 10_000, "failed after " + millis + " ms, the deadline is 2 s");
            assertEquals(InstanceState.DEGRADED, shouter.state());
        } finally {
            FixtureControl.SEND_MODE.put("shouter", FixtureControl.Mode.REFUSE);
            FixtureControl.releaseHangs();
        }
        Throwable refused = Await.failure(shouter.translate(TranslationRequest.of("hola", "es", "en")), "refused");
        assertInstanceOf(ConnectorException.class, refused);
        assertFalse(((ConnectorException) refused).retryable());

        FixtureControl.SEND_MODE.put("shouter", FixtureControl.Mode.OK);
        Future<TranslationResult> ok = shouter.translate(TranslationRequest.of("hola", "es", "en"));
        assertEquals("HOLA", Await.result(ok, "a good call").text());
        assertEquals(InstanceState.RUNNING, shouter.state());
        assertTrue(host.translationProviders().stream().anyMatch(h -> h.instanceId().equals("shouter")));
    }
}
