package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real node: every customer message it stores gets its detected language recorded in the messages table. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessageLanguageRecorderTest {

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private TestNode node;
    private ChatHub hub;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        node = Await.result(TestNode.start(vertx, dataDir), "starting the node");
        hub = node.node().hub();
        // The models load in the background; the first load in a JVM takes seconds.
        LanguageDetection detection = (LanguageDetection) node.node().languageDetector();
        Await.until(detection::isReady, Duration.ofSeconds(150), "the detector loading its models");
    }

    @AfterEach
    void stop() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        Await.result(vertx.close(), "closing Vert.x");
    }

    /** Verifies that a visitor's German sentence is recorded as German, from its text. */
    @Test
    void recordsTheLanguageOfACustomerMessage() {
        VisitorIdentity visitor = visitor("en-US");
        Appended appended = says(visitor, "Guten Tag, meine Bestellung ist noch nicht angekommen");
        Stored stored = awaitLanguage(appended.message().id());
        assertEquals("de", stored.language());
        assertEquals("TEXT", stored.source());
        assertTrue(stored.confidence() > 0.05 && stored.confidence() <= 1, "confidence " + stored.confidence());
    }

    /** Verifies that "ok" takes the language the visitor's browser reported, and says so. */
    @Test
    void aShortMessageTakesTheBrowsersLanguage() {
        VisitorIdentity visitor = visitor("fr-FR");
        Appended appended = says(visitor, "ok 👍");
        assertEquals(new Stored("fr", HintFallback.BROWSER_CONFIDENCE, "BROWSER"), awaitLanguage(appended.message().id()));
    }

    /** Verifies that agents' replies get no detected language: only what customers write is detected. */
    @Test
    void agentRepliesAreNotDetected() {
        VisitorIdentity visitor = visitor("es-ES");
        Appended question = says(visitor, "¿Cuándo llega mi pedido a Madrid?");
        Appended reply = Await.result(hub.agentSays(question.message().conversationId(), UUID.randomUUID().toString(),
                "Ana", UUID.randomUUID().toString(), "Your parcel arrives tomorrow morning."), "the agent's reply");
        assertEquals("es", awaitLanguage(question.message().id()).language());
        Await.until(() -> node.node().languageRecorder().recorded() >= 1, "the question is recorded");
        assertNull(stored(reply.message().id()).orElseThrow().language(), "the agent's reply has no language");
    }

    /** Verifies that a burst of messages from many visitors is recorded completely. */
    @Test
    void recordsEveryMessageOfABurst() {
        List<String> ids = new CopyOnWriteArrayList<>();
        List<io.vertx.core.Future<Appended>> sent = new java.util.ArrayList<>();
        for (int v = 0; v < 20; v++) {
            VisitorIdentity visitor = visitor(v % 2 == 0 ? "it-IT" : "pl-PL");
            for (int m = 0; m < 10; m++) {
                String text = v % 2 == 0 ? "Buongiorno, vorrei sapere dove si trova il pacco numero " + m
                        : "Dzień dobry, chciałbym wiedzieć, gdzie jest paczka numer " + m;
                sent.add(hub.visitorSays(visitor.contactId(), UUID.randomUUID().toString(), text)
                        .onSuccess(a -> ids.add(a.message().id())));
            }
        }
        Await.result(io.vertx.core.Future.all(sent), "200 messages stored");
        Await.until(() -> node.node().languageRecorder().recorded() >= 200, "200 languages recorded");
        long italian = ids.stream().map(id -> stored(id).orElseThrow().language()).filter("it"::equals).count();
        long polish = ids.stream().map(id -> stored(id).orElseThrow().language()).filter("pl"::equals).count();
        assertEquals(100, italian);
        assertEquals(100, polish);
        assertEquals(0, node.node().languageRecorder().skipped());
    }

    private VisitorIdentity visitor(String browserLanguage) {
        return Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile(browserLanguage, "Europe/Paris", null, null)), "a new visitor");
    }

    private Appended says(VisitorIdentity visitor, String text) {
        return Await.result(hub.visitorSays(visitor.contactId(), UUID.randomUUID().toString(), text), "the visitor says");
    }

    private Stored awaitLanguage(String messageId) {
        Await.until(() -> stored(messageId).map(s -> s.language() != null).orElse(false), "message language recorded");
        return stored(messageId).orElseThrow();
    }

    private Optional<Stored> stored(String messageId) {
        return Await.result(node.node().store().read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT language, language_confidence, language_source FROM messages WHERE id = ?")) {
                s.setString(1, messageId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getDouble(2), rs.getString(3)))
                            : Optional.<Stored>empty();
                }
            }
        }), "reading the message");
    }

    private record Stored(String language, double confidence, String source) {
    }
}
