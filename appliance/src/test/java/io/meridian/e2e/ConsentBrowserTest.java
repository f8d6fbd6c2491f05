package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Consent in the real widget and console, in headless Chromium, in English and Japanese (screenshots under
 * target/screenshots/): the widget shows the region's text with the privacy notice and no message box until the
 * visitor agrees; after "I agree" the visitor chats, and can withdraw from the widget; the contact page lists both.
 */
@Timeout(180)
class ConsentBrowserTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Path TEMPLATES = Path.of("..", "conf", "templates").toAbsolutePath();

    @TempDir
    Path dir;
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /** Verifies the widget's consent box, agreeing, chatting, withdrawing, and the contact page, in en and ja. */
    @Test
    void theVisitorAgreesChatsAndWithdrawsInTheirLanguage() throws Exception {
        Browsers.requireInstalled();
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_NODE_REGION", "eu", "MERIDIAN_CONSENT_REGIONS", "eu",
                "MERIDIAN_CONSENT_PRIVACY_NOTICE_URL", "https://www.example.com/privacy",
                "MERIDIAN_ROUTING_TEMPLATES_DIR", TEMPLATES.toString()));
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        String base = desk.node().baseUrl();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Map<String, List<String>> words = Map.of("en", List.of("I agree", "Withdraw my consent",
                "Your consent is withdrawn. Agree again to go on chatting.", "Consent", "by the customer"),
                "ja", List.of("同意する", "同意を撤回する", "同意を撤回しました。チャットを続けるには、もう一度同意してください。", "同意",
                        "お客様による"));
        try (Browsers browsers = new Browsers(Files.createDirectories(dir.resolve("profiles")))) {
            for (String languages : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = languages.substring(0, 2);
                List<String> expected = words.get(tag);
                WebDriver visitor = browsers.open("visitor-" + tag, languages);
                visitor.manage().window().setSize(new Dimension(1366, 768));
                visitor.get(base + "/widget/demo");
                Browsers.waitUntil(visitor, "the launcher", d -> widget(d).findElement(By.cssSelector(".launcher"))
                        .isDisplayed());
                widget(visitor).findElement(By.cssSelector(".launcher")).click();
                Browsers.waitUntil(visitor, "the consent text", d -> widget(d).findElement(By.cssSelector(".consent"))
                        .isDisplayed());
                assertEquals(text(tag), widget(visitor).findElement(By.cssSelector(".consent-text")).getText());
                assertEquals("https://www.example.com/privacy", widget(visitor)
                        .findElement(By.cssSelector("a.consent-notice")).getDomAttribute("href"));
                assertTrue(!widget(visitor).findElement(By.cssSelector("form.composer")).isDisplayed(),
                        "no message box before the visitor agrees");
                shoot(visitor, shots.resolve("widget-consent-" + tag + ".png"));

                var agree = widget(visitor).findElement(By.cssSelector(".consent-agree"));
                assertEquals(expected.get(0), agree.getText());
                agree.click();
                Browsers.waitUntil(visitor, "the message box", d -> widget(d).findElement(
                        By.cssSelector("form.composer")).isDisplayed());
                String hello = "Consent test " + tag;
                widget(visitor).findElement(By.cssSelector("textarea.input")).sendKeys(hello);
                widget(visitor).findElement(By.cssSelector("button.send")).click();
                Browsers.waitUntil(visitor, "the message acknowledged", d -> !widget(d).findElements(
                        By.cssSelector("li.message.mine")).isEmpty() && widget(d).findElements(
                        By.cssSelector("li.message.pending")).isEmpty());
                var withdraw = widget(visitor).findElement(By.cssSelector(".consent-withdraw"));
                assertEquals(expected.get(1), withdraw.getText());
                shoot(visitor, shots.resolve("widget-consented-" + tag + ".png"));
                withdraw.click();
                Browsers.waitUntil(visitor, "asked again", d -> widget(d).findElement(By.cssSelector(".consent"))
                        .isDisplayed() && expected.get(2).equals(widget(d).findElement(By.cssSelector(".status"))
                        .getText()));
                shoot(visitor, shots.resolve("widget-consent-withdrawn-" + tag + ".png"));
                browsers.close(visitor);

                String contactId = ana.conversations("").stream().filter(c -> hello.equals(
                        c.getString("lastMessagePreview"))).findFirst().orElseThrow().getString("contactId");
                WebDriver console = browsers.open("agent-" + tag, languages);
                console.manage().window().setSize(new Dimension(1366, 768));
                console.get(base + "/console/login");
                console.findElement(By.name("username")).sendKeys("ana");
                console.findElement(By.name("password")).sendKeys(PASSWORD);
                console.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                Browsers.waitUntil(console, "signed in", d -> !d.findElements(By.cssSelector("form.logout"))
                        .isEmpty());
                console.get(base + "/console/contacts/" + contactId + "#consent");
                String section = console.findElement(By.cssSelector("table.consents")).getText();
                assertTrue(console.findElement(By.id("consent")).getText().equals(expected.get(3))
                        && section.contains(expected.get(4)), section);
                shoot(console, shots.resolve("contact-consent-" + tag + ".png"));
                long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) console).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(overflow <= 1, "the page is " + overflow + " px wider than the window");
                browsers.close(console);
            }
        }
    }

    private static String text(String language) throws Exception {
        return Files.readAllLines(TEMPLATES.resolve(language).resolve("consent.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("##")).reduce((a, b) -> a + "\n" + b).orElseThrow().strip();
    }

    private static void shoot(WebDriver driver, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The widget's shadow root: its own DOM, unreachable by plain CSS selectors on the page. */
    private static SearchContext widget(WebDriver driver) {
        return driver.findElement(By.cssSelector("div[data-meridian-widget]")).getShadowRoot();
    }
}
