package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A visitor and an agent chatting through the real front ends, each in its own headless Chromium: the demo page with
 * the embedded widget, and the console. Every step waits for what a person would see; nothing is reloaded by hand
 * except where the visitor deliberately reloads.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrowserConversationTest {

    private static final String AGENT_PASSWORD = "correct horse battery staple 42";

    @TempDir
    Path dataDir;
    @TempDir
    Path uploads;

    @TempDir
    Path profiles;

    private Browsers browsers;
    private TestNode running;

    @BeforeEach
    void requireChromium() {
        Browsers.requireInstalled();
        browsers = new Browsers(profiles);
    }

    @AfterEach
    void tearDown() {
        try {
            if (browsers != null) {
                browsers.close();
            }
        } finally {
            if (running != null) {
                Await.result(running.stop(), "stopping the node");
            }
        }
    }

    /**
     * Verifies that a visitor's widget message appears live in the agent's inbox, the agent can open it and reply,
     * the reply appears live in the widget, a file the agent attaches reaches the widget as a link that downloads it,
     * the visitor's history (with the file) is back after a page reload, and closing the
     * conversation takes it off the inbox and tells the visitor.
     */
    @Test
    void visitorAndAgentChatLive(Vertx vertx) throws Exception {
        running = Await.result(TestNode.start(vertx, dataDir), "starting the node");
        Await.result(running.createAgent("alice", "Alice Agent", Role.AGENT, AGENT_PASSWORD), "creating the agent");
        String base = running.baseUrl();
        String hello = "Hello from the widget " + UUID.randomUUID();
        String answer = "Hello from the console " + UUID.randomUUID();

        WebDriver agent = browsers.open("agent");
        agent.get(base + "/console/login");
        agent.findElement(By.name("username")).sendKeys("alice");
        WebElement password = agent.findElement(By.name("password"));
        password.sendKeys(AGENT_PASSWORD);
        password.findElement(By.xpath("./ancestor::form//button[not(@type) or @type='submit']"
                + " | ./ancestor::form//input[@type='submit']")).click();
        Browsers.waitUntil(agent, "the inbox, connected live",
                d -> d.findElements(By.cssSelector("body.live [data-live=inbox]")).size() == 1);

        WebDriver visitor = browsers.open("visitor");
        visitor.get(base + "/widget/demo");
        Browsers.waitUntil(visitor, "the widget's launcher", d -> widget(d).findElement(By.cssSelector(".launcher")).isDisplayed());
        widget(visitor).findElement(By.cssSelector(".launcher")).click();
        Browsers.waitUntil(visitor, "the widget online",
                d -> "Online".equals(widget(d).findElement(By.cssSelector(".status")).getText()));
        widget(visitor).findElement(By.cssSelector("textarea.input")).sendKeys(hello);
        widget(visitor).findElement(By.cssSelector("button.send")).click();
        Browsers.waitUntil(visitor, "the visitor's message acknowledged", d -> visitorMessages(d).equals(List.of("mine: " + hello))
                && widget(d).findElements(By.cssSelector("li.message.pending")).isEmpty());

        // Found and followed in one step: a live refresh of the list may replace the element at any moment.
        String conversationId = Browsers.waitUntil(agent, "the new conversation in the inbox, without a reload", d -> {
            WebElement item = d.findElement(By.cssSelector("li.conversation[data-conversation-id]"));
            String id = item.getDomAttribute("data-conversation-id");
            item.findElement(By.tagName("a")).click();
            return id;
        });
        Browsers.waitUntil(agent, "the conversation page with the visitor's message, connected live",
                d -> d.getCurrentUrl().endsWith("/console/conversations/" + conversationId)
                        && consoleMessages(d).equals(List.of(hello))
                        && !d.findElements(By.cssSelector("body.live")).isEmpty());

        agent.findElement(By.cssSelector("#reply textarea[name=text]")).sendKeys(answer);
        agent.findElement(By.cssSelector("#reply [type=submit]")).click();
        Browsers.waitUntil(agent, "the reply in the agent's view", d -> consoleMessages(d).equals(List.of(hello, answer)));
        Browsers.waitUntil(visitor, "the reply in the widget, live",
                d -> visitorMessages(d).equals(List.of("mine: " + hello, "theirs: " + answer)));

        // A file from the agent: chosen in the reply form, shown in the widget as a link that downloads it.
        Path file = uploads.resolve("return-label.txt");
        String content = "Return label for order A-10492\n";
        Files.writeString(file, content, StandardCharsets.UTF_8);
        agent.findElement(By.cssSelector("#reply textarea[name=text]")).sendKeys("The label is attached");
        agent.findElement(By.id("reply-files")).sendKeys(file.toString());
        agent.findElement(By.cssSelector("#reply [type=submit]")).click();
        WebElement link = Browsers.waitUntil(visitor, "the agent's file in the widget, live", d -> {
            List<WebElement> links = widget(d).findElements(By.cssSelector("li.message .files a"));
            return links.isEmpty() ? null : links.get(0);
        });
        assertEquals(file.getFileName().toString(), link.getText());
        Object downloaded = ((JavascriptExecutor) visitor).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(function (r) { return r.text(); }).then(done, function (e) { done('failed: ' + e); });",
                link.getDomProperty("href"));
        assertEquals(content, downloaded, "the link downloads the file the agent sent");

        visitor.navigate().refresh();
        Browsers.waitUntil(visitor, "the history back after a reload, with the file",
                d -> visitorMessages(d).equals(List.of("mine: " + hello, "theirs: " + answer,
                        "theirs: The label is attached"))
                        && widget(d).findElements(By.cssSelector("li.message .files a")).size() == 1);

        agent.findElement(By.cssSelector(".close-form [type=submit]")).click();
        // The form redirects to the inbox; the page's own live event may reload it first. Either way it shows closed.
        Browsers.waitUntil(agent, "the agent sees the conversation closed", d -> d.getCurrentUrl().endsWith("/console")
                ? d.findElements(By.cssSelector("li.conversation[data-conversation-id='" + conversationId + "']")).isEmpty()
                : !d.findElements(By.cssSelector(".conversation-head .status-closed")).isEmpty());
        Browsers.waitUntil(visitor, "the visitor told that the conversation is closed",
                d -> "Conversation closed".equals(widget(d).findElement(By.cssSelector(".status")).getText()));
        assertEquals(List.of("mine: " + hello, "theirs: " + answer, "theirs: The label is attached"),
                visitorMessages(visitor), "closing keeps the visitor's history on screen");
        agent.get(base + "/console");
        assertTrue(agent.findElements(By.cssSelector("li.conversation")).isEmpty(), "no open conversation is left");
    }

    /** The widget's shadow root: its own DOM, unreachable by plain CSS selectors on the page. */
    private static SearchContext widget(WebDriver driver) {
        return driver.findElement(By.cssSelector("div[data-meridian-widget]")).getShadowRoot();
    }

    /** The widget's messages as "mine: text" / "theirs: text", in screen order. */
    private static List<String> visitorMessages(WebDriver driver) {
        return widget(driver).findElements(By.cssSelector("ol.messages li.message")).stream()
                .map(li -> (li.getDomAttribute("class").contains("mine") ? "mine: " : "theirs: ")
                        + li.findElement(By.cssSelector(".text")).getText())
                .toList();
    }

    /** The texts of the open conversation's messages in the console, in screen order. */
    private static List<String> consoleMessages(WebDriver driver) {
        return driver.findElements(By.cssSelector("#messages li.message .text")).stream().map(WebElement::getText).toList();
    }
}
