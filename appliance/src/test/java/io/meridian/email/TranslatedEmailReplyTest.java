package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.fixtures.TaggingTranslationFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.meridian.translation.MessageTranslation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * plugin zip and an in-process mail server ({@link MailboxNode}, as in {@link EmailChannelEndToEndTest}), and a test
 * engine that tags each translation with its target language. The agent reads and writes German; the customer writes
 * Spanish.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TranslatedEmailReplyTest {

    private static final String PASSWORD = "Email-trx-test-pw-1";

    @TempDir
    static Path dir;

    private static MailboxNode mailbox;
    private static GreenMail mail;
    private static TestNode node;
    private static AgentSession dora;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        mailbox = MailboxNode.prepare(dir);
        mail = mailbox.mail();
        PluginZipBuilder.plugin("tagger").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(TaggingTranslationFactory.class).writeInto(mailbox.plugins());
        Files.writeString(mailbox.connectors().resolve("onsite.yaml"), String.join("\n", "plugin: tagger",
                "factory: tagging", "values:", "  baseUrl: http://127.0.0.1:5999/", ""), StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), String.join("\n", "teams:",
                "  - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en, es], hours: {daily: \"00:00-24:00\"}}",
                "agents:", "  - {username: dora, teams: [desk], languages: [de, es], max-conversations: 5}", ""),
                StandardCharsets.UTF_8);
        SignedInNode desk = mailbox.startNode(vertx, Map.of(
                "MERIDIAN_TRANSLATION_PREFERRED_PROVIDERS", "onsite",
                "MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "5000",
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es,de",
                "MERIDIAN_LANGUAGE_DETECTION_MODE", "low",
                "MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString()));
        node = desk.node();
        PluginHost host = node.node().plugins();
        Await.until(() -> host.translationProviders().size() == 1, "the translation instance runs");
        dora = desk.agent("dora", "Dora", Role.AGENT, PASSWORD);
        HttpResponse<Buffer> settings = Await.result(dora.request(HttpMethod.POST, "/console/settings")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("readingLanguage=de&csrf=" + dora.csrfToken())), "Dora reads German");
        assertEquals(302, settings.statusCode(), settings.bodyAsString());
    }

    @AfterAll
    static void stop() {
        if (mailbox != null) {
            mailbox.stop();
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

        MimeMessage received = mailbox.mailTo(customer, answer);
        String body = MailboxNode.text(received);
        assertTrue(body.contains("[es] " + answer), body);
        assertTrue(body.startsWith("Hola"), "the Spanish reply template: " + body);
        MessageTranslation stored = Await.result(node.node().translator().ofMessage(replyId)).orElseThrow();
        assertEquals("de", stored.source());
        assertEquals("es", stored.target());
        List<JsonObject> messages = dora.messages(conversationId);
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

        String body = MailboxNode.text(mailbox.mailTo(customer, answer));
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

        String body = MailboxNode.text(mailbox.mailTo(customer, edited));
        assertFalse(body.contains(original), "the customer receives the reviewed text only: " + body);
        assertTrue(Arrays.stream(mail.getReceivedMessages()).noneMatch(m -> {
            try {
                return MailboxNode.text(m).contains(original);
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
        GreenMailUtil.sendTextEmail(MailboxNode.SUPPORT, from, "Pedido " + marker, text + " " + marker, mail.getSmtp().getServerSetup());
        String id = MailboxNode.awaitConversation(dora, marker).getString("id");
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
        HttpResponse<Buffer> replied = dora.reply(conversationId, UUID.randomUUID().toString(), text);
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        return replied.bodyAsJsonObject().getString("messageId");
    }
}
