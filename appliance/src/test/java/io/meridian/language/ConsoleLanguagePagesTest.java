package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import io.meridian.conversation.Appended;
import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console over real HTTP in the agent's language and time zone: browser default, settings page, errors. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleLanguagePagesTest {

    private static final String PASSWORD = "a long enough password 7";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private TestNode node;
    private WebClientSession browser;
    private String language = "en";

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        startNode();
        Await.result(node.createAgent("lena", "Lena Krause", Role.AGENT, PASSWORD), "an agent account");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            Await.result(node.stop(), "stopping the node");
        }
        Await.result(vertx.close(), "closing Vert.x");
    }

    /**
     * Verifies that, with no choice made, dates follow the time zone the browser reported in its cookie (URL-encoded as
     * the page script writes it), and that a made-up or non-region value falls back to the node's zone.
     */
    @Test
    void followsTheBrowsersTimeZone() {
        String nodeZone = zoneOf(pageWithZoneCookie(null));
        assertEquals("Asia/Tokyo", zoneOf(pageWithZoneCookie("Asia%2FTokyo")));
        assertEquals("America/Argentina/Buenos_Aires", zoneOf(pageWithZoneCookie("America%2FArgentina%2FBuenos_Aires")));
        assertEquals(nodeZone, zoneOf(pageWithZoneCookie("Mars%2FOlympus_Mons")));
        assertEquals(nodeZone, zoneOf(pageWithZoneCookie("GMT%2B5")));
        assertEquals(nodeZone, zoneOf(pageWithZoneCookie("%3Cscript%3E")));
    }

    private String pageWithZoneCookie(String zone) {
        io.vertx.ext.web.client.WebClient plain = io.vertx.ext.web.client.WebClient.create(vertx);
        try {
            var request = plain.get(node.port(), "127.0.0.1", "/console/login");
            if (zone != null) {
                request.putHeader("Cookie", "meridian_tz=" + zone);
            }
            return Await.result(request.send(), "the login page").bodyAsString();
        } finally {
            plain.close();
        }
    }

    private static String zoneOf(String page) {
        Matcher m = Pattern.compile("data-time-zone=\"([^\"]*)\"").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    /** Verifies that, with no choice made, the console follows the browser's Accept-Language. */
    @Test
    void followsTheBrowsersLanguage() {
        language = "de-DE,de;q=0.9,en;q=0.5";
        String login = get("/console/login").bodyAsString();
        assertTrue(login.contains("<html lang=\"de\""), login);
        assertTrue(login.contains("<h1>Anmelden</h1>"), login);
        signIn();
        String inbox = get("/console").bodyAsString();
        assertTrue(inbox.contains("<h1>Offene Unterhaltungen</h1>"), inbox);
        assertTrue(inbox.contains(">Einstellungen</a>") && inbox.contains(">Abmelden</button>"), inbox);
        assertTrue(inbox.contains("<title>Posteingang · Meridian</title>"), "the server's page title, translated");

        language = "ko-KR";
        HttpResponse<Buffer> missing = get("/console/no-such-page");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.bodyAsString().contains("<html lang=\"ko\">"), missing.bodyAsString());
        assertTrue(missing.bodyAsString().contains("이 주소에는 아무것도 없습니다."), missing.bodyAsString());
    }

    /** Verifies that a sign-in error written by the server reaches the agent in the browser's language. */
    @Test
    void serverErrorsAreTranslated() {
        language = "fr-FR,fr;q=0.9";
        String token = csrf(get("/console/login").bodyAsString());
        HttpResponse<Buffer> wrong = post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("username", "lena").add("password", "not the password at all"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.bodyAsString().contains("Nom d&#39;utilisateur inconnu ou mot de passe incorrect."),
                wrong.bodyAsString());
        assertFalse(wrong.bodyAsString().contains("Unknown username"), "no English left");
    }

    /**
     * Verifies that the agent's chosen language and time zone apply to every page, survive a restart of the node,
     * and that dates are shown in that zone.
     */
    @Test
    void theAgentsChoiceWinsAndIsKept() {
        language = "en-US";
        signIn();
        String token = csrf(get("/console/settings").bodyAsString());
        HttpResponse<Buffer> saved = post("/console/settings", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("language", "ja").add("timeZone", "Asia/Tokyo"));
        assertEquals(302, saved.statusCode(), saved.bodyAsString());
        assertEquals("/console/settings?saved=1", saved.getHeader("Location"));
        String confirmation = get("/console/settings?saved=1").bodyAsString();
        assertTrue(confirmation.contains("設定を保存しました。"), confirmation);
        assertTrue(confirmation.contains("<option value=\"Asia/Tokyo\" selected>"), "the form shows the choice");

        Appended message = visitorWrites("Hallo, wo bleibt meine Lieferung?");
        String page = get("/console/conversations/" + message.message().conversationId()).bodyAsString();
        assertTrue(page.contains("<html lang=\"ja\" data-time-zone=\"Asia/Tokyo\">"), page);
        assertTrue(page.contains(">会話を終了</button>"), page);
        String shown = Messages.of(ConsoleLanguage.JA, ZoneId.of("Asia/Tokyo")).dateTime(message.message().createdAt());
        assertTrue(page.contains("<time datetime=\"" + message.message().createdAt() + "\">" + shown + "</time>"),
                "the message time in Tokyo time, Japanese style: " + shown);

        restartNode();
        signIn();
        String inbox = get("/console").bodyAsString();
        assertTrue(inbox.contains("<html lang=\"ja\" data-time-zone=\"Asia/Tokyo\">"), "kept across a restart");
        assertTrue(inbox.contains("<h1>対応中の会話</h1>") && inbox.contains("メッセージ 1 件"), inbox);
    }

    /** Verifies that the settings form refuses unknown values, a missing CSRF token, and anonymous visitors. */
    @Test
    void settingsRefuseBadInput() {
        language = "es-ES";
        HttpResponse<Buffer> anonymous = get("/console/settings");
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.getHeader("Location").startsWith("/console/login"), anonymous.getHeader("Location"));

        signIn();
        String token = csrf(get("/console/settings").bodyAsString());
        HttpResponse<Buffer> badLanguage = post("/console/settings", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("language", "xx").add("timeZone", ""));
        assertEquals(400, badLanguage.statusCode());
        assertTrue(badLanguage.bodyAsString().contains("Elige uno de los idiomas de la lista."), badLanguage.bodyAsString());
        HttpResponse<Buffer> badZone = post("/console/settings", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("language", "").add("timeZone", "Mars/Olympus_Mons"));
        assertEquals(400, badZone.statusCode());
        assertTrue(badZone.bodyAsString().contains("Elige una de las zonas horarias de la lista."));
        HttpResponse<Buffer> forged = post("/console/settings", MultiMap.caseInsensitiveMultiMap()
                .add("language", "de").add("timeZone", "Europe/Berlin"));
        assertEquals(403, forged.statusCode());
        assertTrue(get("/console").bodyAsString().contains("<html lang=\"es\""), "nothing was changed");
    }

    private void startNode() {
        node = Await.result(TestNode.start(vertx, dataDir), "starting the node");
        browser = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)));
    }

    private void restartNode() {
        browser.close();
        Await.result(node.stop(), "stopping the node");
        startNode();
    }

    private Appended visitorWrites(String text) {
        VisitorIdentity visitor = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("de-DE", "Europe/Berlin", null, null)), "a visitor");
        return Await.result(node.node().hub()
                .visitorSays(visitor.contactId(), UUID.randomUUID().toString(), text), "the visitor writes");
    }

    private void signIn() {
        String token = csrf(get("/console/login").bodyAsString());
        HttpResponse<Buffer> signedIn = post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("username", "lena").add("password", PASSWORD));
        assertEquals(302, signedIn.statusCode(), signedIn.bodyAsString());
    }

    private HttpResponse<Buffer> get(String uri) {
        return Await.result(browser.get(node.port(), "127.0.0.1", uri).putHeader("Accept-Language", language).send(),
                "GET " + uri);
    }

    private HttpResponse<Buffer> post(String uri, MultiMap form) {
        return Await.result(browser.post(node.port(), "127.0.0.1", uri).putHeader("Accept-Language", language)
                .sendForm(form), "POST " + uri);
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no csrf field in " + html);
        }
        return m.group(1);
    }
}
