package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.NewAttachment;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The marker test for encryption at rest, on a whole node and on each store engine: personal data written through
 * the public interfaces (widget protocol and REST API) must not be readable anywhere in the data directory once the
 * node has stopped, nor, on PostgreSQL, in the database's files or the write-ahead log.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class EncryptedAtRestTest {

    @Parameter
    StoreEngine engine;

    private static final String AGENT_PASSWORD = "correct horse battery staple 42";

    @TempDir
    Path dataDir;

    @TempDir
    Path controlDir;

    private TestNode running;

    @AfterEach
    void stopNode() {
        if (running != null) {
            Await.result(running.stop(), "stopping the node after a failure");
        }
    }

    /**
     * Verifies that a visitor's name, e-mail address, phone number and message, an agent's reply, a ticket's subject
     * and note, and an e-mail's sender, address, subject, text and file, all carrying a unique marker, appear in no
     * file under the data directory (nor, on PostgreSQL, in the database's files and WAL), in UTF-8 or UTF-16 of
     * either byte order, after the node stops;
     * and that the same scanner does find the marker in a control directory, so a clean result means something.
     */
    @Test
    void personalDataNeverReachesTheDiskInPlaintext(Vertx vertx) throws IOException {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String marker = "MRK" + HexFormat.of().withUpperCase().formatHex(random);
        String visitorText = "My order " + marker + " has not arrived";
        String agentText = "Sorry about order " + marker + ": it ships today";
        // A phone number is digits only: its own marker, ten random ones.
        String phoneDigits = String.format("%010d", Math.floorMod(new SecureRandom().nextLong(), 10_000_000_000L));

        Map<String, String> store = TestStores.nodeOverrides(engine);
        running = Await.result(TestNode.start(vertx, dataDir, store), "starting the node");
        Await.result(running.createAgent("alice", "Alice", Role.AGENT, AGENT_PASSWORD), "creating the agent");
        // Staff data PostgreSQL stores as written: the scan must find it there, or finding nothing would mean nothing.
        String controlUsername = "ctl" + HexFormat.of().formatHex(random);
        Await.result(running.createAgent(controlUsername, "Control", Role.AGENT, AGENT_PASSWORD), "the control agent");
        WebClient web = WebClient.create(vertx);
        AgentSession agent = AgentSession.open(vertx, web, running.baseUrl(), "alice", AGENT_PASSWORD);

        String conversationId;
        try (VisitorChat visitor = VisitorChat.connect(vertx, running.baseUrl())) {
            visitor.hello(new JsonObject()
                    .put("locale", "en-GB")
                    .put("timeZone", "Europe/London")
                    .put("name", "Ana " + marker)
                    .put("email", marker.toLowerCase(Locale.ROOT) + "@example.com"));
            visitor.send(new JsonObject().put("type", "profile").put("phone", "+44 " + phoneDigits));
            visitor.await("the phone number saved", f -> "profile.saved".equals(f.getString("type")));
            JsonObject ack = visitor.say(UUID.randomUUID().toString(), visitorText);
            conversationId = ack.getJsonObject("message").getString("conversationId");

            int status = agent.reply(conversationId, UUID.randomUUID().toString(), agentText).statusCode();
            assertEquals(201, status, "a new agent reply is answered 201");
            visitor.awaitMessage(agentText);
        }

        // The data must really be stored, or a clean disk would prove nothing.
        List<JsonObject> stored = agent.messages(conversationId);
        assertEquals(List.of(visitorText, agentText), stored.stream().map(m -> m.getString("text")).toList());
        // A ticket of the conversation, its subject the customer's words.
        var ticket = agent.postJson("/api/v1/tickets", new JsonObject().put("conversationId", conversationId)
                .put("subject", "Refund for order " + marker));
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        String number = ticket.bodyAsJsonObject().getString("number");
        assertEquals("Refund for order " + marker, agent.get("/api/v1/tickets/" + number).bodyAsJsonObject()
                .getString("subject"));
        assertEquals(201, agent.postJson("/api/v1/tickets/" + number + "/notes", new JsonObject()
                .put("text", "Customer " + marker + " called twice")).statusCode(), "an internal note");

        // An e-mail as the mail connector hands it over: sender, address, subject, text and a file, all personal.
        ChannelInbound mail = new ChannelInbound("mail-in", "email", marker.toLowerCase(Locale.ROOT) + "@example.net",
                "Bea " + marker, "<" + marker + "@example.net>", "Invoice " + marker, "Please resend invoice " + marker)
                .withAttachments(List.of(new NewAttachment("invoice-" + marker + ".txt", "text/plain",
                        ("Invoice for " + marker).getBytes(StandardCharsets.UTF_8))));
        String mailConversation = Await.result(running.node().conversations().appendChannelMessage(mail), "an e-mail")
                .message().conversationId();
        assertEquals(List.of("Please resend invoice " + marker), agent.messages(mailConversation).stream()
                .map(m -> m.getString("text")).toList());

        MarkerScanner scanner = new MarkerScanner(marker);
        List<Charset> encodings = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);
        for (Charset charset : encodings) {
            Files.write(controlDir.resolve("control-" + charset.name() + ".bin"),
                    ("noise before " + visitorText + " noise after").getBytes(charset));
        }
        List<String> controlHits = scanner.hits(controlDir);
        for (Charset charset : encodings) {
            assertTrue(controlHits.stream().anyMatch(hit -> hit.startsWith("control-" + charset.name() + ".bin contains "
                    + charset.name() + " ")), "the scanner must find the " + charset + " control; found: " + controlHits);
        }

        web.close();
        Await.result(running.stop(), "stopping the node");
        running = null;

        List<Path> scanned = new ArrayList<>(List.of(dataDir));
        if (engine == StoreEngine.POSTGRESQL) {
            List<Path> postgresFiles = TestStores.postgresFiles(store.get("MERIDIAN_STORE_POSTGRESQL_URL"));
            MarkerScanner control = new MarkerScanner(controlUsername);
            assertTrue(postgresFiles.stream().anyMatch(root -> !control.hits(root).isEmpty()),
                    "the scan finds the control agent's name in PostgreSQL's files " + postgresFiles);
            scanned.addAll(postgresFiles);
        } else {
            assertTrue(MarkerScanner.fileCount(dataDir.resolve("db")) > 0, "the database files are there to scan");
        }
        for (Path root : scanned) {
            assertTrue(MarkerScanner.fileCount(root) > 0, "files to scan under " + root);
            assertEquals(List.of(), scanner.hits(root), "plaintext personal data found under " + root);
            assertEquals(List.of(), new MarkerScanner(phoneDigits).hits(root), "the phone number found under " + root);
        }
    }
}
