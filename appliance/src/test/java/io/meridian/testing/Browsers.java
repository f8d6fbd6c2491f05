package io.meridian.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium windows for browser tests, each with its own profile (no shared cookies or storage) and an
 * explicit browser language, so what a page shows does not depend on the machine's locale. Closing quits them all.
 */
public final class Browsers implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profiles;
    private final List<WebDriver> drivers = new ArrayList<>();

    public Browsers(Path profiles) {
        this.profiles = profiles;
    }

    /** Fails under CI (where .ci/run installs them) and skips elsewhere when chromium or its driver is missing. */
    public static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            fail("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        }
        assumeTrue(installed, "install chromium chromium-driver");
    }

    /** A window whose browser speaks US English. */
    public WebDriver open(String who) {
        return open(who, "en-US,en");
    }

    /**
     * A window whose {@code navigator.languages} and {@code Accept-Language} are {@code languages}, e.g.
     * {@code "ja,en-US;q=0.8"}.
     */
    public WebDriver open(String who, String languages) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profiles.resolve(who),
                "--lang=" + languages.split(",")[0]);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages.replaceAll(";q=[0-9.]+", "")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    /** Waits up to {@link #WAIT} for what a person would see, naming it and the page when it does not come. */
    public static <T> T waitUntil(WebDriver driver, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> what + " (at " + driver.getCurrentUrl() + ")")
                .until(condition);
    }

    /** Quits one window's browser now (a test that opens many in turn keeps memory bounded). */
    public void close(WebDriver driver) {
        if (drivers.remove(driver)) {
            driver.quit();
        }
    }

    @Override
    public void close() {
        drivers.forEach(WebDriver::quit);
        drivers.clear();
    }
}
