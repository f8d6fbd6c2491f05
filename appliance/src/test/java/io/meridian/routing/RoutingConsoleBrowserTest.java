package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.conversation.ChatHub;
import io.meridian.conversation.InboxEvent;
import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The routing console in a real browser (headless Chromium running console.js): the routing page redraws queues and
 * presence live over the console's WebSocket without a reload, and an agent moving between console pages stays online
 * (every page keeps the live connection, and the grace period covers the moment between two pages), going away only
 * after leaving the console.
 */
@Timeout(240)
class RoutingConsoleBrowserTest {

    /** Shorter than the default, so the test can outlast it; page changes still take well under it. */
    private static final int GRACE_SECONDS = 6;
    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: alice, teams: [desk], languages: [en], max-conversations: 1}
              - {username: bob, teams: [desk], languages: [en], max-conversations: 1}
            """;

    @TempDir
    Path dir;
    @TempDir
    Path profiles;
    private Vertx vertx;
    private WebClient web;
    private TestNode node;
    private Browsers browsers;
    private MessageConsumer<InboxEvent> events;
    private final List<JsonObject> presenceEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Browsers.requireInstalled();
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        browsers = new Browsers(profiles);
        Files.createDirectories(dir.resolve("conf/calendars"));
        Files.writeString(dir.resolve("conf/routing.yaml"), SETUP, StandardCharsets.UTF_8);
        node = Await.result(TestNode.start(vertx, dir.resolve("node"), Map.of(
                "MERIDIAN_ROUTING_FILE", dir.resolve("conf/routing.yaml").toString(),
                "MERIDIAN_ROUTING_CALENDARS_DIR", dir.resolve("conf/calendars").toString(),
                "MERIDIAN_ROUTING_PRESENCE_AWAY_AFTER_SECONDS", String.valueOf(GRACE_SECONDS))), "starting the node");
        events = vertx.eventBus().<InboxEvent>consumer(ChatHub.INBOX_ADDRESS, m -> {
            JsonObject frame = m.body().inboxFrame();
            if ("agent.presence".equals(frame.getString("type"))) {
                presenceEvents.add(frame);
            }
        });
    }

    @AfterEach
    void tearDown() {
        try {
            if (browsers != null) {
                browsers.close();
            }
        } finally {
            if (events != null) {
                Await.result(events.unregister(), "unregistering");
            }
            if (node != null) {
                Await.result(node.stop(), "stopping the node");
            }
            if (web != null) {
                web.close();
            }
            if (vertx != null) {
                Await.result(vertx.close(), "closing vert.x");
            }
        }
    }

    /**
     * Verifies that the routing page shows a colleague coming online and a conversation starting to wait without a
     * reload; that moving through other console pages (password, settings) and back never makes the agent away, each
     * page holding the live connection longer than the grace period; and that leaving the console does, after it.
     */
    @Test
    void boardIsLiveAndPresenceSurvivesPageChanges() throws InterruptedException {
        SignedInAgent alice = Await.result(node.createAgent("alice", "Alice", Role.AGENT, RoutingFixture.PASSWORD), "alice");
        Await.result(node.createAgent("bob", "Bob", Role.AGENT, RoutingFixture.PASSWORD), "bob");
        String base = node.baseUrl();
        WebDriver browser = browsers.open("alice");
        browser.get(base + "/console/login");
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys(RoutingFixture.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit], form button:not([type])")).click();
        Browsers.waitUntil(browser, "the inbox, connected live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());
        browser.get(base + "/console/routing");
        Browsers.waitUntil(browser, "the routing page, connected live",
                d -> !d.findElements(By.cssSelector("body.live [data-live=routing]")).isEmpty());
        Await.until(() -> presence(alice) == Presence.ONLINE, "Alice online through her console");
        ((JavascriptExecutor) browser).executeScript("window.samePage = true;");

        AgentSession bob = AgentSession.open(vertx, web, node.port(), "bob", RoutingFixture.PASSWORD);
        Await.result(bob.request(HttpMethod.PUT, "/api/v1/routing/presence").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("presence", "online").encode())), "Bob online");
        Browsers.waitUntil(browser, "Bob shown online, live", d -> !d.findElements(
                By.cssSelector("tr[data-agent-id][data-presence=online] .username")).stream()
                .filter(u -> u.getText().equals("@bob")).toList().isEmpty());
        for (int i = 0; i < 3; i++) {
            newConversation("Hello, question number " + i);
        }
        Browsers.waitUntil(browser, "the third conversation shown waiting in Desk, live",
                d -> d.findElement(By.cssSelector("tr[data-team-id=desk] td.waiting")).getText().equals("1"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.samePage === true;"),
                "the page was redrawn in place, not reloaded");

        presenceEvents.clear();
        for (String page : List.of("/console/password", "/console/settings", "/console/routing")) {
            browser.findElement(By.cssSelector("header nav a[href='" + page + "']")).click();
            Browsers.waitUntil(browser, page + ", connected live",
                    d -> d.getCurrentUrl().endsWith(page) && !d.findElements(By.cssSelector("body.live")).isEmpty());
            // The new page's live connection ends the grace period the old page's closing started: no countdown is
            // left that could change Alice's presence later.
            Await.until(() -> !node.node().routing().awaitingReconnection(alice.id()), "no grace period running on " + page);
            assertEquals(Presence.ONLINE, presence(alice), "still online on " + page);
        }
        assertEquals(List.of(), alicesPresenceChanges(alice), "moving between console pages changed nothing");

        browser.get("about:blank");
        Await.until(() -> presence(alice) == Presence.AWAY, "Alice away after leaving the console and the grace period");
        // The state changes first; the consoles hear of it through the event bus just after.
        Await.until(() -> !alicesPresenceChanges(alice).isEmpty(), "the consoles told that Alice is away");
        assertEquals(List.of("away"), alicesPresenceChanges(alice).stream().map(e -> e.getString("presence")).toList());
    }

    /**
     * Verifies that the inbox's rail counts follow routing without a reload: a conversation handed to Alice shows
     * under "Mine", the next one (she has room for one) under "Waiting in my teams" and in the team's count; and that
     * choosing a view lists only its conversations.
     */
    @Test
    void inboxViewsCountLive() {
        SignedInAgent alice = Await.result(node.createAgent("alice", "Alice", Role.AGENT, RoutingFixture.PASSWORD), "alice");
        WebDriver browser = browsers.open("alice");
        browser.get(node.baseUrl() + "/console/login");
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys(RoutingFixture.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit], form button:not([type])")).click();
        Browsers.waitUntil(browser, "the inbox, connected live", d -> !d.findElements(By.cssSelector("body.live")).isEmpty());
        Await.until(() -> presence(alice) == Presence.ONLINE, "Alice online through her console");
        assertEquals("0", viewCount(browser, "mine"));
        ((JavascriptExecutor) browser).executeScript("window.samePage = true;");

        String first = newConversation("Hello, where is my parcel?");
        Browsers.waitUntil(browser, "the first conversation counted as Alice's, live",
                d -> "1".equals(viewCount(d, "mine")) && "0".equals(viewCount(d, "waiting")));
        String second = newConversation("Hello, I need an invoice");
        Browsers.waitUntil(browser, "the second conversation counted as waiting in Desk, live",
                d -> "1".equals(viewCount(d, "waiting")) && "2".equals(viewCount(d, "team:desk"))
                        && "2".equals(viewCount(d, "all")));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.samePage === true;"),
                "the rail was redrawn in place, not reloaded");

        browser.findElement(By.cssSelector(".views a[data-view=mine]")).click();
        Browsers.waitUntil(browser, "only Alice's conversation under Mine", d -> d.getCurrentUrl().endsWith("?view=mine")
                && listed(d).equals(List.of(first)));
        browser.findElement(By.cssSelector(".views a[data-view=waiting]")).click();
        Browsers.waitUntil(browser, "only the waiting one under Waiting", d -> listed(d).equals(List.of(second)));

        // Keyboard: j moves to the first conversation, Enter opens it, r goes to the reply box.
        new org.openqa.selenium.interactions.Actions(browser).sendKeys("j").sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        Browsers.waitUntil(browser, "the conversation opened from the keyboard",
                d -> d.getCurrentUrl().endsWith("/console/conversations/" + second));
        new org.openqa.selenium.interactions.Actions(browser).sendKeys("r").perform();
        assertEquals("reply-text", browser.switchTo().activeElement().getDomAttribute("id"));
    }

    private static String viewCount(WebDriver d, String view) {
        List<WebElement> count = d.findElements(By.cssSelector(".views a[data-view='" + view + "'] .view-count"));
        return count.isEmpty() ? null : count.get(0).getText();
    }

    private static List<String> listed(WebDriver d) {
        return d.findElements(By.cssSelector("li.conversation[data-conversation-id]")).stream()
                .map(e -> e.getDomAttribute("data-conversation-id")).toList();
    }

    private List<JsonObject> alicesPresenceChanges(SignedInAgent alice) {
        return presenceEvents.stream().filter(e -> alice.id().equals(e.getString("agentId"))).toList();
    }

    private Presence presence(SignedInAgent agent) {
        return node.node().routing().engine().presenceOf(agent.id());
    }

    private String newConversation(String text) {
        String contact = Await.result(node.node().conversations().identifyVisitor(null,
                new VisitorProfile("en-US", "America/New_York", null, null)), "visitor").contactId();
        String id = Await.result(node.node().conversations().appendVisitorMessage(contact, UUID.randomUUID().toString(),
                text), "message").message().conversationId();
        Await.result(node.node().routing().route(id, text), "routing");
        return id;
    }
}
