package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.ClusterNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Another region's conversations in the inbox itself, on two clustered nodes on loopback (eu lets us read masked),
 * and the changes pushed across regions as ids and counts.
 */
@Timeout(180)
class SharedInboxTest {

    private static final String PASSWORD = "correct horse battery 6";

    @TempDir
    Path dir;

    /**
     * Verifies that an agent on us gets eu's changes on the live socket within seconds (region.changed naming the
     * conversation, with eu's counts and no text or name), again at the customer's next message; that the inbox rail
     * shows an eu view with eu's count and the view lists the conversation masked, linked to the Other regions page;
     * that the listing is recorded in eu; that a view of a region the cluster has not got says so; and in Chromium
     * that the view's list and count follow eu live.
     */
    @Test
    void otherRegionsConversationsAreInTheInboxAndTheirChangesArePushed() throws Exception {
        ClusterNode.EuAndUs cluster = ClusterNode.euAndUs(dir);
        Vertx eu = cluster.eu();
        Vertx us = cluster.us();
        TestNode euNode = Await.result(TestNode.start(eu, dir.resolve("eu-data"), Map.of("MERIDIAN_NODE_ID", "eu-1",
                "MERIDIAN_NODE_REGION", "eu", "MERIDIAN_RESIDENCY_CROSS_REGION", "eu>us=masked")), "the eu node");
        TestNode usNode = Await.result(TestNode.start(us, dir.resolve("us-data"), Map.of("MERIDIAN_NODE_ID", "us-1",
                "MERIDIAN_NODE_REGION", "us")), "the us node");
        try {
            Await.until(() -> euNode.node().clusterMembers().serving("us").isPresent()
                    && usNode.node().clusterMembers().serving("eu").isPresent(), "each node knowing the other");
            Await.result(usNode.createAgent("uma", "Uma", Role.AGENT, PASSWORD), "an agent on us");
            AgentSession uma = AgentSession.open(us, WebClient.create(us), usNode.port(), "uma", PASSWORD);
            AgentSession.LiveFeed feed = Await.result(uma.live(), "uma's live socket");

            WidgetVisitor lena = WidgetVisitor.open(eu, euNode.port());
            Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-DE")
                    .put("name", "Lena Vogel")), "hello");
            lena.expect("welcome");
            long asked = System.nanoTime();
            String conversationId = lena.say("Ich bin Lena Vogel, Bestellung ORD-48213")
                    .getJsonObject("message").getString("conversationId");
            JsonObject changed = feed.expect(f -> "region.changed".equals(f.getString("type"))
                    && f.getJsonArray("conversationIds").contains(conversationId), "eu's change on us's console");
            long millis = (System.nanoTime() - asked) / 1_000_000;
            // Pushed at the next announcement (each second), long before the 15-second heartbeat.
            assertTrue(millis < 10_000, "region.changed after " + millis + " ms");
            assertEquals(Set.of("type", "region", "conversationIds", "complete", "open", "waiting"),
                    changed.fieldNames(), changed.encode());
            assertEquals("eu", changed.getString("region"));
            assertEquals(1, changed.getLong("open"), changed.encode());
            assertFalse(changed.encode().contains("Vogel") || changed.encode().contains("48213"), changed.encode());

            String inbox = uma.get("/console").bodyAsString();
            assertTrue(Pattern.compile("data-view=\"region:eu\"[^>]*><span class=\"view-name\">eu</span> "
                    + "<span class=\"view-count\">1</span>").matcher(inbox).find(), inbox);
            String listed = uma.get("/console/inbox?view=region:eu").bodyAsString();
            assertTrue(listed.contains("href=\"/console/regions/eu/conversations/" + conversationId + "\""), listed);
            assertTrue(listed.contains("Ich bin ••• •••, Bestellung ORD-•••") && listed.contains("masked"), listed);
            assertFalse(listed.contains("Vogel") || listed.contains("48213"), listed);

            lena.say("Noch eine Frage");
            feed.expect(f -> "region.changed".equals(f.getString("type"))
                    && f.getJsonArray("conversationIds").contains(conversationId), "the next change pushed");

            Await.result(euNode.createAgent("ada", "Ada", Role.ADMIN, PASSWORD), "an admin on eu");
            AgentSession ada = AgentSession.open(eu, WebClient.create(eu), euNode.port(), "ada", PASSWORD);
            JsonObject record = ada.get("/api/v1/conversations/" + conversationId + "/cross-region-reads")
                    .bodyAsJsonObject().getJsonArray("reads").getJsonObject(0);
            assertEquals("list", record.getString("what"), record.encode());
            assertEquals("Uma", record.getString("readerName"));

            var unknown = uma.get("/console/inbox?view=region:mars");
            assertEquals(200, unknown.statusCode());
            assertTrue(unknown.bodyAsString().contains("No node of this region is in the cluster"),
                    unknown.bodyAsString());
            assertEquals(200, uma.get("/console?view=region:" + "x".repeat(40)).statusCode());
            inboxInChromium(usNode, euNode, eu);
        } finally {
            Await.result(usNode.stop(), "stopping us");
            Await.result(us.close(), "closing us");
            Await.result(euNode.stop(), "stopping eu");
            Await.result(eu.close(), "closing eu");
        }
    }

    /**
     * The inbox as uma sees it in Chromium, in English and Japanese at 1366×768 (screenshots
     * target/screenshots/inbox-region-{en,ja}.png): eu in the rail under Other regions, its view listing eu's
     * conversations masked, and a new eu customer's conversation appearing in the list and the count without a reload.
     */
    private void inboxInChromium(TestNode usNode, TestNode euNode, Vertx eu) throws Exception {
        io.meridian.testing.Browsers.requireInstalled();
        Path shots = java.nio.file.Files.createDirectories(Path.of("target", "screenshots"));
        try (var browsers = new io.meridian.testing.Browsers(java.nio.file.Files.createDirectories(
                dir.resolve("profiles")))) {
            for (String language : java.util.List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                var browser = browsers.open("inbox-region-" + tag, language);
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
                browser.get(usNode.baseUrl() + "/console/login");
                browser.findElement(By.name("username")).sendKeys("uma");
                browser.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "the inbox",
                        d -> !d.findElements(By.cssSelector("a[data-view='region:eu']")).isEmpty());
                browser.findElement(By.cssSelector("a[data-view='region:eu']")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "eu's conversations in the inbox",
                        d -> !d.findElements(By.cssSelector(".view-results li[data-region='eu']")).isEmpty());
                int before = browser.findElements(By.cssSelector(".view-results li[data-region='eu']")).size();
                String count = browser.findElement(By.cssSelector("a[data-view='region:eu'] .view-count")).getText();
                assertEquals(String.valueOf(before), count);
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

                WidgetVisitor next = WidgetVisitor.open(eu, euNode.port());
                Await.result(next.send(new JsonObject().put("type", "hello").put("locale", "fr-FR")
                        .put("name", "Claire Martin")), "hello");
                next.expect("welcome");
                next.say("Bonjour, ma commande 77120 " + tag);
                io.meridian.testing.Browsers.waitUntil(browser, "the new conversation listed live",
                        d -> d.findElements(By.cssSelector(".view-results li[data-region='eu']")).size() == before + 1
                                && String.valueOf(before + 1).equals(d.findElement(
                                        By.cssSelector("a[data-view='region:eu'] .view-count")).getText()));
                assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("return window.notReloaded === true;"), "the page was reloaded");
                String list = browser.findElement(By.cssSelector(".view-results")).getText();
                assertTrue(list.contains("Bonjour, ma commande •••") && !list.contains("Claire")
                        && !list.contains("77120") && !list.contains("Vogel"), list);
                java.nio.file.Files.write(shots.resolve("inbox-region-" + tag + ".png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
                long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(overflow <= 1, "the page is " + overflow + " px wider than the window");
                browsers.close(browser);
            }
        }
    }
}
