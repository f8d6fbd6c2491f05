package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.testing.Browsers;
import io.meridian.testing.SignedInNode;
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
 * The widget's pre-chat form in headless Chromium, in English and Japanese (screenshots under target/screenshots/):
 * name, e-mail and phone number asked before the first message, and the agent's panel showing the address and number
 * masked.
 */
@Timeout(180)
class PreChatBrowserTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private SignedInNode desk;

    @AfterEach
    void tearDown() {
        if (desk != null) {
            desk.close();
        }
    }

    /** Verifies the form's fields in each language, the answers sent, and the masked phone number in the panel. */
    @Test
    void theVisitorGivesNameAddressAndNumber() throws Exception {
        Browsers.requireInstalled();
        desk = SignedInNode.alone(dir, Map.of("MERIDIAN_WIDGET_PRE_CHAT_FORM", "required"));
        AgentSession ana = desk.agent("ana", "Ana", Role.AGENT, PASSWORD);
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Map<String, String> phoneLabel = Map.of("en", "Phone (optional)", "ja", "電話番号（任意）");
        try (Browsers browsers = new Browsers(Files.createDirectories(dir.resolve("profiles")))) {
            for (String languages : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = languages.substring(0, 2);
                WebDriver visitor = browsers.open("visitor-" + tag, languages);
                visitor.manage().window().setSize(new Dimension(1366, 768));
                visitor.get(desk.node().baseUrl() + "/widget/demo");
                Browsers.waitUntil(visitor, "the launcher", d -> widget(d).findElement(By.cssSelector(".launcher"))
                        .isDisplayed());
                widget(visitor).findElement(By.cssSelector(".launcher")).click();
                Browsers.waitUntil(visitor, "the pre-chat form", d -> widget(d).findElement(
                        By.cssSelector("form.prechat")).isDisplayed());
                var phone = widget(visitor).findElement(By.cssSelector("input.prechat-phone"));
                assertEquals(phoneLabel.get(tag), phone.getDomAttribute("placeholder"));
                widget(visitor).findElement(By.cssSelector("input.prechat-name")).sendKeys("Kim " + tag);
                widget(visitor).findElement(By.cssSelector("input.prechat-email"))
                        .sendKeys("kim." + tag + "@example.com");
                phone.sendKeys("+81 90 1234 56" + (tag.equals("en") ? "01" : "02"));
                shoot(visitor, shots.resolve("widget-prechat-" + tag + ".png"));
                widget(visitor).findElement(By.cssSelector(".prechat-start")).click();
                Browsers.waitUntil(visitor, "the message box", d -> widget(d).findElement(
                        By.cssSelector("form.composer")).isDisplayed());
                String hello = "Pre-chat test " + tag;
                widget(visitor).findElement(By.cssSelector("textarea.input")).sendKeys(hello);
                widget(visitor).findElement(By.cssSelector("button.send")).click();
                Browsers.waitUntil(visitor, "the message acknowledged", d -> !widget(d).findElements(
                        By.cssSelector("li.message.mine")).isEmpty() && widget(d).findElements(
                        By.cssSelector("li.message.pending")).isEmpty());
                browsers.close(visitor);

                String id = ana.conversations("").stream().filter(c -> hello.equals(c.getString("lastMessagePreview")))
                        .findFirst().orElseThrow().getString("id");
                String page = ana.get("/console/conversations/" + id).bodyAsString();
                String last = tag.equals("en") ? "01" : "02";
                assertTrue(page.contains("Kim " + tag) && page.contains("k\u2022\u2022\u2022@example.com")
                        && page.contains("+81 \u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022" + last), page);
            }
        }
    }

    private static void shoot(WebDriver driver, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static SearchContext widget(WebDriver driver) {
        return driver.findElement(By.cssSelector("div[data-meridian-widget]")).getShadowRoot();
    }
}
