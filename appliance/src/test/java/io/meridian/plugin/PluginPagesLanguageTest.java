package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.plugin.fixtures.EchoChannel;
import io.meridian.plugin.fixtures.EchoChannelFactory;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.testkit.PluginZipBuilder;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin administration pages in the admin's console language: headings, buttons, states, notices, form labels
 * and the host's own form errors are translated, while the plugin's descriptor texts and the data-* attributes that
 * scripts select on stay as they are.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginPagesLanguageTest {

    private static final String ADMIN_PASSWORD = "Language-admin-pw-1";
    /** Sentences and words of the pages' former English texts, which must not show up in another language. */
    private static final List<String> ENGLISH = List.of("Connector instances", "New connector instance", "Last error",
            "Enable", "Disable", "Reload", "waiting", "defined in", "needs SPI", "Plugin zips are loaded",
            "No started plugin", "local only", "hosts configured", "Signature", "State", "STARTED",
            "RUNNING", "DISABLED", "unsigned", "Send failed", "Delete", "Instance id", "Create instance", "Save",
            "Some values need fixing", "expected a URL", "yes", "disabled", "Plugins", "the", "and", "of");
    /** Texts from the test plugin's own descriptor: they stay as its author wrote them. */
    private static final List<String> PLUGIN_TEXTS = List.of("A channel for tests: remembers what it sends.",
            "Echo channel", "API endpoint", "Where the channel's API lives", "API token", "Issued by the channel",
            "Greeting", "First words of every reply");

    @TempDir
    static Path root;

    private static SignedInNode desk;
    private static AgentSession admin;

    @BeforeAll
    static void startNode(Vertx vertx) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Path connectors = Files.createDirectories(root.resolve("connectors"));
        echoPlugin("echo").writeInto(plugins);
        echoPlugin("spare").writeInto(plugins);
        Files.writeString(connectors.resolve("file-line.yaml"), """
                plugin: echo
                factory: echo
                values:
                  endpoint: https://file.example.com/api
                  token: file-token
                """);
        desk = SignedInNode.start(vertx, root.resolve("data"), Map.of(
                "MERIDIAN_NODE_ID", "plugin-language-test",
                "MERIDIAN_PLUGINS_DIR", plugins.toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors.toString(),
                "MERIDIAN_PLUGINS_TRUSTED_KEYS_DIR", root.resolve("no-keys").toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_CALL_TIMEOUT_SECONDS", "5",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1"));
        Await.result(desk.node().node().plugins().initialLoad(), "loading the plugins");
        admin = desk.agent("chefin", "Chefin", Role.ADMIN, ADMIN_PASSWORD);
        chooseLanguage("de");
    }

    private static PluginZipBuilder echoPlugin(String id) {
        return PluginZipBuilder.plugin(id).version("1.0.0").requires(">=1.0.0").provider("Meridian tests")
                .extension(EchoChannelFactory.class).addClass(EchoChannel.class);
    }

    @AfterAll
    static void stopNode() {
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies that the plugins list of an admin who chose German is German throughout (headings, columns, buttons,
     * states, signature, connector kind and egress, the notice after an action), keeps its data-* attributes and
     * CSS classes, and has none of the former English texts left.
     */
    @Test
    void pluginsPageSpeaksTheAdminsLanguage() {
        Await.until(() -> admin.get("/console/plugins").bodyAsString()
                .contains("data-instance-id=\"file-line\" data-state=\"RUNNING\""), "the file-defined instance runs");
        HttpResponse<Buffer> disabled = post("/console/plugins/spare/disable", MultiMap.caseInsensitiveMultiMap());
        assertEquals(302, disabled.statusCode(), disabled.bodyAsString());
        String page = admin.get(disabled.getHeader("Location")).bodyAsString();

        assertTrue(page.contains("<html lang=\"de\""), page);
        assertTrue(page.contains("<title>Plug-ins · Meridian</title>"), "the page title, translated");
        assertTrue(page.contains("<h1>Plug-ins</h1>") && page.contains("<h2>Connector-Instanzen</h2>")
                && page.contains("<h2>Neue Connector-Instanz</h2>"), page);
        assertTrue(page.contains("<p class=\"notice-ok\" role=\"status\">spare: deaktiviert.</p>"), page);
        assertTrue(page.contains("<th>Signatur</th><th>Connectors und Datenabfluss</th><th>Letzter Fehler</th>"),
                page);
        assertTrue(page.contains("<tr data-plugin-id=\"echo\" data-state=\"STARTED\">")
                && page.contains("<td class=\"state state-STARTED\">Gestartet</td>"), "states translated, data kept");
        assertTrue(page.contains("<td class=\"state state-DISABLED\">Deaktiviert</td>"), page);
        assertTrue(page.contains(">Aktivieren</button>") && page.contains(">Deaktivieren</button>")
                && page.contains(">Neu laden</button>") && page.contains(">Plug-in-Ordner neu einlesen</button>"),
                page);
        assertTrue(page.contains("nicht signiert") && page.contains("benötigt SPI &gt;=1.0.0"), page);
        assertTrue(page.contains("Echo channel <small>(Kanal: die in endpoint konfigurierten Hosts)</small>"),
                "the connector's kind and egress translated, its name as the plugin wrote it: " + page);
        assertTrue(page.contains("<td class=\"state state-RUNNING\">Läuft</td>")
                && page.contains("0 wartend") && Pattern.compile("<small>definiert in /[^<]*/file-line\\.yaml</small>")
                .matcher(page).find(), page);
        assertNoEnglish(page);
    }

    /**
     * Verifies that the instance form is German around the plugin's own labels, that the host's form errors are
     * translated, and that an error page of these pages is in the admin's language too.
     */
    @Test
    void instanceFormAndErrorsSpeakTheAdminsLanguage() {
        HttpResponse<Buffer> form = admin.get("/console/plugins/instances/new?plugin=echo&factory=echo");
        assertEquals(200, form.statusCode());
        String html = form.bodyAsString();
        assertTrue(html.contains("<h1>Neue Instanz von Echo channel</h1>"), html);
        assertTrue(html.contains("Plug-in echo, Connector echo. Datenabfluss: die in endpoint konfigurierten Hosts."),
                html);
        assertTrue(html.contains("Instanz-ID (Kleinbuchstaben") && html.contains("<label>Anzeigename")
                && html.contains(">Instanz anlegen</button>") && html.contains(">ja</option>"), html);
        assertTrue(html.contains("API endpoint") && html.contains("Where the channel&#39;s API lives"),
                "the plugin's own labels and help stay as written");
        assertNoEnglish(html);

        HttpResponse<Buffer> invalid = post("/console/plugins/instances", MultiMap.caseInsensitiveMultiMap()
                .add("mode", "new").add("id", "bad-line").add("plugin", "echo").add("factory", "echo")
                .add("name", "Bad line").add("enabled", "true").add("v.endpoint", "not a url")
                .add("v.token", "t"));
        assertEquals(400, invalid.statusCode(), invalid.bodyAsString());
        assertTrue(invalid.bodyAsString().contains("Einige Werte müssen korrigiert werden.")
                && invalid.bodyAsString().contains("erwartet wird eine URL wie https://api.example.com/v1"),
                invalid.bodyAsString());
        assertNoEnglish(invalid.bodyAsString());

        HttpResponse<Buffer> saved = post("/console/plugins/instances", MultiMap.caseInsensitiveMultiMap()
                .add("mode", "new").add("id", "good-line").add("plugin", "echo").add("factory", "echo")
                .add("name", "Good line").add("enabled", "true").add("v.endpoint", "https://good.example.com")
                .add("v.token", "good-token"));
        assertEquals(302, saved.statusCode(), saved.bodyAsString());
        String edit = admin.get("/console/plugins/instances/good-line").bodyAsString();
        assertTrue(edit.contains("<h1>Connector-Instanz good-line</h1>")
                && edit.contains("placeholder=\"gesetzt – leer lassen, um den Wert zu behalten\"")
                && edit.contains(">Speichern</button>") && edit.contains("<option value=\"false\">nein</option>"),
                edit);
        assertNoEnglish(edit);

        HttpResponse<Buffer> missing = admin.get("/console/plugins/instances/no-such-line");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.bodyAsString().contains("<html lang=\"de\">")
                && missing.bodyAsString().contains("Es gibt keine Connector-Instanz „no-such-line“."),
                missing.bodyAsString());
    }

    /** Verifies that another language (Japanese) is picked up the same way, from the admin's own choice. */
    @Test
    void japaneseAdminGetsJapanese() {
        AgentSession japanese = desk.agent("kanri", "Kanri", Role.ADMIN, ADMIN_PASSWORD);
        HttpResponse<Buffer> chosen = Await.result(japanese.request(HttpMethod.POST, "/console/settings")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf", japanese.csrfToken()).add("language", "ja")
                        .add("timeZone", "Asia/Tokyo")), "choosing Japanese");
        assertEquals(302, chosen.statusCode(), chosen.bodyAsString());
        String page = japanese.get("/console/plugins").bodyAsString();
        assertTrue(page.contains("<html lang=\"ja\"") && page.contains("<h1>プラグイン</h1>")
                && page.contains("<h2>コネクターインスタンス</h2>") && page.contains(">再読み込み</button>")
                && page.contains(">起動済み</td>"), page);
        assertNoEnglish(page);
    }

    private static void chooseLanguage(String language) {
        HttpResponse<Buffer> chosen = post("/console/settings", MultiMap.caseInsensitiveMultiMap()
                .add("language", language).add("timeZone", "Europe/Berlin"));
        assertEquals(302, chosen.statusCode(), chosen.bodyAsString());
    }

    private static HttpResponse<Buffer> post(String uri, MultiMap form) {
        return Await.result(admin.request(HttpMethod.POST, uri).sendForm(form.add("csrf", admin.csrfToken())),
                "POST " + uri);
    }

    /** The page's visible text (tags, attributes and the plugin's own texts removed) has no former English text. */
    private static void assertNoEnglish(String html) {
        String text = html.replaceAll("(?s)<head>.*?</head>", " ").replaceAll("(?s)<[^>]*>", " ");
        for (String own : PLUGIN_TEXTS) {
            text = text.replace(own.replace("'", "&#39;"), " ");
        }
        for (String english : ENGLISH) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(english) + "\\b").matcher(text);
            assertFalse(m.find(), "English left on the page: '" + english + "' in " + text);
        }
    }
}
