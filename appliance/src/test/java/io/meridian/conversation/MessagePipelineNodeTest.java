package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.language.LanguageDetection;
import io.meridian.plugin.fixtures.EchoTranslationFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.plugin.fixtures.PluginFolders;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.meridian.translation.ConversationTranslator;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void eachMessageIsDetectedOnceAndTranslatedOncePerReader(Vertx vertx) {
        PluginFolders folders = PluginFolders.under(root).plugin("lingo", EchoTranslationFactory.class)
                .instance("counted", "lingo", "shout", "http://127.0.0.1:5999/");
        Map<String, String> settings = new HashMap<>(folders.overrides());
        settings.put("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es");
        settings.put("MERIDIAN_LANGUAGE_DETECTION_MODE", "low");
        TestNode node = Await.result(TestNode.start(vertx, root.resolve("data"), settings), "starting the node");
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

            // Nothing to show (no engine for fr -> en; en read in en): nothing written, nothing asked of the engine.
            for (String language : List.of("fr", "en")) {
                Appended quiet = Await.result(node.node().hub().visitorSays(contact, UUID.randomUUID().toString(),
                        "Thanks, I will wait for the parcel then"), "the visitor writes");
                String id = quiet.message().id();
                Await.result(translator.translateForReader(new LanguagedMessage(new CommittedMessage(quiet.message(),
                        false, false, false), Optional.of(new MessageLanguage(id, language, 1.0, "TEXT")))),
                        "translating for the reader");
                assertTrue(Await.result(translator.ofMessage(id)).isEmpty(), language + ": no row stored");
            }
            assertEquals(2, FixtureControl.TRANSLATED.getOrDefault("counted", List.of()).size(),
                    "the engine was asked for nothing more");
        } finally {
            Await.result(node.stop(), "stopping the node");
        }
    }
}
