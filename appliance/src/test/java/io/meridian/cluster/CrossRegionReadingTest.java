package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.ApertiumOnSite;
import io.meridian.testing.Await;
import io.meridian.testing.ClusterNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents reading conversations of another region through its node, on two clustered nodes on loopback: eu lets us
 * read its conversations masked; us lists no pair, so eu gets the default, metadata only.
 */
@Timeout(240)
class CrossRegionReadingTest {

    private static final String PASSWORD = "correct horse battery 6";

    @TempDir
    Path dir;

    /**
     * Verifies that an agent on us sees eu's conversation with the customer's name, e-mail and numbers masked (list
     * and messages), answers it (the visitor on eu gets the reply live) and that eu records both, which its admin
     * reads; that an agent on eu gets only metadata of us's conversation and may not answer it (403); and the errors:
     * unknown conversation 404, a region without a node 503, a malformed region and this node's own 400, no session
     * 401, an agent asking for the access records 403.
     */
    @Test
    void policiesApplyAtTheHomeRegionAndReadsAreRecordedThere() throws Exception {
        ClusterNode.EuAndUs cluster = ClusterNode.euAndUs(dir);
        Vertx eu = cluster.eu();
        Vertx us = cluster.us();
        // eu translates on site (Apertium), for its own agents and for readers of other regions alike.
        Map<String, String> euSettings = new java.util.HashMap<>(ApertiumOnSite.nodeSettings(dir.resolve("eu-plugins")));
        euSettings.putAll(Map.of("MERIDIAN_NODE_ID", "eu-1", "MERIDIAN_NODE_REGION", "eu",
                "MERIDIAN_RESIDENCY_CROSS_REGION", "eu>us=masked", "MERIDIAN_TRANSLATION_TIMEOUT_MILLIS", "8000",
                "MERIDIAN_RESIDENCY_HOME_REGIONS", "JP=apac"));
        TestNode euNode = Await.result(TestNode.start(eu, dir.resolve("eu-data"), euSettings), "the eu node");
        Await.result(euNode.node().plugins().initialLoad(), "eu loading its plugins");
        TestNode usNode = Await.result(TestNode.start(us, dir.resolve("us-data"), Map.of("MERIDIAN_NODE_ID", "us-1",
                "MERIDIAN_NODE_REGION", "us")), "the us node");
        boolean usGone = false;
        try {
            Await.until(() -> euNode.node().clusterMembers().serving("us").isPresent()
                    && usNode.node().clusterMembers().serving("eu").isPresent(), "each node knowing the other");
            WidgetVisitor lena = WidgetVisitor.open(eu, euNode.port());
            Await.result(lena.send(new JsonObject().put("type", "hello").put("locale", "de-DE")
                    .put("name", "Lena Vogel")), "hello");
            lena.expect("welcome");
            String conversationId = lena.say("Ich bin Lena Vogel, Bestellung ORD-48213, lena.vogel@example.de")
                    .getJsonObject("message").getString("conversationId");

            Await.result(usNode.createAgent("uma", "Uma", Role.AGENT, PASSWORD), "an agent on us");
            AgentSession uma = AgentSession.open(us, WebClient.create(us), usNode.port(), "uma", PASSWORD);
            assertEquals(new JsonObject().put("region", "us").put("otherRegions", new JsonArray().add("eu")),
                    uma.get("/api/v1/regions").bodyAsJsonObject());
            JsonObject listed = uma.get("/api/v1/regions/eu/conversations").bodyAsJsonObject();
            assertEquals("masked", listed.getString("access"), listed.encode());
            JsonObject item = listed.getJsonArray("conversations").stream().map(JsonObject.class::cast)
                    .filter(c -> conversationId.equals(c.getString("id"))).findFirst().orElseThrow();
            assertNull(item.getString("contactName"), item.encode());
            assertEquals("Ich bin ••• •••, Bestellung ORD-•••, •••", item.getString("lastMessagePreview"));
            JsonObject read = uma.get("/api/v1/regions/eu/conversations/" + conversationId + "/messages")
                    .bodyAsJsonObject();
            String text = read.getJsonArray("messages").getJsonObject(0).getString("text");
            assertEquals("Ich bin ••• •••, Bestellung ORD-•••, •••", text, read.encode());
            assertFalse(read.encode().contains("Vogel") || read.encode().contains("48213"), read.encode());

            var answered = uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "uma-1").put("text", "Ihr Paket kommt morgen."));
            assertEquals(201, answered.statusCode(), answered.bodyAsString());
            JsonObject live = lena.expect(f -> "message".equals(f.getString("type"))
                    && "Ihr Paket kommt morgen.".equals(f.getJsonObject("message").getString("text")), "the reply");
            assertEquals("Uma", live.getJsonObject("message").getString("authorName"));

            WidgetVisitor carmen = WidgetVisitor.open(eu, euNode.port());
            Await.result(carmen.send(new JsonObject().put("type", "hello").put("locale", "es-ES")
                    .put("name", "Carmen Ruiz")), "hello");
            carmen.expect("welcome");
            String spanish = carmen.say("Hola, soy Carmen Ruiz y mi pedido 55821 no ha llegado todavía.")
                    .getJsonObject("message").getString("conversationId");
            Await.result(euNode.createAgent("ada", "Ada", Role.ADMIN, PASSWORD), "an admin on eu");
            AgentSession ada = AgentSession.open(eu, WebClient.create(eu), euNode.port(), "ada", PASSWORD);
            // Beside its conversations, eu tells other regions how its teams stand now (staff and counts only).
            var team = Await.result(ada.request(io.vertx.core.http.HttpMethod.PUT, "/api/v1/routing/teams/emea")
                    .putHeader("Content-Type", "application/json").sendBuffer(io.vertx.core.buffer.Buffer.buffer(
                            new JsonObject().put("name", "Europe").put("time-zone", "Europe/Berlin")
                                    .put("hours", new JsonObject().put("daily", "00:00-24:00")).encode())), "a team");
            assertEquals(2, team.statusCode() / 100, team.bodyAsString());
            JsonObject teams = uma.get("/api/v1/regions/eu/conversations").bodyAsJsonObject();
            assertEquals(new JsonArray().add(new JsonObject().put("name", "Europe").put("open", true).put("online", 0)
                    .put("free", 0).put("waiting", 0)), teams.getJsonArray("teams"), teams.encode());
            assertTrue(uma.get("/console/regions").bodyAsString().contains("Europe: open, 0 online, 0 waiting"));
            consolePagesInChromium(usNode, conversationId, lena, spanish);

            JsonArray reads = ada.get("/api/v1/conversations/" + conversationId + "/cross-region-reads")
                    .bodyAsJsonObject().getJsonArray("reads");
            // Newest first; oldest the API's list, read and answer, then the console's two visits (read, answer, and
            // the reads of the page as it asks again and finds new messages); the later listings by the same reader
            // within ten minutes are not recorded again.
            List<String> kinds = reads.stream().map(JsonObject.class::cast).map(r -> r.getString("what")).toList();
            assertEquals(List.of("reply", "messages", "list"), kinds.subList(kinds.size() - 3, kinds.size()),
                    reads.encode());
            assertEquals(3, kinds.stream().filter("reply"::equals).count(), reads.encode());
            assertEquals(1, kinds.stream().filter("list"::equals).count(), "listed again within ten minutes: "
                    + "recorded once; " + reads.encode());
            assertTrue(kinds.stream().filter("messages"::equals).count() >= 5, reads.encode());
            JsonObject first = reads.getJsonObject(reads.size() - 2);
            assertEquals(List.of("Uma", "us", "masked"), List.of(first.getString("readerName"),
                    first.getString("readerRegion"), first.getString("access")));

            // Translation into the reader's language happens in the home region, and is masked as the text is.
            JsonObject[] translated = new JsonObject[1];
            Await.until(() -> {
                JsonObject opening = uma.get("/api/v1/regions/eu/conversations/" + spanish + "/messages?language=en")
                        .bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
                translated[0] = opening.getJsonObject("translation");
                return translated[0] != null && "TRANSLATED".equals(translated[0].getString("status"));
            }, java.time.Duration.ofSeconds(60), "the Spanish message translated into English on eu");
            String english = translated[0].getString("text");
            assertEquals("en", translated[0].getString("language"));
            assertTrue(english.contains("arrived") && english.contains("•••") && !english.contains("Carmen")
                    && !english.contains("Ruiz") && !english.contains("55821"), english);
            assertEquals(400, uma.get("/api/v1/regions/eu/conversations/" + spanish + "/messages?language=e%3Cn")
                    .statusCode());
            Await.result(carmen.close(), "the Spanish customer leaves");

            // Follow the sun by hand: uma takes the waiting Spanish conversation; it leaves eu's queue and is hers.
            JsonObject waiting = uma.get("/api/v1/regions/eu/conversations").bodyAsJsonObject()
                    .getJsonArray("conversations").stream().map(JsonObject.class::cast)
                    .filter(c -> spanish.equals(c.getString("id"))).findFirst().orElseThrow();
            assertEquals(List.of(false, false), List.of(waiting.getBoolean("assigned"),
                    waiting.getBoolean("takenByYou")), waiting.encode());
            var taken = uma.postJson("/api/v1/regions/eu/conversations/" + spanish + "/take", new JsonObject());
            assertEquals(200, taken.statusCode(), taken.bodyAsString());
            assertEquals(409, uma.postJson("/api/v1/regions/eu/conversations/" + spanish + "/take",
                    new JsonObject()).statusCode(), "taken once only");
            assertEquals(uma.agent().getString("id"), Await.result(euNode.node().routing().placement(spanish),
                    "eu's routing").orElseThrow().assignedAgentId(), "the conditional update in eu's store");
            JsonObject mine = uma.get("/api/v1/regions/eu/conversations/" + spanish + "/messages").bodyAsJsonObject()
                    .getJsonObject("conversation");
            assertEquals(List.of(true, true), List.of(mine.getBoolean("assigned"), mine.getBoolean("takenByYou")));
            assertTrue(uma.get("/console/regions").bodyAsString().contains("with you"));

            // A client message id names a reply within its writer's own ids: reusing the id of a reply written on
            // eu stores uma's answer as a new message, and never hands back the other reply.
            assertEquals(201, ada.postJson("/api/v1/conversations/" + conversationId + "/messages", new JsonObject()
                    .put("clientMessageId", "shared-1").put("text", "Interne Antwort mit Kundennummer 99812"))
                    .statusCode());
            var reused = uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "shared-1").put("text", "Meine eigene Antwort"));
            assertEquals(201, reused.statusCode(), reused.bodyAsString());
            assertEquals(false, reused.bodyAsJsonObject().getBoolean("duplicate"));
            assertEquals("Meine eigene Antwort", reused.bodyAsJsonObject().getJsonObject("message").getString("text"));
            assertFalse(reused.bodyAsString().contains("99812"), reused.bodyAsString());
            var again = uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "shared-1").put("text", "Meine eigene Antwort"));
            assertEquals(true, again.bodyAsJsonObject().getBoolean("duplicate"), "a resend is recognised");
            assertTrue(uma.get("/api/v1/regions/eu/conversations/" + conversationId + "/messages").bodyAsJsonObject()
                    .getJsonArray("messages").stream().map(JsonObject.class::cast)
                    .allMatch(m -> m.getValue("clientMessageId") == null), "no client message id crosses masked");

            JsonObject timeline = ada.get("/api/v1/conversations/" + spanish + "/routing").bodyAsJsonObject();
            assertTrue(timeline.encode().contains("Uma took it from region us."), timeline.encode());
            var euPage = ada.get("/console/conversations/" + spanish);
            assertEquals(200, euPage.statusCode(), "eu's own console shows the conversation another region took");
            assertTrue(euPage.bodyAsString().contains("Uma took it from region us."), "in the timeline there");
            assertEquals(200, ada.get("/console").statusCode(), "and its inbox draws");

            // us lists no pair: eu's agents get its conversations' metadata only, and may not answer.
            WidgetVisitor sam = WidgetVisitor.open(us, usNode.port());
            Await.result(sam.send(new JsonObject().put("type", "hello").put("locale", "en-US").put("name", "Sam")),
                    "hello");
            sam.expect("welcome");
            String usConversation = sam.say("My card 4111 1111 1111 1111 was charged twice")
                    .getJsonObject("message").getString("conversationId");
            JsonObject denied = ada.get("/api/v1/regions/us/conversations").bodyAsJsonObject();
            assertEquals("deny", denied.getString("access"));
            JsonObject metadata = denied.getJsonArray("conversations").stream().map(JsonObject.class::cast)
                    .filter(c -> usConversation.equals(c.getString("id"))).findFirst().orElseThrow();
            assertNull(metadata.getString("lastMessagePreview"));
            assertEquals(1, metadata.getInteger("messageCount"));
            JsonObject deniedMessages = ada.get("/api/v1/regions/us/conversations/" + usConversation + "/messages")
                    .bodyAsJsonObject();
            assertNull(deniedMessages.getJsonArray("messages").getJsonObject(0).getString("text"));
            assertFalse(deniedMessages.encode().contains("4111"), deniedMessages.encode());
            assertEquals(403, ada.postJson("/api/v1/regions/us/conversations/" + usConversation + "/take",
                    new JsonObject()).statusCode(), "no taking under deny");
            var refused = ada.postJson("/api/v1/regions/us/conversations/" + usConversation + "/messages",
                    new JsonObject().put("clientMessageId", "ada-1").put("text", "Hello"));
            assertEquals(403, refused.statusCode(), refused.bodyAsString());
            assertTrue(refused.bodyAsString().contains("cross-region-denied"), refused.bodyAsString());

            // The console's pages say the same: metadata only, no text, no reply box; a region without a node.
            String regionsPage = ada.get("/console/regions").bodyAsString();
            assertTrue(regionsPage.contains("Region us") && regionsPage.contains("metadata only")
                    && regionsPage.contains(usConversation) && !regionsPage.contains("4111"), regionsPage);
            String deniedPage = ada.get("/console/regions/us/conversations/" + usConversation).bodyAsString();
            assertTrue(deniedPage.contains("Text not shown in your region") && !deniedPage.contains("region-reply")
                    && !deniedPage.contains("4111") && !deniedPage.contains("Sam"), deniedPage);
            var nowhere = ada.get("/console/regions/apac/conversations/" + UUID.randomUUID());
            assertEquals(503, nowhere.statusCode());
            assertTrue(nowhere.bodyAsString().contains("No node of this region answers now"), nowhere.bodyAsString());
            assertEquals(404, ada.get("/api/v1/regions/us/conversations/" + UUID.randomUUID() + "/messages")
                    .statusCode());
            assertEquals(2, ada.postJson("/api/v1/conversations/" + conversationId + "/close", new JsonObject())
                    .statusCode() / 100, "eu closes its conversation");
            var closed = uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "uma-9").put("text", "Noch da?"));
            assertEquals(409, closed.statusCode(), closed.bodyAsString());
            assertEquals(503, ada.get("/api/v1/regions/apac/conversations").statusCode(), "configured, not served");
            assertEquals(404, ada.get("/api/v1/regions/mars/conversations").statusCode(), "neither");
            assertEquals(400, ada.get("/api/v1/regions/EU!/conversations").statusCode());
            assertEquals(400, ada.get("/api/v1/regions/eu/conversations").statusCode(), "its own region");
            assertEquals(400, uma.postJson("/api/v1/regions/eu/conversations/" + conversationId + "/messages",
                    new JsonObject().put("clientMessageId", "uma-2").put("text", " ")).statusCode());
            assertEquals(403, uma.get("/api/v1/conversations/" + conversationId + "/cross-region-reads").statusCode(),
                    "an agent, not an admin");
            assertEquals(401, Await.result(WebClient.create(us).get(usNode.port(), "127.0.0.1",
                    "/api/v1/regions/eu/conversations").send(), "anonymous").statusCode());

            // A reader flooding eu is told to slow down (429) and cannot flood eu's access records.
            Await.result(usNode.createAgent("flo", "Flo", Role.AGENT, PASSWORD), "a second agent on us");
            AgentSession flo = AgentSession.open(us, WebClient.create(us), usNode.port(), "flo", PASSWORD);
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 130; i++) {
                statuses.add(flo.get("/api/v1/regions/eu/conversations").statusCode());
            }
            assertTrue(statuses.contains(429) && statuses.stream().allMatch(c -> c == 200 || c == 429), statuses
                    .toString());
            long flosListings = ada.get("/api/v1/conversations/" + spanish + "/cross-region-reads")
                    .bodyAsJsonObject().getJsonArray("reads").stream().map(JsonObject.class::cast)
                    .filter(r -> "Flo".equals(r.getString("readerName"))).count();
            assertEquals(1, flosListings, "130 listings, one record");

            // us leaves the cluster: after the grace period the conversation uma took goes back to eu's queue.
            Await.result(usNode.stop(), "stopping us");
            Await.result(us.close(), "us leaves the cluster");
            usGone = true;
            Await.until(() -> Await.result(euNode.node().routing().placement(spanish), "eu's routing")
                    .map(p -> p.assignedAgentId() == null).orElse(false), java.time.Duration.ofSeconds(90),
                    "the conversation back in eu's queue");
            assertTrue(ada.get("/api/v1/conversations/" + spanish + "/routing").bodyAsString()
                    .contains("Uma’s region us left the cluster: the conversation is back in the queue."));
        } finally {
            if (!usGone) {
                Await.result(usNode.stop(), "stopping us");
                Await.result(us.close(), "closing us");
            }
            Await.result(euNode.stop(), "stopping eu");
            Await.result(eu.close(), "closing eu");
        }
    }

    /**
     * The Other regions pages as uma sees them in Chromium, in English and Japanese (screenshots under
     * target/screenshots/): the masked preview in the list, the masked message, and a reply sent from the page's
     * form that reaches the visitor on eu. The menu offers the pages on this clustered node.
     */
    private void consolePagesInChromium(TestNode usNode, String conversationId, WidgetVisitor lena, String spanish)
            throws Exception {
        io.meridian.testing.Browsers.requireInstalled();
        Path shots = java.nio.file.Files.createDirectories(Path.of("target", "screenshots"));
        try (var browsers = new io.meridian.testing.Browsers(java.nio.file.Files.createDirectories(
                dir.resolve("profiles")))) {
            for (String language : List.of("en-US,en", "ja,en-US;q=0.5")) {
                String tag = language.substring(0, 2);
                var browser = browsers.open("regions-" + tag, language);
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
                browser.get(usNode.baseUrl() + "/console/login");
                browser.findElement(org.openqa.selenium.By.name("username")).sendKeys("uma");
                browser.findElement(org.openqa.selenium.By.name("password")).sendKeys(PASSWORD);
                browser.findElement(org.openqa.selenium.By.cssSelector("form.stacked button[type=submit]")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "signed in",
                        d -> !d.findElements(org.openqa.selenium.By.cssSelector("form.logout")).isEmpty());
                browser.findElement(org.openqa.selenium.By.cssSelector("nav a[href='/console/regions']")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "the regions page",
                        d -> !d.findElements(org.openqa.selenium.By.cssSelector("table.region-conversations"))
                                .isEmpty());
                String list = browser.findElement(org.openqa.selenium.By.tagName("main")).getText();
                // The preview is the last message (an answer); the customer's name and numbers are nowhere.
                assertTrue(!list.contains("Vogel") && !list.contains("Lena") && !list.contains("48213"), list);
                java.nio.file.Files.write(shots.resolve("regions-" + tag + "-list.png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
                browser.findElement(org.openqa.selenium.By.cssSelector("a[href$='/conversations/" + conversationId
                        + "']")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "the conversation",
                        d -> !d.findElements(org.openqa.selenium.By.cssSelector("form.region-reply")).isEmpty());
                String page = browser.findElement(org.openqa.selenium.By.tagName("main")).getText();
                assertTrue(page.contains("Ich bin ••• •••, Bestellung ORD-•••, •••") && !page.contains("Vogel"), page);
                // What the customer writes next appears without a reload (the page asks eu again), masked.
                lena.say("Noch etwas " + tag + ": Rechnung 4711");
                io.meridian.testing.Browsers.waitUntil(browser, "the customer's next message", d -> d.findElement(
                        org.openqa.selenium.By.tagName("main")).getText().contains("Noch etwas " + tag
                        + ": Rechnung •••"));
                String reply = "Antwort aus der Konsole " + tag;
                browser.findElement(org.openqa.selenium.By.id("reply-text")).sendKeys(reply);
                java.nio.file.Files.write(shots.resolve("regions-" + tag + "-conversation.png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
                browser.findElement(org.openqa.selenium.By.cssSelector("form.region-reply button")).click();
                io.meridian.testing.Browsers.waitUntil(browser, "the reply shown", d -> d.findElement(
                        org.openqa.selenium.By.tagName("main")).getText().contains(reply));
                lena.expect(f -> "message".equals(f.getString("type"))
                        && reply.equals(f.getJsonObject("message").getString("text")), "the console's reply on eu");
                // The Spanish customer's message in the console's language, translated in eu and masked there (into
                // English; eu has no engine for Spanish to Japanese, so the Japanese console shows the original).
                // The page shows what eu answered when it was drawn: drawn again until eu has translated it.
                String[] shown = {null};
                Await.until(() -> {
                    browser.get(usNode.baseUrl() + "/console/regions/eu/conversations/" + spanish);
                    shown[0] = browser.findElements(org.openqa.selenium.By.cssSelector(".translated-text")).stream()
                            .map(e -> e.getText()).filter(text -> !text.isBlank()).findFirst().orElse("");
                    return !"en".equals(tag) || !shown[0].isEmpty();
                }, java.time.Duration.ofSeconds(60), "the translation on the page");
                assertTrue(!shown[0].contains("Carmen") && !shown[0].contains("55821")
                        && ("en".equals(tag) ? shown[0].contains("arrived") : shown[0].isEmpty()), shown[0]);
                java.nio.file.Files.write(shots.resolve("regions-" + tag + "-translated.png"),
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
