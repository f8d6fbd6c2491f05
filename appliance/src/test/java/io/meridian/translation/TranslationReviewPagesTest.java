package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.PluginHost;
import io.meridian.plugin.fixtures.EchoTranslationFactory;
import io.meridian.plugin.fixtures.PluginFolders;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
 * The console's translation forms over real HTTP on a real node with review of outgoing translations on: the review
 * step of a reply (what the visitor's widget receives is the edited translation), the correction form (translation
 * memory used for the next same message) and the flag, each refused without the CSRF token.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TranslationReviewPagesTest {

    @TempDir
    static Path root;

    private static TestNode node;
    private static ConversationTranslator translator;
    private static AgentSession agent;
    /** A second node whose agents write Spanish (the test engine translates es to en only) for the review step. */
    private static TestNode spanishNode;
    private static ConversationTranslator spanishTranslator;
    private static AgentSession spanishAgent;
    private static WebClient web;

    @BeforeAll
    static void startNodes(Vertx vertx) throws Exception {
        web = WebClient.create(vertx);
        node = start(vertx, root.resolve("en"), "en");
        translator = node.node().translator();
        agent = AgentSession.open(vertx, web, node.port(), "ana", "Review-agent-pw-1");
        spanishNode = start(vertx, root.resolve("es"), "es");
        spanishTranslator = spanishNode.node().translator();
        spanishAgent = AgentSession.open(vertx, web, spanishNode.port(), "ana", "Review-agent-pw-1");
    }

    private static TestNode start(Vertx vertx, Path dir, String agentLanguage) throws Exception {
        PluginFolders folders = PluginFolders.under(dir).plugin("lingo", EchoTranslationFactory.class)
                .instance("onsite", "lingo", "shout", "http://127.0.0.1:5999/");
        Map<String, String> settings = new HashMap<>(folders.overrides());
        settings.putAll(Map.of(
                "MERIDIAN_TRANSLATION_REVIEW_OUTGOING", "true",
                "MERIDIAN_TRANSLATION_AGENT_LANGUAGE", agentLanguage,
                "MERIDIAN_TRANSLATION_PREFERRED_PROVIDERS", "onsite",
                "MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es",
                "MERIDIAN_LANGUAGE_DETECTION_MODE", "low",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "2"));
        TestNode started = Await.result(TestNode.start(vertx, dir.resolve("data"), settings), "starting the node");
        PluginHost host = started.node().plugins();
        Await.result(host.initialLoad(), "loading the plugins");
        Await.until(() -> host.translationProviders().size() == 1, "the translation instance runs");
        Await.result(started.createAgent("ana", "Ana", Role.AGENT, "Review-agent-pw-1"), "creating the agent");
        return started;
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        if (spanishNode != null) {
            Await.result(spanishNode.stop(), "stopping the Spanish agents' node");
        }
    }

    /**
     * Verifies the review step end to end: the reply form leads to the preview, the preview shows the engine's
     * translation beside the original, the edited translation is what the widget receives and is stored (engine
     * "memory") with the original as the message, the engine does not overwrite it afterwards, and a second preview
     * of the same text offers the edit; a send without the CSRF token is refused and sends nothing.
     */
    @Test
    void reviewedTranslationIsWhatTheVisitorReceivesAndIsStoredWithTheOriginal(Vertx vertx) throws Exception {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, spanishNode.port());
        visitor.hello(null);
        JsonObject said = visitor.say("Hello, my order has still not arrived at my house, can you help me")
                .getJsonObject("message");
        String conversationId = said.getString("conversationId");
        Await.until(() -> "en".equals(languageOf(spanishNode, said.getString("messageId"))),
                "the customer's language is detected");

        String page = spanishAgent.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(page.contains("action=\"/console/conversations/" + conversationId + "/reply-review\""), page);

        String original = "Su pedido sale mañana";
        HttpResponse<Buffer> preview = form(spanishAgent, "/console/conversations/" + conversationId
                + "/reply-review", "text=" + enc(original), true);
        assertEquals(200, preview.statusCode(), preview.bodyAsString());
        String review = preview.bodyAsString();
        assertTrue(review.contains(">SU PEDIDO SALE MAÑANA</textarea>"), review);
        assertTrue(review.contains(">" + original + "</textarea>"), review);
        assertTrue(review.contains("name=\"translation\""), review);

        String edited = "Your order leaves tomorrow <b>thanks</b>";
        HttpResponse<Buffer> refused = form(spanishAgent, "/console/conversations/" + conversationId
                + "/reply-reviewed", "clientMessageId=" + UUID.randomUUID() + "&text=" + enc(original)
                + "&translation=" + enc(edited), false);
        assertEquals(403, refused.statusCode(), refused.bodyAsString());

        HttpResponse<Buffer> sent = form(spanishAgent, "/console/conversations/" + conversationId
                + "/reply-reviewed", "clientMessageId=" + UUID.randomUUID() + "&text=" + enc(original)
                + "&translation=" + enc(edited), true);
        assertEquals(302, sent.statusCode(), sent.bodyAsString());
        JsonObject reply = visitor.expect(f -> "message".equals(f.getString("type"))
                && "agent".equals(f.getJsonObject("message").getString("author")), "the agent's reply");
        assertEquals(original, reply.getJsonObject("message").getString("text"));
        String replyId = reply.getJsonObject("message").getString("messageId");
        JsonObject translated = visitor.expect(f -> "translation".equals(f.getString("type")), "its translation");
        assertEquals(replyId, translated.getString("messageId"));
        assertEquals("en", translated.getString("language"));
        assertEquals(edited, translated.getString("text"));

        Thread.sleep(500); // an engine translation that wrongly followed would have landed by now
        MessageTranslation stored = Await.result(spanishTranslator.ofMessage(replyId)).orElseThrow();
        assertEquals("OUTBOUND", stored.direction());
        assertEquals(edited, stored.text());
        assertEquals(ConversationTranslator.MEMORY_ENGINE, stored.engine());
        assertFalse(visitor.unclaimed().stream().anyMatch(f -> "translation".equals(f.getString("type"))),
                "only the reviewed translation reaches the visitor: " + visitor.unclaimed());
        long replies = Await.result(spanishNode.node().store().read(c -> {
            try (var s = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE conversation_id = ?"
                    + " AND author = 'AGENT'")) {
                s.setString(1, conversationId);
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        }));
        assertEquals(1, replies, "the refused send stored nothing");

        String after = spanishAgent.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(after.contains(original), after);
        assertTrue(after.contains("Your order leaves tomorrow &lt;b&gt;thanks&lt;/b&gt;"), after);
        assertFalse(after.contains("<b>thanks"), "escaped");

        String again = form(spanishAgent, "/console/conversations/" + conversationId + "/reply-review",
                "text=" + enc(original), true).bodyAsString();
        assertTrue(again.contains(">Your order leaves tomorrow &lt;b&gt;thanks&lt;/b&gt;</textarea>"),
                "the translation memory offers the edit next time: " + again);
        Await.result(visitor.close());
    }

    private static String languageOf(TestNode on, String messageId) {
        return Await.result(on.node().store().read(c -> {
            try (var s = c.prepareStatement("SELECT language FROM messages WHERE id = ?")) {
                s.setString(1, messageId);
                try (var r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        }));
    }

    /**
     * Verifies the correction form (stored as the translation and used for the same text next time), the flag form,
     * and that both are refused without the CSRF token.
     */
    @Test
    void correctAndFlagFormsStoreMemoryAndFlag(Vertx vertx) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        JsonObject welcome = visitor.hello(null);
        String spanish = "Buenas tardes, quiero cambiar la dirección de entrega de mi pedido";
        JsonObject said = visitor.say(spanish).getJsonObject("message");
        String messageId = said.getString("messageId");
        String conversationId = said.getString("conversationId");
        MessageTranslation first = inboundTranslated(messageId);
        assertEquals(spanish.toUpperCase(), first.text());

        String page = agent.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(page.contains("action=\"/console/messages/" + messageId + "/translation/correct\""), page);
        assertTrue(page.contains("action=\"/console/messages/" + messageId + "/translation/flag\""), page);

        String corrected = "Good afternoon, I want to change the delivery address of my order";
        assertEquals(403, form(agent, "/console/messages/" + messageId + "/translation/correct",
                "text=" + enc(corrected),
                false).statusCode());
        assertEquals(spanish.toUpperCase(), Await.result(translator.ofMessage(messageId)).orElseThrow().text(),
                "nothing changed without the token");
        HttpResponse<Buffer> saved = form(agent, "/console/messages/" + messageId + "/translation/correct",
                "text=" + enc(corrected), true);
        assertEquals(302, saved.statusCode(), saved.bodyAsString());
        assertEquals("/console/conversations/" + conversationId + "#m-" + messageId,
                saved.getHeader("Location"));
        assertEquals(corrected, Await.result(translator.ofMessage(messageId)).orElseThrow().text());

        // the same customer writes the same text again: the memory answers, not the engine
        String secondId = visitor.say(spanish).getJsonObject("message").getString("messageId");
        MessageTranslation second = inboundTranslated(secondId);
        assertEquals(corrected, second.text());
        assertEquals(ConversationTranslator.MEMORY_ENGINE, second.engine());

        assertEquals(403, form(agent, "/console/messages/" + secondId + "/translation/flag", "", false).statusCode());
        assertFalse(Await.result(translator.ofMessage(secondId)).orElseThrow().flaggedBad());
        HttpResponse<Buffer> flagged = form(agent, "/console/messages/" + secondId + "/translation/flag", "", true);
        assertEquals(302, flagged.statusCode(), flagged.bodyAsString());
        assertTrue(Await.result(translator.ofMessage(secondId)).orElseThrow().flaggedBad());
        String after = agent.get("/console/conversations/" + conversationId).bodyAsString();
        assertFalse(after.contains("action=\"/console/messages/" + secondId + "/translation/flag\""),
                "a flagged translation shows as flagged, without the button");

        assertEquals(404, form(agent, "/console/messages/no-such-message/translation/flag", "", true).statusCode());
        assertEquals(400, form(agent, "/console/messages/" + messageId + "/translation/correct", "text=+", true)
                .statusCode());
        assertTrue(welcome.containsKey("visitorToken") || welcome.containsKey("conversationId"), welcome.encode());
        Await.result(visitor.close());
    }

    private static MessageTranslation inboundTranslated(String messageId) {
        Await.until(() -> Await.result(translator.ofMessage(messageId)).map(MessageTranslation::translated)
                .orElse(false), "message " + messageId + " translated");
        MessageTranslation t = Await.result(translator.ofMessage(messageId)).orElseThrow();
        assertEquals("INBOUND", t.direction());
        return t;
    }

    /** A console form post; without the token the request carries only the session cookie, as a forged form. */
    private static HttpResponse<Buffer> form(AgentSession session, String uri, String body, boolean withToken) {
        if (withToken) {
            String all = (body.isEmpty() ? "" : body + "&") + "csrf=" + enc(session.csrfToken());
            return Await.result(session.request(HttpMethod.POST, uri)
                    .putHeader("Content-Type", "application/x-www-form-urlencoded")
                    .sendBuffer(Buffer.buffer(all)), "POST " + uri);
        }
        int port = session == agent ? node.port() : spanishNode.port();
        return Await.result(web.request(HttpMethod.POST, port, AgentSession.HOST, uri)
                .putHeader("Cookie", session.cookie())
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(body)), "POST " + uri + " without the token");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
