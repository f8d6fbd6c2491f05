package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Every console page in a real Chromium at 1366×768, in English and in Japanese, with a conversation, a team setup
 * and an account to show: each page is kept as a screenshot under {@code target/screenshots/} for a reviewer, and
 * checked to fit the width (no sideways scrolling) and to have every text translated (no {@code ??key??}).
 */
@Timeout(300)
class ConsoleScreenshotsTest {

    private static final String PASSWORD = "screenshots and more screenshots";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String SETUP = """
            teams:
              - {id: emea, name: Europe, region: eu, time-zone: Europe/Berlin, overflow-rank: 1, languages: [de, es, en],
                 hours: {mon-fri: ["08:00-12:30", "13:30-20:00"]}}
              - {id: apac, name: Asia-Pacific, region: apac, time-zone: Asia/Tokyo, overflow-rank: 2,
                 languages: [ja, zh, en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: sakura, teams: [apac, emea], languages: [ja, en], max-conversations: 3}
            """;

    @TempDir
    Path dir;
    @TempDir
    Path profiles;
    private Vertx vertx;
    private SignedInNode desk;
    private Browsers browsers;

    @AfterEach
    void tearDown() {
        try {
            if (browsers != null) {
                browsers.close();
            }
        } finally {
            if (desk != null) {
                desk.stop();
            }
            if (vertx != null) {
                Await.result(vertx.close(), "closing vert.x");
            }
        }
    }

    /** Verifies that each page fits 1366 px and is fully translated, in English and Japanese, and keeps its picture. */
    @Test
    void everyPageInEnglishAndJapanese() throws Exception {
        Browsers.requireInstalled();
        vertx = Vertx.vertx();
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), SETUP, StandardCharsets.UTF_8);
        desk = SignedInNode.start(vertx, dir.resolve("node"), Map.of(
                "MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString(),
                // The shipped reply templates, so the off-hours reply shows in the customer's language as installed.
                "MERIDIAN_ROUTING_TEMPLATES_DIR", Path.of("../conf/templates").toAbsolutePath().toString()));
        Await.result(desk.node().createAgent("sakura", "Sakura Tanaka", Role.ADMIN, PASSWORD), "an admin");
        var conversations = desk.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", "María García", null)), "a visitor").contactId();
        Await.result(conversations.recordVisitorContext(contact, List.of("es-ES", "en"), "es-ES"), "context");
        String id = null;
        List<String> texts = List.of("Hola, mi pedido #A-10492 todavía no ha llegado.",
                "Lo pedí hace dos semanas y el seguimiento no se actualiza.", "¿Pueden ayudarme, por favor?");
        for (String text : texts) {
            id = Await.result(desk.node().node().hub().visitorSays(contact, UUID.randomUUID().toString(), text),
                    "a message").message().conversationId();
        }
        // The pipeline routes the conversation on its first message (a whole sentence: a lone "Hola" reads as Turkish).
        String conversationId = id;
        Await.until(() -> Await.result(desk.node().node().routing().placement(conversationId), "routing").isPresent(),
                "the conversation routed on its first message");

        // The search page shows the conversation once it is indexed (within about a second of the messages).
        var api = desk.signIn("sakura", PASSWORD);
        Await.until(() -> api.get("/api/v1/search?q=A-10492").bodyAsJsonObject().getInteger("total") == 1,
                "the conversation searchable");
        // A defined role scoped to a team and a region, held by an account, for the roles and agents pages.
        var role = api.postJson("/api/v1/roles", new io.vertx.core.json.JsonObject().put("name", "Privacy officer")
                .put("description", "Answers data-subject requests for European customers")
                .put("permissions", new io.vertx.core.json.JsonArray(List.of("conversations.read",
                        "privacy.requests", "privacy.export")))
                .put("teams", new io.vertx.core.json.JsonArray(List.of("emea")))
                .put("regions", new io.vertx.core.json.JsonArray(List.of("eu"))));
        assertEquals(201, role.statusCode(), role.bodyAsString());
        String roleId = role.bodyAsJsonObject().getString("id");
        assertEquals(201, api.postJson("/api/v1/agents", new io.vertx.core.json.JsonObject().put("username", "olga")
                .put("displayName", "Olga Berg").put("role", roleId).put("password", "Initial-olga-pw-1"))
                .statusCode());
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("inbox", "/console");
        pages.put("inbox-waiting", "/console?view=waiting");
        pages.put("search", "/console?q=A-10492&status=open");
        pages.put("conversation", "/console/conversations/" + id);
        pages.put("contact", "/console/contacts/" + contact);
        pages.put("routing", "/console/routing");
        pages.put("canned-replies", "/console/canned-replies");
        pages.put("glossary", "/console/glossary");
        pages.put("agents", "/console/agents");
        pages.put("roles", "/console/roles");
        pages.put("role-edit", "/console/roles/" + roleId + "#role-form");
        pages.put("teams", "/console/teams");
        pages.put("plugins", "/console/plugins");
        pages.put("cluster", "/console/cluster");
        pages.put("settings", "/console/settings");
        pages.put("password", "/console/password");
        pages.put("sessions", "/console/sessions");
        // Olga's name locked by five wrong passwords: an alert on the security alerts page, counted in the navigation.
        for (int i = 0; i < 5; i++) {
            Await.result(desk.web().postAbs(desk.node().baseUrl() + "/api/v1/session")
                    .sendJsonObject(new io.vertx.core.json.JsonObject().put("username", "olga")
                            .put("password", "wrong guess " + i)), "a wrong password");
        }
        Await.until(() -> api.get("/api/v1/security-alerts").bodyAsJsonObject().getInteger("unacknowledged") == 1,
                "the lockout alert");
        pages.put("security-alerts", "/console/security-alerts");
        String request = api.postJson("/api/v1/privacy/requests", new io.vertx.core.json.JsonObject()
                .put("contactId", contact).put("kind", "access").put("verifiedBy", "email_reply"))
                .bodyAsJsonObject().getString("id");
        pages.put("contact-privacy", "/console/contacts/" + contact + "#personal-data");
        pages.put("privacy-requests", "/console/privacy/requests");
        pages.put("privacy-request", "/console/privacy/requests/" + request);
        // A customer whose processing is restricted, and a restriction request waiting for its answer.
        String restricted = Await.result(desk.node().node().conversations().identifyVisitor(null,
                new VisitorProfile("ja-JP", "Asia/Tokyo", "高橋 美咲", "misaki@example.jp")), "a visitor").contactId();
        String restrictedConversation = Await.result(desk.node().node().hub().visitorSays(restricted,
                UUID.randomUUID().toString(), "注文した商品がまだ届きません。"), "a message").message().conversationId();
        Await.result(api.request(io.vertx.core.http.HttpMethod.PUT, "/api/v1/contacts/" + restricted + "/restriction")
                .sendJsonObject(new io.vertx.core.json.JsonObject().put("ground", "accuracy")), "restricting");
        String restriction = api.postJson("/api/v1/privacy/requests", new io.vertx.core.json.JsonObject()
                .put("contactId", contact).put("kind", "restriction").put("verifiedBy", "email_reply"))
                .bodyAsJsonObject().getString("id");
        pages.put("contact-restricted", "/console/contacts/" + restricted);
        pages.put("contact-restricted-privacy", "/console/contacts/" + restricted + "#personal-data");
        pages.put("conversation-restricted", "/console/conversations/" + restrictedConversation);
        pages.put("privacy-request-restriction", "/console/privacy/requests/" + restriction);
        pages.put("privacy-retention", "/console/privacy/retention");

        browsers = new Browsers(profiles);
        Files.createDirectories(SHOTS);
        List<String> problems = new ArrayList<>();
        for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
            shootAll(language, language.substring(0, 2), new Dimension(1366, 768), pages, problems);
        }
        // The wide screen of a desk, in English; the workspace pages in the six other console languages.
        shootAll("en-US,en", "en-1920", new Dimension(1920, 1080), pages, problems);
        Map<String, String> workspace = new LinkedHashMap<>();
        for (String page : List.of("inbox", "search", "conversation")) {
            workspace.put(page, pages.get(page));
        }
        for (String language : List.of("de", "es", "fr", "ko", "zh-CN", "zh-TW")) {
            shootAll(language + ",en-US;q=0.5", language, new Dimension(1366, 768), workspace, problems);
        }
        // The workspace as a role without personal-data.unmasked reads it: the customer masked.
        Map<String, String> masked = new LinkedHashMap<>();
        for (String page : List.of("inbox", "conversation", "contact")) {
            masked.put(page, pages.get(page));
        }
        desk.agentWithPermissions("mika", java.util.Set.of(io.meridian.security.Permission.CONVERSATIONS_READ,
                io.meridian.security.Permission.CONVERSATIONS_REPLY), java.util.Set.of(), java.util.Set.of());
        for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
            shootAll(language, language.substring(0, 2) + "-masked", new Dimension(1366, 768), masked, problems,
                    "mika", "Chosen-mika-pw-1");
        }
        assertEquals(List.of(), problems);
        try (var files = Files.list(SHOTS)) {
            assertTrue(files.filter(p -> p.getFileName().toString().endsWith(".png")).count()
                    >= 3L * (pages.size() + 1) + 6L * workspace.size() + 2L * masked.size());
        }
    }

    /** Signs in a browser speaking {@code language} with a window of {@code size} and shoots {@code pages}. */
    private void shootAll(String language, String name, Dimension size, Map<String, String> pages,
            List<String> problems) throws Exception {
        shootAll(language, name, size, pages, problems, "sakura", PASSWORD);
    }

    /** As above, signed in as {@code username}. */
    private void shootAll(String language, String name, Dimension size, Map<String, String> pages,
            List<String> problems, String username, String password) throws Exception {
        String tag = language.split(",")[0];
        WebDriver browser = browsers.open("shots-" + name, language);
        browser.manage().window().setSize(size);
        browser.get(desk.node().baseUrl() + "/console/login");
        shoot(browser, name + "-login", problems);
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        Browsers.waitUntil(browser, "signed in", d -> !d.findElements(By.cssSelector("form.logout")).isEmpty());
        for (Map.Entry<String, String> page : pages.entrySet()) {
            browser.get(desk.node().baseUrl() + page.getValue());
            Browsers.waitUntil(browser, page.getKey() + " drawn", d -> !d.findElements(By.tagName("h1")).isEmpty());
            assertEquals(tag.substring(0, 2), browser.findElement(By.tagName("html")).getDomAttribute("lang")
                    .substring(0, 2));
            shoot(browser, name + "-" + page.getKey(), problems);
        }
        browsers.close(browser);
    }

    /** Saves the page's picture and notes what is wrong with it. */
    private static void shoot(WebDriver browser, String name, List<String> problems) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // Let fonts and the page script settle (live pages connect and may redraw once).
        Browsers.waitUntil(browser, name + " ready", d -> "complete".equals(js.executeScript("return document.readyState")));
        Files.write(SHOTS.resolve("console-" + name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        long overflow = (Long) js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        if (overflow > 1) {
            problems.add(name + ": " + overflow + " px wider than the window");
        }
        if (browser.findElements(By.cssSelector("header.top")).isEmpty()) {
            problems.add(name + ": an error page instead of the page (" + browser.getTitle() + ")");
        }
        String text = browser.findElement(By.tagName("body")).getText();
        if (text.contains("??")) {
            problems.add(name + ": untranslated text: " + text.substring(text.indexOf("??"),
                    Math.min(text.length(), text.indexOf("??") + 60)));
        }
        assertFalse(text.isBlank(), name + " is empty");
    }
}
