package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.routing.RoutingService;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.Browsers;
import io.meridian.testing.ClusterNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Follow the sun across regions, on two clustered nodes on loopback that share one routing setup (Europe in eu,
 * Americas in us) and a clock set to a Monday evening in Europe, afternoon in New York: a German customer of eu
 * reaches an agent of us when eu's policy lets us read its conversations, and waits in eu, told why, when it does not.
 */
@Timeout(240)
class FollowTheSunAcrossRegionsTest {

    private static final String PASSWORD = "correct horse battery 6";
    /** Monday 2026-12-07, 21:00 in Berlin (Europe closed), 15:00 in New York (Americas open). */
    private static final Instant EVENING_IN_EUROPE = Instant.parse("2026-12-07T20:00:00Z");

    @TempDir
    Path dir;

    /**
     * Verifies that with {@code eu>us=allow} the conversation is offered to us and given to its free agent (eu's
     * conditional update; eu's timeline says offered and given; no off-hours reply reaches the customer), that the
     * agent is told live and answers, that her capacity on us counts it, and that eu's widget shows the desk open.
     */
    @Test
    void aConversationNoTeamOfItsRegionCanTakeGoesToARegionOpenNow() throws Exception {
        try (Desks desks = Desks.start(dir, "eu>us=allow")) {
            AgentSession.LiveFeed live = Await.result(desks.uma.live(), "uma's console, live");
            WidgetVisitor lena = WidgetVisitor.open(desks.eu(), desks.euNode.port());
            Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-DE")
                    .put("name", "Lena Vogel")), "hello");
            JsonObject welcome = lena.expect("welcome");
            assertTrue(welcome.encode().contains("\"open\":true"), "a region open now answers: " + welcome.encode());
            String conversationId = lena.say("Hallo, mein Paket ist seit einer Woche nicht angekommen.")
                    .getJsonObject("message").getString("conversationId");

            JsonObject given = live.expect("region.given", conversationId);
            assertEquals("eu", given.getString("region"));
            String umaId = desks.uma.agent().getString("id");
            assertEquals(Optional.of(umaId), Await.result(desks.euNode.node().routing().placement(conversationId),
                    "eu's routing").map(RoutingService.Placement::assignedAgentId), "given by eu's conditional update");
            String timeline = desks.ada.get("/api/v1/conversations/" + conversationId + "/routing").bodyAsString();
            assertTrue(timeline.contains("Every team here for language de is closed (Europe); region us is open for "
                    + "it now: offered there"), timeline);
            assertTrue(timeline.contains("Region us, open now, gave it to Uma."), timeline);
            Await.until(() -> desks.usNode.node().routing().engine().agentView(umaId).orElseThrow().active() == 1,
                    "the conversation counted against Uma's capacity on us");

            JsonObject mine = desks.uma.get("/api/v1/regions/eu/conversations/" + conversationId + "/messages")
                    .bodyAsJsonObject().getJsonObject("conversation");
            assertTrue(mine.getBoolean("takenByYou"), mine.encode());
            assertEquals(201, desks.uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "uma-1").put("text", "Ich sehe nach, einen Moment."))
                    .statusCode());
            lena.expect(f -> "message".equals(f.getString("type"))
                    && "Ich sehe nach, einen Moment.".equals(f.getJsonObject("message").getString("text")),
                    "the reply");
            assertFalse(lena.unclaimed().stream().anyMatch(f -> f.getJsonObject("message") != null
                    && "system".equals(f.getJsonObject("message").getString("author"))),
                    "no off-hours reply: a region open now answers; " + lena.unclaimed());
            Await.result(live.close(), "uma's console closing");
            noticeInChromium(desks);
        }
    }

    /**
     * Uma's console in Chromium, in English and Japanese (screenshots under target/screenshots/): a conversation
     * given to her shows a notice on the page she is on, which opens it on the Other regions page.
     */
    private void noticeInChromium(Desks desks) throws Exception {
        io.meridian.testing.Browsers.requireInstalled();
        Path shots = java.nio.file.Files.createDirectories(Path.of("target", "screenshots"));
        Map<String, String> notices = Map.of("en", "A conversation of region eu is yours now: open it",
                "ja", "リージョン eu の会話があなたに割り当てられました: 開く");
        try (var browsers = new io.meridian.testing.Browsers(java.nio.file.Files.createDirectories(
                dir.resolve("profiles")))) {
            for (String language : java.util.List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                var browser = browsers.open("given-" + tag, language);
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
                browser.get(desks.usNode.baseUrl() + "/console/login");
                browser.findElement(By.name("username")).sendKeys("uma");
                browser.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                Browsers.waitUntil(browser, "the inbox, connected live",
                        d -> !d.findElements(By.cssSelector("body.live form.logout")).isEmpty());
                WidgetVisitor visitor = WidgetVisitor.open(desks.eu(), desks.euNode.port());
                Await.result(visitor.send(new JsonObject().put("type", "hello").put("locale", "de-AT")), "hello");
                visitor.expect("welcome");
                String id = visitor.say("Guten Abend, eine Frage zu meiner Rechnung " + tag)
                        .getJsonObject("message").getString("conversationId");
                Browsers.waitUntil(browser, "the notice", d -> !d.findElements(By.cssSelector(
                        ".mentions a[href='/console/regions/eu/conversations/" + id + "']")).isEmpty());
                var link = browser.findElement(By.cssSelector(".mentions a"));
                assertEquals(notices.get(tag), link.getText());
                java.nio.file.Files.write(shots.resolve("follow-the-sun-" + tag + "-notice.png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
                link.click();
                Browsers.waitUntil(browser, "the conversation, answerable", d -> !d.findElements(
                        By.cssSelector("form.region-reply")).isEmpty() && d.findElement(By.tagName("main")).getText()
                        .contains("eine Frage zu meiner Rechnung " + tag));
                java.nio.file.Files.write(shots.resolve("follow-the-sun-" + tag + "-conversation.png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
                browsers.close(browser);
                Await.result(visitor.close(), "the visitor leaving");
            }
        }
    }

    /**
     * Verifies that under the default {@code deny} the conversation is not offered: it waits in Europe's queue, its
     * timeline says the open region may not read it, and the customer gets the off-hours reply.
     */
    @Test
    void underDenyTheConversationWaitsForATeamThatMayReadIt() throws Exception {
        try (Desks desks = Desks.start(dir, null)) {
            WidgetVisitor lena = WidgetVisitor.open(desks.eu(), desks.euNode.port());
            Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-DE")), "hello");
            lena.expect("welcome");
            String conversationId = lena.say("Hallo, mein Paket ist seit einer Woche nicht angekommen.")
                    .getJsonObject("message").getString("conversationId");
            lena.expect(f -> f.getJsonObject("message") != null
                    && "system".equals(f.getJsonObject("message").getString("author")), "the off-hours reply");
            String timeline = desks.ada.get("/api/v1/conversations/" + conversationId + "/routing").bodyAsString();
            assertTrue(timeline.contains("Region us is open for it but may not read this region"), timeline);
            // A sweep of eu (every 5 s) and one of us's count of what its agents have later: still waiting in eu.
            Thread.sleep(6_000);
            assertEquals(Optional.empty(), Await.result(desks.euNode.node().routing().placement(conversationId),
                    "eu's routing").map(RoutingService.Placement::assignedAgentId));
            assertEquals(403, desks.uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/take",
                    new JsonObject()).statusCode(), "nor may it be taken by hand");
        }
    }

    /** Both regions' nodes with the shared setup, an admin on eu and Uma online on us, as eu sees her. */
    private record Desks(ClusterNode.EuAndUs cluster, TestNode euNode, TestNode usNode, AgentSession ada,
            AgentSession uma) implements AutoCloseable {

        Vertx eu() {
            return cluster.eu();
        }

        static Desks start(Path dir, String crossRegion) throws Exception {
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), EVENING_IN_EUROPE));
            ClusterNode.EuAndUs cluster = ClusterNode.euAndUs(dir);
            Map<String, String> euSettings = new java.util.HashMap<>(Map.of("MERIDIAN_NODE_ID", "eu-1",
                    "MERIDIAN_NODE_REGION", "eu"));
            if (crossRegion != null) {
                euSettings.put("MERIDIAN_RESIDENCY_CROSS_REGION", crossRegion);
            }
            TestNode euNode = Await.result(TestNode.start(cluster.eu(), dir.resolve("eu-data"), euSettings, clock),
                    "the eu node");
            TestNode usNode = Await.result(TestNode.start(cluster.us(), dir.resolve("us-data"),
                    Map.of("MERIDIAN_NODE_ID", "us-1", "MERIDIAN_NODE_REGION", "us"), clock), "the us node");
            Await.result(euNode.createAgent("ada", "Ada", Role.ADMIN, PASSWORD), "an admin on eu");
            Await.result(usNode.createAgent("bo", "Bo", Role.ADMIN, PASSWORD), "an admin on us");
            Await.result(usNode.createAgent("uma", "Uma", Role.AGENT, PASSWORD), "an agent on us");
            AgentSession ada = AgentSession.open(cluster.eu(), WebClient.create(cluster.eu()), euNode.port(), "ada",
                    PASSWORD);
            AgentSession bo = AgentSession.open(cluster.us(), WebClient.create(cluster.us()), usNode.port(), "bo",
                    PASSWORD);
            // One routing setup for the whole company, as an admin copies conf/routing.yaml to every node.
            for (AgentSession admin : java.util.List.of(ada, bo)) {
                put(admin, "/api/v1/routing/teams/emea", new JsonObject().put("name", "Europe").put("region", "eu")
                        .put("time-zone", "Europe/Berlin").put("languages", new JsonArray().add("de").add("en"))
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-17:00"))));
                put(admin, "/api/v1/routing/teams/americas", new JsonObject().put("name", "Americas")
                        .put("region", "us").put("time-zone", "America/New_York")
                        .put("languages", new JsonArray().add("en").add("de"))
                        .put("hours", new JsonObject().put("mon-fri", new JsonArray().add("09:00-17:00"))));
                put(admin, "/api/v1/routing/agents/uma", new JsonObject().put("teams", new JsonArray().add("americas"))
                        .put("languages", new JsonObject().put("en", "native").put("de", "fluent"))
                        .put("max-conversations", 3));
            }
            AgentSession uma = AgentSession.open(cluster.us(), WebClient.create(cluster.us()), usNode.port(), "uma",
                    PASSWORD);
            put(uma, "/api/v1/routing/presence", new JsonObject().put("presence", "online"));
            // eu learns how us's teams stand with each refresh of the membership (every few seconds).
            Await.until(() -> euNode.node().clusterMembers().openTeams().getOrDefault("us", java.util.List.of())
                    .stream().anyMatch(t -> t.free() > 0), "eu seeing Americas open with Uma free");
            return new Desks(cluster, euNode, usNode, ada, uma);
        }

        private static void put(AgentSession session, String uri, JsonObject body) {
            var answer = Await.result(session.request(HttpMethod.PUT, uri).putHeader("Content-Type",
                    "application/json").sendBuffer(Buffer.buffer(body.encode())), uri);
            assertEquals(200, answer.statusCode(), uri + ": " + answer.bodyAsString());
        }

        @Override
        public void close() {
            Await.result(euNode.stop(), "eu stopping");
            Await.result(usNode.stop(), "us stopping");
            Await.result(cluster.eu().close(), "eu's Vert.x");
            Await.result(cluster.us().close(), "us's Vert.x");
        }
    }
}
