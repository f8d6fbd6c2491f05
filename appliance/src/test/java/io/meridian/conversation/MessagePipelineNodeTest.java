package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.language.LanguageDetection;
import io.meridian.plugin.fixtures.EchoTranslationFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.meridian.translation.ConversationTranslator;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One customer's messages through a real node's pipeline: the language is detected once per message (routing uses the
 * pipeline's answer), and each message is translated once for its reader, not once on detection and again after
 * routing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessagePipelineNodeTest {

    @TempDir
    Path root;

    /**
     * Verifies that a Spanish visitor's first message (which opens and routes the conversation) and second message
     * each cost exactly one language detection and reach the translation engine exactly once.
     */
    @Test
    void eachMessageIsDetectedOnceAndTranslatedOncePerReader(Vertx vertx) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        PluginZipBuilder.plugin("lingo").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoTranslationFactory.class).writeInto(plugins);
        Files.writeString(connectors.resolve("counted.yaml"), """
                plugin: lingo
                factory: shout
                values:
                  baseUrl: http://127.0.0.1:5999/
                """);
        TestNode node = Await.result(TestNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es",
                "MERIDIAN_LANGUAGE_DETECTION_MODE", "low",
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true")), "starting the node");
        try {
            Await.result(node.node().plugins().initialLoad(), "loading the plugins");
            Await.until(() -> node.node().plugins().translationProviders().size() == 1, "the engine runs");
            LanguageDetection detection = (LanguageDetection) node.node().languageDetector();
            Await.until(detection::isReady, Duration.ofSeconds(150), "the detector loading its models");
            ConversationTranslator translator = node.node().translator();
            String contact = Await.result(node.node().conversations().identifyVisitor(null,
                    VisitorProfile.empty())).contactId();
            long detectionsBefore = detection.detections();

            String first = "Hola, mi pedido no ha llegado todavía a mi casa";
            String second = "Y tampoco contestan al teléfono de la tienda";
            for (String text : List.of(first, second)) {
                Appended said = Await.result(node.node().hub().visitorSays(contact, UUID.randomUUID().toString(),
                        text), "the visitor writes");
                String id = said.message().id();
                Await.until(() -> Await.result(translator.ofMessage(id))
                        .map(t -> t.status().equals("TRANSLATED")).orElse(false), "the message is translated");
                assertEquals("es", Await.result(translator.ofMessage(id)).orElseThrow().source());
            }

            assertEquals(2, detection.detections() - detectionsBefore, "one detection per message");
            List<String> asked = FixtureControl.TRANSLATED.getOrDefault("counted", List.of());
            assertEquals(1, Collections.frequency(asked, first), "the first message translated once: " + asked);
            assertEquals(1, Collections.frequency(asked, second), "the second message translated once: " + asked);
        } finally {
            Await.result(node.stop(), "stopping the node");
        }
    }
}
