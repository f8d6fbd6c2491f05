package io.meridian.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.config.MeridianConfig;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The widget's pre-chat form: switched on by the admin, its answers kept on the contact. */
@Timeout(120)
class PreChatFormTest {

    @TempDir
    Path dir;
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /**
     * Verifies that the welcome says the form is required, that the visitor's name and e-mail are kept on the contact
     * (the agent sees the name on the conversation), that a malformed address and a profile before hello are refused,
     * and that a mail from that address later finds the same contact's conversation.
     */
    @Test
    void answersAreKeptOnTheContact() {
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM", "required"));
        Vertx vertx = desk.vertx();
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, "correct horse battery staple");

        WidgetVisitor early = WidgetVisitor.open(vertx, desk.node().port());
        Await.result(early.send(new JsonObject().put("type", "profile").put("name", "Too Early")), "profile");
        early.expectError("hello_required");
        Await.result(early.close(), "closing");

        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        assertEquals("required", visitor.hello(null).getString("preChatForm"));
        Await.result(visitor.send(new JsonObject().put("type", "profile").put("name", "María García")
                .put("email", "not an address")), "a bad address");
        visitor.expectError("invalid_frame");
        Await.result(visitor.send(new JsonObject().put("type", "profile").put("name", "María García")
                .put("email", "maria@example.com")), "the form's answers");
        visitor.expect("profile.saved");
        String id = visitor.say("Hola, tengo una pregunta").getJsonObject("message").getString("conversationId");

        JsonObject conversation = ana.get("/api/v1/conversations/" + id).bodyAsJsonObject();
        assertEquals("María García", conversation.getString("contactName"));
        String contactId = conversation.getString("contactId");
        String found = ana.get("/console/contacts/" + contactId + "?find=MARIA%40example.com").bodyAsString();
        assertTrue(found.contains("No contact found."), "the address is this contact's own: " + found);
        Await.result(visitor.close(), "closing");
    }

    /**
     * Verifies that what a visitor types proves nothing: someone who types another customer's address and number
     * into the form, before that customer writes by mail, never sees or writes into that customer's mail through the
     * widget (it shows and continues web chats only), and the typed number does not make them that number's customer.
     */
    @Test
    void aTypedAddressNeverOpensAnotherCustomersMail() {
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM", "optional"));
        Vertx vertx = desk.vertx();
        WidgetVisitor mallory = WidgetVisitor.open(vertx, desk.node().port());
        String token = mallory.hello(null).getString("visitorToken");
        Await.result(mallory.send(new JsonObject().put("type", "profile").put("email", "victim@example.com")
                .put("phone", "+49 151 2345 6789")), "someone else's address and number");
        mallory.expect("profile.saved");
        Await.result(mallory.close(), "closing");

        var conversations = desk.node().node().conversations();
        String mail = Await.result(conversations.appendChannelMessage(new io.meridian.conversation.ChannelInbound(
                "mail", "email", "victim@example.com", "Victim", "<m1@example.com>", "Refund",
                "My IBAN for the refund is DE89370400440532013000")), "the real customer's mail")
                .message().conversationId();
        Await.result(conversations.appendChannelMessage(new io.meridian.conversation.ChannelInbound(
                "sms", "phone", "+49 151 2345 6789", null, "sms-1", null, "Texting about my refund")),
                "the real customer's text message");

        WidgetVisitor back = WidgetVisitor.open(vertx, desk.node().port());
        JsonObject welcome = back.hello(token);
        assertEquals(null, welcome.getString("conversationId"), "no web chat yet: " + welcome.encode());
        assertTrue(welcome.getJsonArray("messages").isEmpty(), welcome.encode());
        String own = back.say("Show me that refund").getJsonObject("message").getString("conversationId");
        assertTrue(!own.equals(mail), "a web chat of its own, not the mail thread");
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, "correct horse battery staple");
        // The IBAN was masked before it was stored (privacy.masking.store, on by default).
        assertEquals(List.of("My IBAN for the refund is ••••••••••••••••••3000"), ana.messages(mail).stream()
                .map(m -> m.getString("text")).toList(), "nothing of the widget's in the mail thread");
        String texted = ana.conversations("").stream().filter(c -> "Texting about my refund".equals(
                c.getString("lastMessagePreview"))).findFirst().orElseThrow().getString("contactId");
        String typed = ana.get("/api/v1/conversations/" + own).bodyAsJsonObject().getString("contactId");
        assertTrue(!texted.equals(typed), "the typed number did not make the texter's contact the typist's");
        Await.result(back.close(), "closing");
    }

    /**
     * Verifies the form per site: a widget on the shop's pages is asked for it, one on the help site and one whose
     * browser sent no origin get the node's default.
     */
    @Test
    void eachSiteHasItsOwnForm() {
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM", "optional",
                "MERIDIAN_WIDGET_PRE_CHAT_FORM_BY_SITE", "https://shop.example.com=required,https://help.example.com/=off"));
        assertEquals("required", welcomeFrom(desk, "https://shop.example.com").getString("preChatForm"));
        assertEquals("required", welcomeFrom(desk, "https://SHOP.example.com").getString("preChatForm"));
        assertEquals("off", welcomeFrom(desk, "https://help.example.com").getString("preChatForm"));
        assertEquals("optional", welcomeFrom(desk, "https://blog.example.com").getString("preChatForm"));
        assertEquals("optional", welcomeFrom(desk, null).getString("preChatForm"));
        assertEquals("required", new io.meridian.widget.PreChatForms("off", Map.of("https://shop.example.com",
                "required")).forSite("https://shop.example.com:443"), "a default port is no other site");
    }

    private static io.vertx.core.json.JsonObject welcomeFrom(SignedInNode desk, String origin) {
        var client = desk.vertx().createWebSocketClient();
        var options = new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(desk.node().port()).setURI("/widget/ws");
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        var socket = Await.result(client.connect(options), "widget connection from " + origin);
        java.util.concurrent.CompletableFuture<io.vertx.core.json.JsonObject> welcome =
                new java.util.concurrent.CompletableFuture<>();
        socket.textMessageHandler(text -> welcome.complete(new io.vertx.core.json.JsonObject(text)));
        socket.writeTextMessage(new io.vertx.core.json.JsonObject().put("type", "hello").put("locale", "en").encode());
        try {
            return welcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no welcome for a widget from " + origin, e);
        } finally {
            Await.result(client.close(), "closing");
        }
    }

    /** Verifies that a per-site entry that is no origin=mode pair stops the start, naming the key and the entry. */
    @Test
    void aWrongSiteEntryIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(dir, null,
                Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM_BY_SITE", "shop.example.com=required"), new Properties()));
        assertTrue(e.getMessage().contains("widget.pre-chat-form-by-site") && e.getMessage().contains("shop.example.com"),
                e.getMessage());
    }

    /** Verifies that an unknown value of widget.pre-chat-form stops the start, naming the key. */
    @Test
    void aWrongSettingIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> MeridianConfig.load(dir, null,
                Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM", "sometimes"), new Properties()));
        assertTrue(e.getMessage().contains("widget.pre-chat-form") && e.getMessage().contains("sometimes"),
                e.getMessage());
    }
}
