package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.plugin.fixtures.FixtureControl;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
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
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why replies did not go out: the last send error kept on each outbox entry (no personal data), shown on the
 * instance's page and in the API; and deleting an instance while replies wait for it, which is refused until the
 * admin confirms, and then keeps them as failed. Each test uses instances of its own.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboxFailuresTest {

    private static final String ADMIN_PASSWORD = "Outbox-admin-pw-1";
    private static final String AGENT_PASSWORD = "Outbox-agent-pw-1";

    @TempDir
    static Path root;

    private static SignedInNode desk;
    private static TestNode node;
    private static AgentSession admin;
    private static AgentSession agent;

    @BeforeAll
    static void startNode(Vertx vertx) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginZipBuilder.plugin("echo").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class).writeInto(plugins);
        desk = SignedInNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", root.resolve("no-connectors").toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "2",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1"));
        node = desk.node();
        Await.result(node.node().plugins().initialLoad(), "loading the plugins");
        admin = desk.agent("root", "Root", Role.ADMIN, ADMIN_PASSWORD);
        agent = desk.agent("amy", "Amy", Role.AGENT, AGENT_PASSWORD);
    }

    @AfterAll
    static void stopNode() {
        FixtureControl.releaseHangs();
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that each failed attempt records its error class and reason on the entry (temporary while the
     * connector fails, refused when it refuses for good), never the connector's message, and that the API and the
     * instance's page show them.
     */
    @Test
    void lastSendErrorIsKeptWithoutPersonalData() {
        createInstance("flaky-line");
        FixtureControl.SEND_MODE.put("flaky-line", FixtureControl.Mode.FAIL);
        String conversation = customerWrites("flaky-line", "ines@example.com", "¿Y mi pedido?");
        String secretReply = "Tu pedido 4711 sale hoy, Inés";
        reply(conversation, secretReply);
        JsonObject pending = awaitEntry("flaky-line", e -> e.getJsonObject("lastError") != null);
        assertEquals("pending", pending.getString("status"));
        assertEquals("temporary", pending.getJsonObject("lastError").getString("reason"), pending.encode());
        assertEquals("ConnectorException", pending.getJsonObject("lastError").getString("class"));
        assertTrue(pending.getJsonObject("lastError").getString("at") != null);

        FixtureControl.SEND_MODE.put("flaky-line", FixtureControl.Mode.REFUSE);
        JsonObject failed = awaitEntry("flaky-line", e -> "failed".equals(e.getString("status")));
        assertEquals("refused", failed.getJsonObject("lastError").getString("reason"), failed.encode());
        String api = admin.get(InstanceAdminApi.PATH + "/flaky-line/outbox").bodyAsString();
        assertFalse(api.contains(FixtureControl.PERSONAL_DATA_IN_ERRORS) || api.contains("zoe.private"),
                "the connector's message is not kept: " + api);
        assertFalse(api.contains(secretReply), api);

        JsonArray onlyFailed = admin.get(InstanceAdminApi.PATH + "/flaky-line/outbox?status=failed").bodyAsJsonObject()
                .getJsonArray("entries");
        assertEquals(1, onlyFailed.size(), onlyFailed.encode());
        assertEquals(0, admin.get(InstanceAdminApi.PATH + "/flaky-line/outbox?status=pending").bodyAsJsonObject()
                .getJsonArray("entries").size());
        assertEquals(400, admin.get(InstanceAdminApi.PATH + "/flaky-line/outbox?status=lost").statusCode());

        String page = admin.get("/console/plugins/instances/flaky-line").bodyAsString();
        assertTrue(page.contains("data-outbox-id=\"" + failed.getString("id") + "\" data-status=\"FAILED\" "
                + "data-reason=\"refused\""), page);
        assertTrue(page.contains("The connector refused the reply for good.") && page.contains("ConnectorException"),
                page);
        assertTrue(page.contains("Send failed replies again"), page);
        assertFalse(page.contains("zoe.private") || page.contains(secretReply), page);
    }

    /** Verifies that a send that hangs past its deadline is recorded as a timeout. */
    @Test
    void timedOutSendIsRecordedAsTimeout() {
        createInstance("slow-line");
        FixtureControl.SEND_MODE.put("slow-line", FixtureControl.Mode.HANG);
        String conversation = customerWrites("slow-line", "tom@example.com", "Hello?");
        reply(conversation, "Hi Tom");
        try {
            JsonObject entry = awaitEntry("slow-line", e -> e.getJsonObject("lastError") != null);
            assertEquals("timeout", entry.getJsonObject("lastError").getString("reason"), entry.encode());
            assertEquals("PluginCallTimeoutException", entry.getJsonObject("lastError").getString("class"));
        } finally {
            FixtureControl.SEND_MODE.put("slow-line", FixtureControl.Mode.OK);
            FixtureControl.releaseHangs();
        }
        JsonObject sent = awaitEntry("slow-line", e -> "sent".equals(e.getString("status")));
        assertEquals("timeout", sent.getJsonObject("lastError").getString("reason"), "the last error stays as history");
    }

    /**
     * Verifies that deleting an instance with a waiting reply is refused (API 409 with the count, console asks), that
     * nothing changed meanwhile, and that once confirmed the reply is kept as failed and listed for the deleted
     * instance.
     */
    @Test
    void deletingAnInstanceWithWaitingRepliesNeedsConfirmationAndKeepsThem() {
        createInstance("doomed");
        FixtureControl.SEND_MODE.put("doomed", FixtureControl.Mode.FAIL);
        String conversation = customerWrites("doomed", "ada@example.com", "Any news?");
        reply(conversation, "Not yet");
        awaitEntry("doomed", e -> "pending".equals(e.getString("status")));

        HttpResponse<Buffer> refused = Await.result(admin.request(HttpMethod.DELETE, InstanceAdminApi.PATH + "/doomed")
                .send(), "DELETE without confirmation");
        assertEquals(409, refused.statusCode(), refused.bodyAsString());
        assertEquals("application/problem+json", refused.getHeader("Content-Type"));
        assertTrue(refused.bodyAsJsonObject().getString("type").endsWith("/pending-outbox"), refused.bodyAsString());
        assertEquals(1, refused.bodyAsJsonObject().getInteger("pending"));
        assertEquals(200, admin.get(InstanceAdminApi.PATH + "/doomed").statusCode(), "the instance is still there");

        MultiMap csrf = MultiMap.caseInsensitiveMultiMap().add("csrf", admin.csrfToken());
        HttpResponse<Buffer> asked = Await.result(admin.request(HttpMethod.POST,
                "/console/plugins/instances/doomed/delete").sendForm(csrf), "console delete");
        assertEquals(409, asked.statusCode());
        assertTrue(asked.bodyAsString().contains("data-pending=\"1\"")
                && asked.bodyAsString().contains("1 reply is still waiting to be sent through this instance.")
                && asked.bodyAsString().contains("name=\"confirm\" value=\"fail-pending\""), asked.bodyAsString());
        assertEquals(200, admin.get(InstanceAdminApi.PATH + "/doomed").statusCode(), "asking deleted nothing");

        HttpResponse<Buffer> confirmed = Await.result(admin.request(HttpMethod.POST,
                "/console/plugins/instances/doomed/delete").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("csrf", admin.csrfToken()).add("confirm", "fail-pending")), "confirmed delete");
        assertEquals(302, confirmed.statusCode(), confirmed.bodyAsString());
        assertEquals(404, admin.get(InstanceAdminApi.PATH + "/doomed").statusCode());

        JsonArray kept = admin.get(InstanceAdminApi.PATH + "/doomed/outbox").bodyAsJsonObject().getJsonArray("entries");
        assertEquals(1, kept.size(), kept.encode());
        assertEquals("failed", kept.getJsonObject(0).getString("status"));
        assertEquals("instance-deleted", kept.getJsonObject(0).getJsonObject("lastError").getString("reason"));
        assertNull(kept.getJsonObject(0).getJsonObject("lastError").getString("class"));
        Await.until(() -> admin.get(PluginAdminApi.PATH).bodyAsJsonObject().getJsonArray("deletedInstancesOutbox")
                .stream().map(o -> (JsonObject) o).anyMatch(d -> "doomed".equals(d.getString("instance"))
                        && d.getLong("failed") == 1 && d.getLong("pending") == 0), "the kept reply is listed");
        assertTrue(admin.get("/console/plugins").bodyAsString().contains("data-deleted-instance-id=\"doomed\""));
        String deletedPage = admin.get("/console/plugins/instances/doomed").bodyAsString();
        assertTrue(deletedPage.contains("Deleted connector instance doomed")
                && deletedPage.contains("Its connector instance was deleted."), deletedPage);
    }

    /** Verifies that an instance whose outbox is empty is deleted at once, and the API says no reply was failed. */
    @Test
    void instanceWithoutWaitingRepliesIsDeletedAtOnce() {
        createInstance("quiet-line");
        HttpResponse<Buffer> deleted = Await.result(admin.request(HttpMethod.DELETE,
                InstanceAdminApi.PATH + "/quiet-line").send(), "DELETE");
        assertEquals(200, deleted.statusCode(), deleted.bodyAsString());
        assertEquals(new JsonObject().put("deleted", "quiet-line").put("failedReplies", 0), deleted.bodyAsJsonObject());
        assertEquals(404, admin.get(InstanceAdminApi.PATH + "/quiet-line/outbox").statusCode());
        assertEquals(400, Await.result(admin.request(HttpMethod.DELETE, InstanceAdminApi.PATH + "/x?failPending=maybe")
                .send(), "DELETE with a bad flag").statusCode());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void createInstance(String id) {
        HttpResponse<Buffer> created = Await.result(admin.request(HttpMethod.PUT, InstanceAdminApi.PATH + "/" + id)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("plugin", "echo").put("factory", "echo")
                        .put("values", new JsonObject().put("endpoint", "https://" + id + ".example.com")
                                .put("token", "t")).encode())), "creating " + id);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        Await.until(() -> "running".equals(admin.get(InstanceAdminApi.PATH + "/" + id).bodyAsJsonObject()
                .getString("state")), id + " runs");
    }

    private static String customerWrites(String instance, String from, String text) {
        HttpResponse<Buffer> hook = Await.result(desk.web().post(node.port(), AgentSession.HOST, "/hooks/echo/" + instance)
                .putHeader("x-from", from).putHeader("x-external-id", UUID.randomUUID().toString())
                .sendBuffer(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8))), "webhook");
        assertEquals(200, hook.statusCode(), hook.bodyAsString());
        return hook.bodyAsJsonObject().getString("conversationId");
    }

    private static void reply(String conversationId, String text) {
        HttpResponse<Buffer> sent = agent.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", text));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
    }

    private static JsonObject awaitEntry(String instance, java.util.function.Predicate<JsonObject> condition) {
        JsonObject[] found = new JsonObject[1];
        Await.until(() -> {
            List<JsonObject> entries = admin.get(InstanceAdminApi.PATH + "/" + instance + "/outbox").bodyAsJsonObject()
                    .getJsonArray("entries").stream().map(o -> (JsonObject) o).toList();
            found[0] = entries.stream().filter(condition).findFirst().orElse(null);
            return found[0] != null;
        }, "an outbox entry of " + instance + " as expected");
        return found[0];
    }
}
