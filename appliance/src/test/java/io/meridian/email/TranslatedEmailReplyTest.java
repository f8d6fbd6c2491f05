package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.fixtures.TaggingTranslationFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.meridian.translation.MessageTranslation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's e-mail reply reaches the customer in the customer's language: a real node with the real channel-email
 * plugin zip (as in {@link EmailChannelEndToEndTest}, whose plugin lookup, template copy and mail reading this
 * reuses), an in-process mail server, and a test engine that tags each translation with its target language. The
 * agent reads and writes German; the customer writes Spanish.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TranslatedEmailReplyTest {

    private static final String SUPPORT = "support@meridian.test";
    private static final String SUPPORT_LOGIN = "support";
    private static final String SUPPORT_PASSWORD = "s3cret-Support-pw";
    private static final String INSTANCE = "support-mail";
    private static final String PASSWORD = "Email-trx-test-pw-1";

    @TempDir
    static Path dir;

    private static GreenMail mail;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession dora;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        Path zip = EmailChannelEndToEndTest.pluginZip();
        ServerSetup[] setups = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(20_000);
        }
        mail = new GreenMail(setups);
        mail.start();
        mail.setUser(SUPPORT, SUPPORT_LOGIN, SUPPORT_PASSWORD);

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        PluginZipBuilder.plugin("tagger").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(TaggingTranslationFactory.class).writeInto(plugins);
        Path connectors = Files.createDirectories(dir.resolve("conf/connectors"));
        Files.writeString(connectors.resolve(INSTANCE + ".yaml"), String.join("\n",
                "plugin: channel-email", "factory: channel-email", "name: Support mailbox", "enabled: true", "values:",
                "  imapHost: 127.0.0.1", "  imapPort: " + mail.getImap().getPort(), "  imapSecurity: none",
                "  imapUser: " + SUPPORT_LOGIN, "  imapPassword: \"" + SUPPORT_PASSWORD + "\"", "  useIdle: false",
                "  smtpHost: 127.0.0.1", "  smtpPort: " + mail.getSmtp().getPort(), "  smtpSecurity: none",
                "  smtpAuthentication: false", "  fromAddress: " + SUPPORT, "  fromName: Meridian Support",
                "  pollIntervalSeconds: 1", "  maxPollSeconds: 1", ""), StandardCharsets.UTF_8);
        Files.writeString(connectors.resolve("onsite.yaml"), String.join("\n", "plugin: tagger", "factory: tagging",
                "values:", "  baseUrl: http://127.0.0.1:5999/", ""), StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), String.join("\n", "teams:",
                "  - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en, es], hours: {daily: \"00:00-24:00\"}}",
                "agents:", "  - {username: dora, teams: [desk], languages: [de, es], max-conversations: 5}", ""),
                StandardCharsets.UTF_8);
        Path templates = dir.resolve("conf/templates");
        EmailChannelEndToEndTest.copyTree(Path.of("../conf/templates"), templates);

        node = Await.result(TestNode.start(vertx, dir.resolve("node"), Map.ofEntries(
                Map.entry("MERIDIAN_PLUGINS_DIR", plugins.toString()),
                Map.entry("MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString()),
                Map.entry("MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true"),
                Map.entry("MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1"),
                Map.entry("MERIDIAN_TRANSLATION_PREFERRED_PROVIDERS", "onsite"),
                Map.entry("MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "5000"),
                Map.entry("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es,de"),
                Map.entry("MERIDIAN_LANGUAGE_DETECTION_MODE", "low"),
                Map.entry("MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString()),
                Map.entry("MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString()),
                Map.entry("MERIDIAN_ROUTING_TEMPLATES_DIR", templates.toString()))), "starting the node");
        PluginHost host = node.node().plugins();
        Await.until(() -> host.translationProviders().size() == 1, "the translation instance runs");
        Await.result(node.createAgent("dora", "Dora", Role.AGENT, PASSWORD), "creating agent dora");
        web = WebClient.create(vertx);
        dora = AgentSession.open(vertx, web, node.port(), "dora", PASSWORD);
        HttpResponse<Buffer> settings = Await.result(dora.request(HttpMethod.POST, "/console/settings")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("readingLanguage=de&csrf=" + dora.csrfToken())), "Dora reads German");
        assertEquals(302, settings.statusCode(), settings.bodyAsString());
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        if (mail != null) {
            mail.stop();
        }
    }

    /**
     * Verifies that the mail the customer receives carries the translation of the agent's German reply into Spanish
     * (not the original), inside the Spanish reply template, while the conversation keeps the original.
     */
    @Test
    void theCustomerReceivesTheReplyInTheirLanguage() throws Exception {
        String customer = "lucia.gomez@example.org";
        String conversationId = customerWrites(customer, "Mi hervidor pierde agua desde ayer y la cocina esta mojada,"
                + " que puedo hacer ahora");
        String answer = "Wir schicken Ihnen morgen einen neuen Wasserkocher " + UUID.randomUUID();
        String replyId = reply(conversationId, answer);

        MimeMessage received = mailTo(customer, answer);
        String body = EmailChannelEndToEndTest.text(received);
        assertTrue(body.contains("[es] " + answer), body);
        assertTrue(body.startsWith("Hola"), "the Spanish reply template: " + body);
        MessageTranslation stored = Await.result(node.node().translator().ofMessage(replyId)).orElseThrow();
        assertEquals("de", stored.source());
        assertEquals("es", stored.target());
        List<JsonObject> messages = messages(conversationId);
        assertTrue(messages.stream().anyMatch(m -> answer.equals(m.getString("text"))),
                "the conversation keeps the agent's original: " + messages);
    }

    /** Verifies that a reply whose translation fails still reaches the customer, as the agent wrote it. */
    @Test
    void aReplyWhoseTranslationFailsLeavesInTheOriginal() throws Exception {
        String customer = "pablo.ruiz@example.org";
        String conversationId = customerWrites(customer, "Buenos dias, la factura de mi pedido tiene un importe"
                + " equivocado, pueden revisarla");
        String answer = "Die Rechnung ist " + TaggingTranslationFactory.BROKEN + " und wird korrigiert "
                + UUID.randomUUID();
        reply(conversationId, answer);

        String body = EmailChannelEndToEndTest.text(mailTo(customer, answer));
        assertTrue(body.contains(answer), body);
        assertFalse(body.contains("[es] "), "nothing was translated: " + body);
    }

    /**
     * Verifies that a reply sent through the review step reaches the customer with the translation the agent
     * reviewed and edited, not the engine's: the outbox waits for the reviewed text.
     */
    @Test
    void aReviewedReplyLeavesWithTheReviewedTranslation() throws Exception {
        String customer = "elena.diaz@example.org";
        String conversationId = customerWrites(customer, "Hola, quisiera saber cuando abre de nuevo la tienda del"
                + " centro de la ciudad");
        String original = "Der Laden öffnet am Montag wieder " + UUID.randomUUID();
        String edited = "La tienda abre de nuevo el lunes " + UUID.randomUUID();
        HttpResponse<Buffer> sent = Await.result(dora.request(HttpMethod.POST,
                        "/console/conversations/" + conversationId + "/reply-reviewed")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("clientMessageId=" + UUID.randomUUID() + "&text=" + enc(original)
                        + "&translation=" + enc(edited) + "&csrf=" + enc(dora.csrfToken()))), "sending a reviewed reply");
        assertEquals(302, sent.statusCode(), sent.bodyAsString());

        String body = EmailChannelEndToEndTest.text(mailTo(customer, edited));
        assertFalse(body.contains(original), "the customer receives the reviewed text only: " + body);
        assertTrue(Arrays.stream(mail.getReceivedMessages()).noneMatch(m -> {
            try {
                return EmailChannelEndToEndTest.text(m).contains(original);
            } catch (Exception e) {
                return false;
            }
        }), "no mail carries the engine's translation or the original");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String customerWrites(String from, String text) {
        String marker = UUID.randomUUID().toString();
        GreenMailUtil.sendTextEmail(SUPPORT, from, "Pedido " + marker, text + " " + marker, mail.getSmtp().getServerSetup());
        JsonObject conversation = Await.value(() -> conversations().stream().filter(c -> messages(c.getString("id"))
                .stream().anyMatch(m -> m.getString("text", "").contains(marker))).findFirst(),
                Duration.ofSeconds(60), "the customer's mail in a conversation");
        String id = conversation.getString("id");
        // Translate the reply only once the customer's language is known, as it is for any reply.
        Await.value(() -> Await.result(node.node().store().read(c -> {
            try (var s = c.prepareStatement("SELECT language FROM messages WHERE conversation_id = ?"
                    + " AND author = 'VISITOR' AND language IS NOT NULL")) {
                s.setString(1, id);
                try (var r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        })).filter("es"::equals), Duration.ofSeconds(30), "the customer's language is detected");
        return id;
    }

    private static String reply(String conversationId, String text) {
        HttpResponse<Buffer> replied = dora.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", text));
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        return replied.bodyAsJsonObject().getString("messageId");
    }

    private static MimeMessage mailTo(String address, String containing) {
        return Await.value(() -> Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().toLowerCase().contains(address))
                        && EmailChannelEndToEndTest.text(m).contains(containing);
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), Duration.ofSeconds(60), "the reply in " + address + "'s mailbox");
    }

    private static List<JsonObject> conversations() {
        HttpResponse<Buffer> r = dora.get("/api/v1/conversations?limit=500");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("conversations").stream().map(o -> (JsonObject) o).toList();
    }

    private static List<JsonObject> messages(String conversationId) {
        HttpResponse<Buffer> r = dora.get("/api/v1/conversations/" + conversationId + "/messages");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
    }
}
