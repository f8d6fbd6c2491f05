package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import io.meridian.routing.AgentMentioned;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The widget and the console in a real headless Chromium whose browser language is set: the widget's fixed texts
 * follow navigator.languages, the console follows Accept-Language and then the agent's own settings, live messages
 * included.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LanguageBrowserTest {

    private static final String PASSWORD = "correct horse battery staple 43";

    @TempDir
    Path dataDir;

    @TempDir
    Path profiles;

    private Browsers browsers;
    private Vertx vertx;
    private TestNode node;

    @BeforeEach
    void start() {
        Browsers.requireInstalled();
        browsers = new Browsers(profiles);
        vertx = Vertx.vertx();
        node = Await.result(TestNode.start(vertx, dataDir), "starting the node");
    }

    @AfterEach
    void stop() {
        try {
            if (browsers != null) {
                browsers.close();
            }
        } finally {
            if (node != null) {
                Await.result(node.stop(), "stopping the node");
            }
            if (vertx != null) {
                Await.result(vertx.close(), "closing Vert.x");
            }
        }
    }

    /** Verifies that the widget speaks the visitor's browser language, and English when it knows none of them. */
    @Test
    void widgetTextsFollowTheBrowsersLanguages() {
        WebDriver japanese = browsers.open("ja-visitor", "ja,en-US;q=0.8");
        japanese.get(node.baseUrl() + "/widget/demo");
        Browsers.waitUntil(japanese, "the launcher in Japanese",
                d -> "チャットで問い合わせる".equals(widget(d).findElement(By.cssSelector(".launcher")).getText()));
        widget(japanese).findElement(By.cssSelector(".launcher")).click();
        Browsers.waitUntil(japanese, "online, in Japanese",
                d -> "オンライン".equals(widget(d).findElement(By.cssSelector(".status")).getText()));
        WebElement input = widget(japanese).findElement(By.cssSelector("textarea.input"));
        assertEquals("メッセージを入力…", input.getDomProperty("placeholder"));
        assertEquals("送信", widget(japanese).findElement(By.cssSelector("button.send")).getText());
        assertEquals("ja", japanese.findElement(By.cssSelector("div[data-meridian-widget]")).getDomAttribute("lang"));

        WebDriver taiwanese = browsers.open("tw-visitor", "zh-TW,zh;q=0.9");
        taiwanese.get(node.baseUrl() + "/widget/demo");
        Browsers.waitUntil(taiwanese, "the launcher in Traditional Chinese",
                d -> "線上諮詢".equals(widget(d).findElement(By.cssSelector(".launcher")).getText()));

        WebDriver portuguese = browsers.open("pt-visitor", "pt-BR,pt;q=0.9");
        portuguese.get(node.baseUrl() + "/widget/demo");
        Browsers.waitUntil(portuguese, "the launcher in English, the fallback",
                d -> "Chat with us".equals(widget(d).findElement(By.cssSelector(".launcher")).getText()));
    }

    /**
     * Verifies that an Arabic visitor gets the widget in Arabic laid out right to left: on the page's left edge, its
     * own message mirrored to the panel's left, and that the minimise button hides the panel and
     * gives the focus back to the launcher.
     */
    @Test
    void arabicWidgetRunsRightToLeft() {
        WebDriver arabic = browsers.open("ar-visitor", "ar-EG,ar;q=0.9");
        arabic.get(node.baseUrl() + "/widget/demo");
        Browsers.waitUntil(arabic, "the launcher in Arabic",
                d -> "تحدث معنا".equals(widget(d).findElement(By.cssSelector(".launcher")).getText()));
        WebElement host = arabic.findElement(By.cssSelector("div[data-meridian-widget]"));
        assertEquals("rtl", host.getDomAttribute("dir"));
        assertEquals("ar", host.getDomAttribute("lang"));
        widget(arabic).findElement(By.cssSelector(".launcher")).click();
        Browsers.waitUntil(arabic, "connected, in Arabic",
                d -> "متصل".equals(widget(d).findElement(By.cssSelector(".status")).getText()));
        WebElement panel = widget(arabic).findElement(By.cssSelector(".panel"));
        long width = (Long) ((JavascriptExecutor) arabic).executeScript("return window.innerWidth;");
        assertTrue(panel.getRect().getX() < width / 2, "the panel sits on the left: " + panel.getRect());
        assertEquals("rtl", panel.getCssValue("direction"));

        widget(arabic).findElement(By.cssSelector("textarea.input")).sendKeys("مرحبا، لم يصل طلبي بعد");
        widget(arabic).findElement(By.cssSelector("button.send")).click();
        Browsers.waitUntil(arabic, "the message acknowledged",
                d -> !widget(d).findElements(By.cssSelector("li.message.mine:not(.pending)")).isEmpty());
        WebElement mine = widget(arabic).findElement(By.cssSelector("li.message.mine"));
        assertTrue(mine.getRect().getX() - panel.getRect().getX() < panel.getRect().getWidth() / 4,
                "the visitor's own message sits on the left, mirrored: " + mine.getRect());

        WebElement minimise = widget(arabic).findElement(By.cssSelector("button.minimise"));
        assertEquals("تصغير الدردشة", minimise.getDomAttribute("aria-label"));
        minimise.click();
        Browsers.waitUntil(arabic, "the panel hidden", d -> !widget(d).findElement(By.cssSelector(".panel")).isDisplayed());
        assertEquals("false", widget(arabic).findElement(By.cssSelector(".launcher")).getDomAttribute("aria-expanded"));
    }

    /**
     * Verifies that the console first follows the browser (German), then the agent's choice on the settings page
     * (Korean, Seoul time), including a message that arrives live and is added by the page's script.
     */
    @Test
    void consoleFollowsTheBrowserThenTheAgentsSettings() {
        Await.result(node.createAgent("minji", "Minji Park", Role.AGENT, PASSWORD), "an agent");
        WebDriver agent = browsers.open("agent", "de-DE,de;q=0.9");
        agent.get(node.baseUrl() + "/console/login");
        assertEquals("de", agent.findElement(By.tagName("html")).getDomAttribute("lang"));
        agent.findElement(By.name("username")).sendKeys("minji");
        agent.findElement(By.name("password")).sendKeys(PASSWORD);
        agent.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        Browsers.waitUntil(agent, "the inbox in German",
                d -> d.findElement(By.cssSelector("section.inbox h1")).getText().equals("Offene Unterhaltungen"));

        agent.get(node.baseUrl() + "/console/settings");
        new Select(agent.findElement(By.id("settings-language"))).selectByValue("ko");
        new Select(agent.findElement(By.id("settings-time-zone"))).selectByValue("Asia/Seoul");
        agent.findElement(By.cssSelector("section.settings button[type=submit]")).click();
        Browsers.waitUntil(agent, "the settings saved, in Korean",
                d -> d.findElement(By.cssSelector("p.notice-ok")).getText().equals("설정을 저장했습니다."));

        var visitor = Await.result(node.node().conversations().identifyVisitor(null,
                new io.meridian.conversation.VisitorProfile("en-GB", "Europe/London", null, null)), "a visitor");
        var hub = node.node().hub();
        var first = Await.result(hub.visitorSays(visitor.contactId(), "c-1", "Hello, is anyone there?"), "first");
        agent.get(node.baseUrl() + "/console/conversations/" + first.message().conversationId());
        Browsers.waitUntil(agent, "the conversation, live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());
        assertEquals("ko", agent.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertEquals("상담 종료", agent.findElement(By.cssSelector(".close-form button")).getText());
        String serverTime = agent.findElement(By.cssSelector("#messages li.message time")).getText();
        assertEquals(Messages.of(ConsoleLanguage.KO, java.time.ZoneId.of("Asia/Seoul"))
                .dateTime(first.message().createdAt()), serverTime, "rendered in Seoul time");

        Await.result(hub.visitorSays(visitor.contactId(), "c-2", "My order has not arrived"), "second");
        WebElement live = Browsers.waitUntil(agent, "the second message added live", d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#messages li.message"));
            return items.size() == 2 ? items.get(1) : null;
        });
        assertEquals("방문자", live.findElement(By.cssSelector(".author")).getText(), "the script's label, translated");
        String liveTime = live.findElement(By.cssSelector("time")).getText();
        assertFalse(liveTime.isBlank() || liveTime.contains("T") && liveTime.contains("Z"), "formatted: " + liveTime);
        assertTrue(liveTime.matches(".*\\d{4}.*"), "a date in Korean style: " + liveTime);
        assertTrue(Instant.now().isAfter(first.message().createdAt()));
    }

    /**
     * Verifies the check before a reply goes: an agent whose console is German who writes in English is told, in
     * German, that the reply looks English and will be translated from English; nothing is sent until Send is pressed
     * again, and then the reply is sent as written.
     */
    @Test
    void replyInAnotherLanguageIsPointedOutBeforeSending() {
        Await.result(node.createAgent("jonas", "Jonas Weber", Role.AGENT, PASSWORD), "an agent");
        Await.result(((LanguageDetection) node.node().languageDetector()).settled(), "the language models loaded");
        var visitor = Await.result(node.node().conversations().identifyVisitor(null,
                new io.meridian.conversation.VisitorProfile("es-ES", "Europe/Madrid", null, null)), "a visitor");
        var said = Await.result(node.node().hub().visitorSays(visitor.contactId(), "c-1",
                "Hola, mi pedido todavía no ha llegado"), "the visitor's message");
        WebDriver agent = browsers.open("jonas", "de-DE,de;q=0.9");
        agent.get(node.baseUrl() + "/console/login");
        agent.findElement(By.name("username")).sendKeys("jonas");
        agent.findElement(By.name("password")).sendKeys(PASSWORD);
        agent.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        agent.get(node.baseUrl() + "/console/conversations/" + said.message().conversationId());
        Browsers.waitUntil(agent, "the conversation, live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());

        String english = "Your parcel leaves our warehouse tomorrow morning, we will write to you then.";
        agent.findElement(By.cssSelector("#reply textarea[name=text]")).sendKeys(english);
        agent.findElement(By.cssSelector("#reply button[type=submit]")).click();
        WebElement warning = Browsers.waitUntil(agent, "the warning", d -> {
            WebElement w = d.findElement(By.cssSelector("#reply .language-warning"));
            return w.isDisplayed() ? w : null;
        });
        assertTrue(warning.getText().startsWith("Diese Antwort scheint Englisch zu sein, Ihre Einstellungen sagen aber "
                + "Deutsch."), warning.getText());
        assertEquals(1, agent.findElements(By.cssSelector("#messages li.message")).size(), "nothing sent yet");

        agent.findElement(By.cssSelector("#reply button[type=submit]")).click();
        Browsers.waitUntil(agent, "the reply sent as written", d -> d.findElements(By.cssSelector("#messages li.message .text"))
                .stream().anyMatch(t -> t.getText().equals(english)));
        assertFalse(agent.findElement(By.cssSelector("#reply .language-warning")).isDisplayed());
    }

    /**
     * Verifies that the notice the page script shows for an @mention is in the page's language (the words come from
     * the bundle through data attributes), with the colleague's name, or "a colleague" when the event has none, and
     * that text in the note is shown as text.
     */
    @Test
    void mentionNoticeIsInThePagesLanguage() {
        SignedInAgent lea = Await.result(node.createAgent("lea", "Léa Martin", Role.AGENT, PASSWORD), "an agent");
        WebDriver agent = browsers.open("mentioned", "fr-FR,fr;q=0.9");
        agent.get(node.baseUrl() + "/console/login");
        agent.findElement(By.name("username")).sendKeys("lea");
        agent.findElement(By.name("password")).sendKeys(PASSWORD);
        agent.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        Browsers.waitUntil(agent, "the inbox, live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());
        assertEquals("fr", agent.findElement(By.tagName("html")).getDomAttribute("lang"));

        var hub = node.node().hub();
        String conversationId = java.util.UUID.randomUUID().toString();
        hub.notifyAgent(lea.id(), new AgentMentioned(conversationId, null, "Jonas", "@lea peux-tu voir {1} <b>ça</b> ?",
                null));
        WebElement notice = Browsers.waitUntil(agent, "the mention notice",
                d -> d.findElements(By.cssSelector("#mentions .mention a")).stream().findFirst().orElse(null));
        assertEquals("Jonas vous a mentionné : @lea peux-tu voir {1} <b>ça</b> ?", notice.getText());
        assertTrue(notice.getDomAttribute("href").endsWith("/console/conversations/" + conversationId));

        hub.notifyAgent(lea.id(), new AgentMentioned(conversationId, null, null, "urgent", null));
        WebElement anonymous = Browsers.waitUntil(agent, "the second mention notice", d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#mentions .mention a"));
            return items.size() == 2 ? items.get(1) : null;
        });
        assertEquals("Un collègue vous a mentionné : urgent", anonymous.getText());
    }

    private static SearchContext widget(WebDriver driver) {
        return driver.findElement(By.cssSelector("div[data-meridian-widget]")).getShadowRoot();
    }
}
