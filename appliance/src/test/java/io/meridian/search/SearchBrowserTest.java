package io.meridian.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.conversation.VisitorProfile;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The inbox's search in a real browser (headless Chromium running console.js). */
@Timeout(180)
class SearchBrowserTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    @TempDir
    Path profiles;

    /**
     * Verifies that an agent reaches the search box with "/", finds a conversation by its order number and another by
     * a word of a message, sees how many were found, and that a conversation arriving while the agent types a search
     * redraws the list without taking the words being typed.
     */
    @Test
    void agentFindsConversationsByOrderNumberAndWord() {
        Browsers.requireInstalled();
        try (SignedInNode node = SignedInNode.alone(dir, Map.of()); Browsers browsers = new Browsers(profiles)) {
            Await.result(node.node().createAgent("ana", "Ana", Role.AGENT, PASSWORD), "an agent");
            String order = newConversation(node, "Hello, my order ORD-31337 has not arrived");
            String kettle = newConversation(node, "The kettle I bought is broken");
            WebDriver browser = browsers.open("ana");
            browser.get(node.node().baseUrl() + "/console/login");
            browser.findElement(By.name("username")).sendKeys("ana");
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("form button[type=submit], form button:not([type])")).click();
            Browsers.waitUntil(browser, "the inbox, connected live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());

            new Actions(browser).sendKeys("/").perform();
            WebElement box = browser.switchTo().activeElement();
            assertEquals("q", box.getDomAttribute("name"), "'/' goes to the search box");
            box.sendKeys("ORD-31337", Keys.ENTER);
            Browsers.waitUntil(browser, "the conversation found by its order number",
                    d -> d.getCurrentUrl().contains("q=ORD-31337") && listed(d).equals(List.of(order)));
            assertEquals("1 conversation found", browser.findElement(By.cssSelector(".found")).getText());

            WebElement again = browser.findElement(By.cssSelector("input[data-search-box]"));
            again.clear();
            again.sendKeys("kettle", Keys.ENTER);
            Browsers.waitUntil(browser, "the conversation found by a word", d -> listed(d).equals(List.of(kettle)));

            WebElement typing = browser.findElement(By.cssSelector("input[data-search-box]"));
            typing.clear();
            typing.sendKeys("parc");
            String before = allCount(browser);
            newConversation(node, "Where is my parcel?");
            Browsers.waitUntil(browser, "the rail redrawn for the new conversation", d -> !allCount(d).equals(before));
            WebElement after = browser.findElement(By.cssSelector("input[data-search-box]"));
            assertEquals("parc", after.getDomProperty("value"), "the words being typed stay");
            assertEquals(after, browser.switchTo().activeElement(), "and so does the focus");
        }
    }

    private static String newConversation(SignedInNode node, String text) {
        var conversations = node.node().node().conversations();
        String contact = Await.result(conversations.identifyVisitor(null,
                new VisitorProfile("en-US", "America/New_York", null, null)), "visitor").contactId();
        return Await.result(node.node().node().hub().visitorSays(contact, UUID.randomUUID().toString(), text),
                "message").message().conversationId();
    }

    private static List<String> listed(WebDriver d) {
        return d.findElements(By.cssSelector("li.conversation[data-conversation-id]")).stream()
                .map(e -> e.getDomAttribute("data-conversation-id")).toList();
    }

    private static String allCount(WebDriver d) {
        return d.findElement(By.cssSelector(".views a[data-view=all] .view-count")).getText();
    }
}
