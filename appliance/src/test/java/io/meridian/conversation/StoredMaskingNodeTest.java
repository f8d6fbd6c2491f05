package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card number a customer types never reaches the store (privacy.masking.store, on by default): the agent, the
 * search index and the customer's own widget see it masked; with masking off it is stored as written; an unknown
 * kind stops the node at start, naming the key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoredMaskingNodeTest {

    private static final String PASSWORD = "Masking-test-pw-1";

    @TempDir
    Path dir;

    @Test
    void aCardNumberIsMaskedBeforeItIsStored() {
        try (SignedInNode node = SignedInNode.alone(dir.resolve("on"), Map.of())) {
            AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);
            var conversations = node.node().node().conversations();
            String contact = Await.result(conversations.identifyVisitor(null, VisitorProfile.empty()), "v").contactId();
            Appended said = Await.result(node.node().node().hub().visitorSays(contact, UUID.randomUUID().toString(),
                    "Charge my card 4111 1111 1111 1111 please"), "a message");
            assertEquals("Charge my card •••• •••• •••• 1111 please", said.message().text(), "acknowledged masked");
            String stored = agent.messages(said.message().conversationId()).get(0).getString("text");
            assertEquals("Charge my card •••• •••• •••• 1111 please", stored);
            var replied = agent.reply(said.message().conversationId(), UUID.randomUUID().toString(),
                    "Noted 5555 5555 5555 4444");
            assertEquals(201, replied.statusCode(), replied.bodyAsString());
            assertEquals("Noted •••• •••• •••• 4444", agent.messages(said.message().conversationId()).get(1)
                    .getString("text"), "agents' replies too");
            Await.until(() -> agent.get("/api/v1/search?q=Charge").bodyAsJsonObject().getInteger("total") == 1,
                    "indexed");
            assertEquals(0, agent.get("/api/v1/search?q=4111111111111111").bodyAsJsonObject().getInteger("total"));
        }
        try (SignedInNode node = SignedInNode.alone(dir.resolve("off"), Map.of("MERIDIAN_PRIVACY_MASKING_STORE", ""))) {
            var conversations = node.node().node().conversations();
            String contact = Await.result(conversations.identifyVisitor(null, VisitorProfile.empty()), "v").contactId();
            assertEquals("card 4111 1111 1111 1111", Await.result(node.node().node().hub().visitorSays(contact,
                    UUID.randomUUID().toString(), "card 4111 1111 1111 1111"), "a message").message().text());
        }
        Vertx vertx = Vertx.vertx();
        try {
            Throwable refused = Await.failure(TestNode.start(vertx, dir.resolve("bad"),
                    Map.of("MERIDIAN_PRIVACY_MASKING_STORE", "card, ssn")), "a start with an unknown kind");
            assertTrue(refused instanceof ConfigException && refused.getMessage().contains("privacy.masking.store")
                    && refused.getMessage().contains("'ssn'"), String.valueOf(refused));
            assertFalse(refused.getMessage().isBlank());
        } finally {
            Await.result(vertx.close(), "closing");
        }
    }
}
