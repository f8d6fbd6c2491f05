package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ChannelInbound;
import io.meridian.crypto.KeyVault;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.PostgresSettings;
import io.meridian.store.StoreCopy;
import io.meridian.store.StoreEngine;
import io.meridian.store.TestStores;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a node off Derby: a node with chats, an e-mail, a reply with a file and a ticket is stopped, its store is
 * copied into an empty PostgreSQL database, and the node started on PostgreSQL with the same data directory reads the
 * same conversations, file and ticket. A second copy into that database is refused; an interrupted one is started
 * again from scratch; a database with data of its own is refused.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreCopyTest {

    private static final String PASSWORD = "store copy agent password 7";

    @TempDir
    Path dataDir;

    @Test
    void aDerbyNodeStartsOnPostgresqlWithItsWholeHistory(Vertx vertx) throws Exception {
        String visitorText = "Hola, mi pedido 4471 no ha llegado";
        String replyText = "Lo siento, le envío la factura";
        String mailText = "Please send the invoice again";
        String conversationId;
        String mailConversationId;
        String ticketNumber;
        String attachmentId;
        List<JsonObject> chatOnDerby;
        List<JsonObject> mailOnDerby;

        TestNode derby = Await.result(TestNode.start(vertx, dataDir, Map.of("MERIDIAN_STORE_ENGINE", "derby")),
                "starting on Derby");
        WebClient web = WebClient.create(vertx);
        try {
            Await.result(derby.createAgent("alice", "Alice", Role.AGENT, PASSWORD), "creating the agent");
            AgentSession agent = AgentSession.open(vertx, web, derby.baseUrl(), "alice", PASSWORD);
            try (VisitorChat visitor = VisitorChat.connect(vertx, derby.baseUrl())) {
                visitor.hello(new JsonObject().put("locale", "es-ES").put("timeZone", "Europe/Madrid")
                        .put("name", "Lucía Vega").put("email", "lucia@example.org"));
                conversationId = visitor.say(UUID.randomUUID().toString(), visitorText)
                        .getJsonObject("message").getString("conversationId");
            }
            MultipartForm reply = MultipartForm.create()
                    .attribute("clientMessageId", UUID.randomUUID().toString())
                    .attribute("text", replyText)
                    .textFileUpload("file", "invoice.txt", Buffer.buffer("Invoice 4471: 39.90 EUR"), "text/plain");
            HttpResponse<Buffer> sent = Await.result(agent.request(HttpMethod.POST,
                    "/api/v1/conversations/" + conversationId + "/messages").sendMultipartForm(reply), "replying");
            assertEquals(201, sent.statusCode(), sent.bodyAsString());
            mailConversationId = Await.result(derby.node().conversations().appendChannelMessage(new ChannelInbound(
                    "mail-in", "email", "sam@example.net", "Sam", "<m." + UUID.randomUUID() + "@example.net>",
                    "Invoice", mailText)), "an e-mail").message().conversationId();
            HttpResponse<Buffer> ticket = agent.postJson("/api/v1/tickets", new JsonObject()
                    .put("conversationId", conversationId).put("subject", "Pedido 4471 perdido"));
            assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
            ticketNumber = ticket.bodyAsJsonObject().getString("number");
            // The ticket's notice to the customer follows the ticket; the copy must carry it too.
            Await.until(() -> agent.messages(conversationId).size() == 3, "the ticket's notice in the conversation");
            chatOnDerby = agent.messages(conversationId);
            mailOnDerby = agent.messages(mailConversationId);
            assertEquals(List.of(visitorText, replyText), chatOnDerby.subList(0, 2).stream()
                    .map(m -> m.getString("text")).toList());
            attachmentId = chatOnDerby.get(1).getJsonArray("attachments").getJsonObject(0).getString("id");
        } finally {
            web.close();
            Await.result(derby.stop(), "stopping the Derby node");
        }

        Map<String, String> postgres = TestStores.nodeOverrides(StoreEngine.POSTGRESQL);
        PostgresSettings target = settings(postgres);
        StoreCopy.Report report = copy(target);
        System.out.println(report.describe());
        assertFalse(report.restartedInterruptedCopy());
        assertTrue(report.tables().size() > 30, report.describe());
        for (String table : List.of("contacts", "conversations", "messages", "message_attachments", "tickets",
                "agents", "audit_trail")) {
            assertTrue(report.tables().stream().anyMatch(t -> t.table().equals(table) && t.rows() > 0),
                    table + " copied with rows: " + report.describe());
        }

        TestNode onPostgres = Await.result(TestNode.start(vertx, dataDir, postgres), "starting on PostgreSQL");
        web = WebClient.create(vertx);
        try {
            AgentSession agent = AgentSession.open(vertx, web, onPostgres.baseUrl(), "alice", PASSWORD);
            // Every message as the REST API gives it: texts, authors, times, languages, files.
            assertEquals(chatOnDerby, agent.messages(conversationId));
            assertEquals(mailOnDerby, agent.messages(mailConversationId));
            assertEquals(mailText, mailOnDerby.get(0).getString("text"));
            HttpResponse<Buffer> file = agent.get("/api/v1/attachments/" + attachmentId);
            assertEquals(200, file.statusCode());
            assertEquals("Invoice 4471: 39.90 EUR", file.bodyAsString());
            assertEquals("Pedido 4471 perdido", agent.get("/api/v1/tickets/" + ticketNumber).bodyAsJsonObject()
                    .getString("subject"));
            // New writes go on after the copied ones (identity values and ticket numbers carry on).
            assertEquals(201, agent.reply(conversationId, UUID.randomUUID().toString(), "¿Algo más?").statusCode());
        } finally {
            web.close();
            Await.result(onPostgres.stop(), "stopping the PostgreSQL node");
        }

        IllegalStateException again = assertThrows(IllegalStateException.class, () -> copy(target));
        assertTrue(again.getMessage().contains("already holds a finished copy"), again.getMessage());

        // A copy cut short leaves its mark at COPYING; the next run empties the database and copies from scratch.
        // (The node wrote one reply since, so this database also holds a row Derby does not: it goes too.)
        execute(target, "UPDATE store_copies SET state = 'COPYING', finished_at = NULL");
        StoreCopy.Report rerun = copy(target);
        assertTrue(rerun.restartedInterruptedCopy(), rerun.describe());
        assertEquals(report.rows(), rerun.rows(), "the same rows as the first copy");
        assertEquals(report.tables(), rerun.tables(), "the same tables, rows and checksums");

        execute(target, "DELETE FROM store_copies");
        IllegalStateException notEmpty = assertThrows(IllegalStateException.class, () -> copy(target));
        assertTrue(notEmpty.getMessage().contains("is not empty"), notEmpty.getMessage());
    }

    private StoreCopy.Report copy(PostgresSettings target) {
        KeyVault vault = KeyVault.openOrCreate(dataDir.resolve("keys/node.bcfks"),
                TestNode.KEYSTORE_PASSWORD.toCharArray());
        return StoreCopy.toPostgres(dataDir.resolve("db"), vault.storageKey(), target, Clock.systemUTC());
    }

    private static PostgresSettings settings(Map<String, String> overrides) {
        return new PostgresSettings(overrides.get("MERIDIAN_STORE_POSTGRESQL_URL"),
                overrides.get("MERIDIAN_STORE_POSTGRESQL_USER"), overrides.get("MERIDIAN_STORE_POSTGRESQL_PASSWORD"),
                "verify-full", Optional.of(Path.of(overrides.get("MERIDIAN_STORE_POSTGRESQL_SSL_ROOT_CERT"))), 2);
    }

    private static void execute(PostgresSettings target, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        p.setProperty("password", target.password());
        p.setProperty("sslmode", target.sslMode());
        p.setProperty("sslrootcert", target.sslRootCert().orElseThrow().toString());
        try (Connection c = DriverManager.getConnection(target.url(), p); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
