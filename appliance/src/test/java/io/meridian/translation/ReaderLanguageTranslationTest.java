package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.AgentEvent;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ProcessingRestriction;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.fixtures.TaggingTranslationFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.routing.Presence;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Translation follows the agent who reads it, on a real node over real HTTP, with a test engine that tags each
 * translation with its target language: before assignment the team's first language, each agent's conversation page
 * in the agent's own reading language (chosen on the settings page, or the console language), the stored translation
 * following the agent the conversation is assigned to, a reply translated from its author's language, a slow
 * on-demand translation shown pending and filled in live, and the review of outgoing translations chosen per team on
 * the Teams page.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReaderLanguageTranslationTest {

    private static final String PASSWORD = "Reader-agent-pw-1";

    @TempDir
    static Path root;

    private static SignedInNode desk;
    private static TestNode node;
    private static ConversationTranslator translator;
    private static SignedInAgent ana;
    private static SignedInAgent olgaAccount;
    private static AgentSession anaSession;
    private static AgentSession benSession;
    private static AgentSession olga;

    @BeforeAll
    static void startNode(Vertx vertx) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        PluginZipBuilder.plugin("tagger").version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(TaggingTranslationFactory.class).writeInto(plugins);
        Files.writeString(connectors.resolve("onsite.yaml"), """
                plugin: tagger
                factory: tagging
                values:
                  baseUrl: http://127.0.0.1:5999/
                """);
        Path routing = root.resolve("routing.yaml");
        Files.createDirectories(root.resolve("calendars"));
        Files.writeString(routing, """
                teams:
                  - {id: care, name: Care, time-zone: UTC, overflow-rank: 1, languages: [en, es], hours: {daily: "00:00-24:00"}}
                  - {id: sales, name: Sales, time-zone: UTC, overflow-rank: 2, languages: [de], hours: {daily: "00:00-24:00"}}
                agents:
                  - {username: ana, teams: [care], languages: [es, de], max-conversations: 5}
                  - {username: ben, teams: [care, sales], languages: [en, de], max-conversations: 5}
                """);
        desk = SignedInNode.start(vertx, root.resolve("data"), Map.ofEntries(
                Map.entry("MERIDIAN_TRANSLATION_REVIEW_OUTGOING", "false"),
                Map.entry("MERIDIAN_TRANSLATION_AGENT_LANGUAGE", "fr"),
                Map.entry("MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "10000"),
                Map.entry("MERIDIAN_TRANSLATION_PREFERRED_PROVIDERS", "onsite"),
                Map.entry("MERIDIAN_LANGUAGE_DETECTION_LANGUAGES", "en,es,de,fr"),
                Map.entry("MERIDIAN_LANGUAGE_DETECTION_MODE", "low"),
                Map.entry("MERIDIAN_ROUTING_FILE", routing.toString()),
                Map.entry("MERIDIAN_ROUTING_CALENDARS_DIR", root.resolve("calendars").toString()),
                Map.entry("MERIDIAN_PLUGINS_DIR", plugins.toString()),
                Map.entry("MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString()),
                Map.entry("MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true"),
                Map.entry("MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "10")));
        node = desk.node();
        PluginHost host = node.node().plugins();
        Await.result(host.initialLoad(), "loading the plugins");
        Await.until(() -> host.translationProviders().size() == 1, "the translation instance runs");
        translator = node.node().translator();
        ana = Await.result(node.createAgent("ana", "Ana", Role.AGENT, PASSWORD), "creating ana");
        olgaAccount = Await.result(node.createAgent("olga", "Olga", Role.ADMIN, PASSWORD), "creating olga");
        anaSession = desk.signIn("ana", PASSWORD);
        benSession = desk.agent("ben", "Ben", Role.AGENT, PASSWORD);
        olga = desk.signIn("olga", PASSWORD);
        // Ana chooses German on the settings page; Ben only chooses an English console, which he then reads in.
        HttpResponse<Buffer> refused = form(anaSession, "/console/settings", "readingLanguage=" + enc("no such language!"));
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertEquals(302, form(anaSession, "/console/settings", "readingLanguage=de").statusCode());
        assertEquals(302, form(benSession, "/console/settings", "language=en").statusCode());
        String settings = anaSession.get("/console/settings").bodyAsString();
        assertTrue(settings.contains("name=\"readingLanguage\"") && settings.contains("value=\"de\""), settings);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that a Spanish customer message is stored translated into the team's first language (English, not the
     * node's French) before assignment; that Ana (German) and Ben (English) each read it in their own language on
     * the conversation page; that once the conversation is assigned to Ana the stored translation follows into
     * German; and that Ana's reply is translated from German into Spanish.
     */
    @Test
    void eachAgentReadsTheCustomerInTheirOwnLanguage(Vertx vertx) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        String text = "Hola, mi pedido no ha llegado todavia a mi casa, pueden ayudarme por favor " + shortId();
        JsonObject said = visitor.say(text).getJsonObject("message");
        String conversationId = said.getString("conversationId");
        String messageId = said.getString("messageId");
        MessageTranslation stored = storedTranslation(messageId, "en");
        assertEquals("es", stored.source());
        assertEquals("[en] " + text, stored.text());

        String anaPage = anaSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(anaPage.contains("[de] " + text), anaPage);
        assertFalse(anaPage.contains("[en] " + text), "Ana reads German only: " + anaPage);
        String benPage = benSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(benPage.contains("[en] " + text), benPage);
        assertFalse(benPage.contains("[de] " + text), "Ben reads English only: " + benPage);

        // Away: routing knows Ana but gives her no queued work of its own; the admin assigns this one to her.
        Await.result(node.node().routing().setPresence(ana, Presence.AWAY), "Ana is known to routing");
        Await.result(node.node().routing().transfer(conversationId, olgaAccount, ana.id(), null, null),
                "assigning the conversation to Ana");
        MessageTranslation followed = storedTranslation(messageId, "de");
        assertEquals("[de] " + text, followed.text());

        // Ben corrects his own (English, on-demand) translation: his next look shows it, Ana's stored one stays.
        String corrected = "Hello, my order has not arrived yet " + shortId();
        HttpResponse<Buffer> correction = form(benSession, "/console/messages/" + messageId
                + "/translation/correct", "target=en&text=" + enc(corrected));
        assertEquals(302, correction.statusCode(), correction.bodyAsString());
        String benAgain = benSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(benAgain.contains(corrected), benAgain);
        assertEquals("[de] " + text, Await.result(translator.ofMessage(messageId)).orElseThrow().text(),
                "the stored translation follows the assigned agent, untouched by Ben's correction");

        String reply = "Ihr Paket kommt morgen an " + shortId();
        HttpResponse<Buffer> sent = anaSession.postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", reply));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        String replyId = sent.bodyAsJsonObject().getString("messageId");
        MessageTranslation outgoing = storedTranslation(replyId, "es");
        assertEquals("OUTBOUND", outgoing.direction());
        assertEquals("de", outgoing.source(), "translated from the author's language, not the node's French");
        assertEquals("[es] " + reply, outgoing.text());
        JsonObject toVisitor = visitor.expect(f -> "translation".equals(f.getString("type"))
                && replyId.equals(f.getString("messageId")), "the reply in the visitor's language");
        assertEquals("[es] " + reply, toVisitor.getString("text"));
        Await.result(visitor.close());
    }

    /**
     * Verifies that the page does not wait for a slow engine: Ana's German translation is shown as pending, reaches
     * her console live when it is done, and is there at once (from the contact's cache) the next time.
     */
    @Test
    void aSlowOnDemandTranslationIsShownPendingAndFilledInLive(Vertx vertx) throws Exception {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        String text = "Buenas tardes, escribo " + TaggingTranslationFactory.SLOW
                + " porque la factura de mi pedido esta mal " + shortId();
        JsonObject said = visitor.say(text).getJsonObject("message");
        String conversationId = said.getString("conversationId");
        String messageId = said.getString("messageId");
        storedTranslation(messageId, "en");

        Promise<JsonObject> live = Promise.promise();
        MessageConsumer<AgentEvent> consumer = vertx.eventBus().consumer(ChatHub.agentAddress(ana.id()), m -> {
            JsonObject frame = m.body().agentFrame();
            if ("translation".equals(frame.getString("type")) && messageId.equals(frame.getString("messageId"))) {
                live.tryComplete(frame);
            }
        });
        Await.result(consumer.completion());
        String first = anaSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(first.contains("translation-pending"), first);
        assertFalse(first.contains("[de] " + text), first);
        JsonObject event = Await.result(live.future(), "the German translation arrives live");
        assertEquals(conversationId, event.getString("conversationId"));
        assertEquals("de", event.getString("language"));
        assertEquals("[de] " + text, event.getString("text"));
        Await.result(consumer.unregister());
        String again = anaSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(again.contains("[de] " + text), again);
        assertFalse(again.contains("translation-pending"), again);
        Await.result(visitor.close());
    }

    /**
     * Verifies that once a customer's processing is restricted (GDPR article 18) nothing of theirs is machine-
     * translated: their new message gets no stored translation (while another customer's, sent after it, does), and
     * agents read their conversation in the original words, with no on-demand translation either; lifting the
     * restriction brings the translations back.
     */
    @Test
    void aRestrictedCustomerIsReadInTheirOwnWords(Vertx vertx) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        String before = "Hola, necesito ayuda con la devolucion de mi pedido " + shortId();
        JsonObject said = visitor.say(before).getJsonObject("message");
        String conversationId = said.getString("conversationId");
        storedTranslation(said.getString("messageId"), "en");
        String contactId = Await.result(node.node().conversations().facts(conversationId)).orElseThrow().contactId();
        Await.result(node.node().conversations().restrictions().restrict(contactId,
                ProcessingRestriction.Ground.ACCURACY, olgaAccount.id()), "restricting");

        String during = "Tengo otra pregunta sobre la factura de mi pedido " + shortId();
        String restrictedMessage = visitor.say(during).getJsonObject("message").getString("messageId");
        WidgetVisitor other = WidgetVisitor.open(vertx, node.port());
        other.hello(null);
        String unrestricted = other.say("Hola, tengo una pregunta sobre el envio de mi pedido " + shortId())
                .getJsonObject("message").getString("messageId");
        storedTranslation(unrestricted, "en");
        assertTrue(Await.result(translator.ofMessage(restrictedMessage)).isEmpty(),
                "no translation of a restricted customer's message");
        String page = benSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(page.contains(during), page);
        assertFalse(page.contains("[en] "), "no translation shown, stored or on demand: " + page);

        assertTrue(Await.result(node.node().conversations().restrictions().lift(contactId), "lifting"));
        String lifted = benSession.get("/console/conversations/" + conversationId).bodyAsString();
        assertTrue(lifted.contains("[en] " + before), lifted);
        Await.result(visitor.close());
        Await.result(other.close());
    }

    /**
     * Verifies the per-team review: with the node's review off, both teams' conversations reply directly; once the
     * admin turns review on for the Care team in the Teams form, Care's conversation leads to the review step and
     * Sales' still does not. A value other than true or false is refused and changes nothing.
     */
    @Test
    void reviewOfOutgoingTranslationsIsChosenPerTeam(Vertx vertx) {
        String care = conversationRoutedTo(vertx, "Hola, quiero cambiar la direccion de entrega de mi pedido "
                + shortId(), "care");
        String sales = conversationRoutedTo(vertx, "Guten Tag, ich moechte gerne ein Angebot fuer zwanzig Stuehle "
                + "bekommen " + shortId(), "sales");
        assertTrue(replyAction(care).endsWith("/reply"), replyAction(care));
        assertTrue(replyAction(sales).endsWith("/reply"), replyAction(sales));

        String team = "id=care&name=Care&region=&timeZone=UTC&overflowRank=1&languages=" + enc("en, es")
                + "&hours=" + enc("daily: 00:00-24:00");
        HttpResponse<Buffer> bad = form(olga, "/console/teams", team + "&reviewOutgoing=maybe");
        assertTrue(bad.bodyAsString().contains("review-outgoing"), bad.bodyAsString());
        assertTrue(replyAction(care).endsWith("/reply"), "a refused change changes nothing");
        HttpResponse<Buffer> saved = form(olga, "/console/teams", team + "&reviewOutgoing=true");
        assertTrue(saved.statusCode() < 400, saved.bodyAsString());
        assertTrue(replyAction(care).endsWith("/reply-review"), replyAction(care));
        assertTrue(replyAction(sales).endsWith("/reply"), "Sales keeps the node's setting: " + replyAction(sales));
        String teams = olga.get("/console/teams").bodyAsString();
        assertTrue(teams.contains("<option value=\"true\" selected>"), teams);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String conversationRoutedTo(Vertx vertx, String text, String teamId) {
        WidgetVisitor visitor = WidgetVisitor.open(vertx, node.port());
        visitor.hello(null);
        String conversationId = visitor.say(text).getJsonObject("message").getString("conversationId");
        Await.value(() -> Await.result(node.node().routing().placement(conversationId))
                .filter(p -> teamId.equals(p.teamId())), Duration.ofSeconds(30), "routed to " + teamId);
        Await.result(visitor.close());
        return conversationId;
    }

    private static String replyAction(String conversationId) {
        String page = anaSession.get("/console/conversations/" + conversationId).bodyAsString();
        int form = page.indexOf("<form id=\"reply\"");
        assertTrue(form >= 0, page);
        int start = page.indexOf("action=\"", form) + "action=\"".length();
        return page.substring(start, page.indexOf('"', start));
    }

    private static MessageTranslation storedTranslation(String messageId, String target) {
        return Await.value(() -> Await.result(translator.ofMessage(messageId))
                .filter(t -> target.equals(t.target()) && t.translated()), Duration.ofSeconds(30),
                "the translation of " + messageId + " into " + target);
    }

    private static HttpResponse<Buffer> form(AgentSession session, String uri, String body) {
        String all = body + "&csrf=" + enc(session.csrfToken());
        return Await.result(session.request(HttpMethod.POST, uri)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(all)), "POST " + uri);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
