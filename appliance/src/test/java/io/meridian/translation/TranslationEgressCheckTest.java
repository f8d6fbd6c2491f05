package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.VisitorProfile;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.fixtures.RelayTranslationFactory;
import io.meridian.spi.DataEgress;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node in region {@code eu}, whose policy forbids egress, with two instances of a test provider that sends
 * text through the appliance's residency-checked client to an engine on 127.0.0.1: {@code lookalike}, configured
 * with a name that reads like loopback but does not resolve to it ({@code .invalid} never resolves, RFC 6761; a name
 * resolving to a remote address is covered with a scripted resolver in {@code EgressRuleTest}), preferred; and
 * {@code onsite}, configured with loopback written as {@code [::ffff:127.0.0.1]}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TranslationEgressCheckTest {

    @TempDir
    static Path root;

    private static HttpServer engine;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static TestNode node;
    private static PluginHost host;

    @BeforeAll
    static void startNode(Vertx vertx) throws Exception {
        engine = Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(request.path() + " " + body.toString(StandardCharsets.UTF_8));
            request.response().end(body.toString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
        })).listen(0, "127.0.0.1"), "starting the engine");
        int port = engine.actualPort();
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        PluginZipBuilder.plugin("relay").version("1.0.0").requires(">=1.1.0").provider("Meridian tests")
                .extension(RelayTranslationFactory.class).writeInto(plugins);
        Files.writeString(connectors.resolve("lookalike.yaml"), """
                plugin: relay
                factory: relay
                values:
                  baseUrl: http://127.anything.invalid:%d/
                """.formatted(port));
        Files.writeString(connectors.resolve("onsite.yaml"), """
                plugin: relay
                factory: relay
                values:
                  baseUrl: http://[::ffff:127.0.0.1]:%d/
                """.formatted(port));
        node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_RESIDENCY_FORBID_EGRESS_REGIONS", "eu",
                "MERIDIAN_TRANSLATION_PREFERRED_PROVIDERS", "lookalike,onsite",
                "MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "5000",
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es",
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true")), "starting the node");
        host = node.node().plugins();
        Await.result(host.initialLoad(), "loading the plugins");
        Await.until(() -> host.translationProviders().size() == 2, "both translation instances run");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
    }

    /**
     * Verifies that the instances' residency comes from addresses: the IPv4-mapped loopback literal is local, the
     * loopback-looking name that does not resolve to loopback is not; and that an eu customer's message goes to the
     * local instance through the appliance's client, never to the preferred look-alike.
     */
    @Test
    void onlyTheInstanceWhoseAddressesAreOnSiteGetsTheText(Vertx vertx) {
        assertEquals(DataEgress.localOnly(), host.translationProvider("onsite").orElseThrow().egress().orElseThrow());
        DataEgress lookalike = host.translationProvider("lookalike").orElseThrow().egress().orElseThrow();
        assertFalse(lookalike.isLocal());
        assertEquals(Set.of("127.anything.invalid"), lookalike.remoteHosts());

        ChatHub hub = node.node().hub();
        String contact = Await.result(node.node().conversations().identifyVisitor(null, VisitorProfile.empty()))
                .contactId();
        String text = "Hola, mi pedido no ha llegado todavía a mi casa";
        String id = Await.result(hub.visitorSays(contact, UUID.randomUUID().toString(), text)).message().id();
        ConversationTranslator translator = node.node().translator();
        Await.until(() -> Await.result(translator.ofMessage(id)).map(t -> t.status().equals("TRANSLATED"))
                .orElse(false), "the message is translated");
        MessageTranslation done = Await.result(translator.ofMessage(id)).orElseThrow();
        assertEquals("onsite", done.engine());
        assertEquals(text.toUpperCase(Locale.ROOT), done.text());
        assertEquals(List.of("/translate/onsite " + text), received);
        assertTrue(received.stream().noneMatch(r -> r.startsWith("/translate/lookalike")));
    }
}
