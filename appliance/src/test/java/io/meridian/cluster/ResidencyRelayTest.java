package io.meridian.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.e2e.MarkerScanner;
import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
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
 * Two nodes of one cluster in two legal regions, eu and us, on loopback: a visitor whose locale names the United
 * States reaches the eu node and is served by the us node through it, both ways live, and nothing they wrote reaches
 * the eu node's disk; a German visitor on the same node is served there; with the us node gone, a us visitor on the eu
 * node is told the chat is unavailable instead of being served (and stored) in the wrong region.
 */
@Timeout(240)
class ResidencyRelayTest {

    private static final String PASSWORD = "correct horse battery 7";

    @TempDir
    Path dir;

    /**
     * Verifies the relay end to end: the welcome's token names region us, the ack and an agent's reply from the us
     * node arrive through the eu node, a reconnect with the token gets the history back through eu, the conversation
     * is stored on us (its agent reads the text) and not on eu (marker scan of eu's data directory, files read after
     * its store closed); a de-DE visitor is served on eu; after the us node stops, a us visitor gets 'unavailable'
     * and the connection closes with 1013. Malformed JSON and binary frames are answered through the relay; a frame
     * beyond the transport's limit closes the relayed connection with 1009.
     */
    @Test
    void aVisitorHomedInAnotherRegionIsServedThere() throws Exception {
        ClusterNode.EuAndUs cluster = ClusterNode.euAndUs(dir);
        Vertx eu = cluster.eu();
        Vertx us = cluster.us();
        Map<String, String> homes = Map.of("MERIDIAN_RESIDENCY_HOME_REGIONS", "US=us, CA=us, DE=eu");
        Path euData = dir.resolve("eu-data");
        TestNode euNode = Await.result(TestNode.start(eu, euData, with(homes, "eu-1", "eu")), "the eu node");
        TestNode usNode = Await.result(TestNode.start(us, dir.resolve("us-data"), with(homes, "us-1", "us")),
                "the us node");
        boolean usStopped = false;
        String marker = "Residency" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            Await.until(() -> euNode.node().clusterMembers().serving("us").isPresent(),
                    "eu knowing the node of region us");

            WidgetVisitor american = WidgetVisitor.open(eu, euNode.port());
            Await.result(american.send(new JsonObject().put("type", "hello").put("locale", "en-US")
                    .put("timeZone", "America/Chicago").put("name", "Name " + marker)), "hello");
            JsonObject welcome = american.expect("welcome");
            String token = welcome.getString("visitorToken");
            assertTrue(token.startsWith("us."), "a token of region us: " + token);
            // Bad input crosses the relay and is answered by the home node, the connection staying up.
            Await.result(american.sendText("{not json"), "malformed JSON");
            american.expectError("malformed_json");
            Await.result(american.sendBinary(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2, 3})), "binary");
            american.expectError("binary_not_supported");
            JsonObject ack = american.say("Where is my order? " + marker);
            String conversationId = ack.getJsonObject("message").getString("conversationId");

            Await.result(usNode.createAgent("uma", "Uma", Role.AGENT, PASSWORD), "an agent on us");
            AgentSession uma = AgentSession.open(us, WebClient.create(us), usNode.port(), "uma", PASSWORD);
            assertTrue(uma.messages(conversationId).stream()
                    .anyMatch(m -> m.getString("text").equals("Where is my order? " + marker)),
                    "the message stored on the us node");
            assertEquals(2, uma.reply(conversationId, UUID.randomUUID().toString(), "It ships today.").statusCode()
                    / 100);
            JsonObject reply = american.expect(f -> "message".equals(f.getString("type"))
                    && "It ships today.".equals(f.getJsonObject("message", new JsonObject()).getString("text")),
                    "the agent's reply through the eu node");
            assertEquals("agent", reply.getJsonObject("message").getString("author"));
            // A file uma sends reaches the visitor through eu too: the link names region us, eu fetches it from us.
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(3, 2,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(1, 1, 0x336699);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            assertTrue(javax.imageio.ImageIO.write(image, "png", png));
            var withFile = Await.result(uma.request(io.vertx.core.http.HttpMethod.POST, "/api/v1/conversations/"
                    + conversationId + "/messages").sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create()
                    .attribute("clientMessageId", "uma-file").attribute("text", "Your label")
                    .binaryFileUpload("files", "label.png", io.vertx.core.buffer.Buffer.buffer(png.toByteArray()),
                            "image/png")), "a reply with a file");
            assertEquals(201, withFile.statusCode(), withFile.bodyAsString());
            JsonObject label = american.expect("attachments").getJsonArray("attachments").getJsonObject(0);
            String url = label.getString("url");
            assertTrue(url.endsWith("&region=us"), url);
            WebClient visitorBrowser = WebClient.create(eu);
            var downloaded = Await.result(visitorBrowser.get(euNode.port(), "127.0.0.1", url).send(), "through eu");
            assertEquals(200, downloaded.statusCode(), downloaded.bodyAsString());
            org.junit.jupiter.api.Assertions.assertArrayEquals(png.toByteArray(), downloaded.body().getBytes());
            assertEquals(403, Await.result(visitorBrowser.get(euNode.port(), "127.0.0.1",
                    url.replaceAll("sig=[^&]+", "sig=AAAA")).send(), "forged").statusCode(), "us checks the signature");
            assertEquals(404, Await.result(visitorBrowser.get(euNode.port(), "127.0.0.1",
                    url.replace("region=us", "region=mars")).send(), "no such region").statusCode());
            Await.result(american.close(), "the visitor leaves");

            WidgetVisitor back = WidgetVisitor.open(eu, euNode.port());
            JsonObject again = back.hello(token);
            JsonArray history = again.getJsonArray("messages");
            assertEquals(conversationId, again.getString("conversationId"));
            assertTrue(history.encode().contains(marker) && history.encode().contains("It ships today."),
                    history.encode());
            Await.result(back.close(), "the visitor leaves again");

            // A frame beyond what the transport reads is refused by the node the browser reached (1009).
            WidgetVisitor flooding = Await.result(WidgetVisitor.connect(eu, euNode.port(), 1 << 20), "a big sender");
            flooding.hello(token);
            // Just over the transport's limit (4 x 64 KiB), as one frame. The send's own outcome is not asked: the node
            // may close the socket while the client still writes the frame (a broken pipe on a busy machine).
            flooding.sendText("x".repeat(4 * 65536 + 1024));
            assertEquals((short) 1009, Await.result(flooding.closed(), "closed for the oversized frame"));

            // A ping before hello is answered here; the hello then still decides (relayed to us).
            WidgetVisitor early = WidgetVisitor.open(eu, euNode.port());
            Await.result(early.send(new JsonObject().put("type", "ping")), "a ping first");
            early.expect("pong");
            Await.result(early.send(new JsonObject().put("type", "hello").put("locale", "en-CA")), "hello");
            assertTrue(early.expect("welcome").getString("visitorToken").startsWith("us."), "relayed after a ping");
            Await.result(early.close(), "the early visitor leaves");
            // A token from before regions were written in tokens belongs to a contact of the node it reaches.
            WidgetVisitor legacy = WidgetVisitor.open(eu, euNode.port());
            Await.result(legacy.send(new JsonObject().put("type", "hello").put("locale", "en-US")
                    .put("visitorToken", "q0VxLegacyTokenWithoutRegion0000000000000000")), "hello");
            assertTrue(legacy.expect("welcome").getString("visitorToken").startsWith("eu."), "served where it landed");
            Await.result(legacy.close(), "the legacy visitor leaves");

            WidgetVisitor german = WidgetVisitor.open(eu, euNode.port());
            Await.result(german.send(new JsonObject().put("type", "hello").put("locale", "de-DE")), "hello");
            assertTrue(german.expect("welcome").getString("visitorToken").startsWith("eu."), "served on eu");
            Await.result(german.close(), "the German visitor leaves");

            Await.result(usNode.stop(), "stopping us");
            Await.result(us.close(), "us leaves the cluster");
            usStopped = true;
            Await.until(() -> euNode.node().clusterMembers().serving("us").isEmpty(),
                    "eu noticing that region us has no node");
            WidgetVisitor refused = WidgetVisitor.open(eu, euNode.port());
            Await.result(refused.send(new JsonObject().put("type", "hello").put("locale", "en-US")), "hello");
            refused.expectError("unavailable");
            Await.result(refused.send(WidgetVisitor.message("late-1", "Anyone? " + marker)).otherwise(e -> null),
                    "a message after the refusal");
            assertEquals((short) 1013, Await.result(refused.closed(), "the connection closed"));
            assertTrue(refused.unclaimed().stream().noneMatch(f -> "ack".equals(f.getString("type"))),
                    "nothing acknowledged: " + refused.unclaimed());
        } finally {
            if (!usStopped) {
                Await.result(usNode.stop(), "stopping us");
                Await.result(us.close(), "closing us");
            }
            Await.result(euNode.stop(), "stopping eu");
            Await.result(eu.close(), "closing eu");
        }
        assertTrue(MarkerScanner.fileCount(euData) > 10, "eu's data directory holds files to scan");
        assertEquals(List.of(), new MarkerScanner(marker).hits(euData), "nothing the us visitor wrote on eu's disk");
    }

    private static Map<String, String> with(Map<String, String> base, String nodeId, String region) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put("MERIDIAN_NODE_ID", nodeId);
        all.put("MERIDIAN_NODE_REGION", region);
        // The scan reads the data directories, the embedded stores' files among them.
        all.put("MERIDIAN_STORE_ENGINE", "derby");
        return all;
    }
}
