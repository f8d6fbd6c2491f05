package io.meridian.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.VisitorProfile;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Search as agents use it: the REST API and the inbox's search form, across a restart and a lost index. */
@Timeout(180)
class SearchHttpTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    /**
     * Verifies that conversations are found by an order number, a word, a Japanese word, a name and an e-mail
     * address, filtered by status, tag and channel, listed in the inbox's search form; that bad parameters get 400
     * and anonymous callers 401; and that the index survives a restart and is rebuilt from the store when lost.
     */
    @Test
    void agentsFindConversationsByWordsAddressesAndFilters() throws Exception {
        String order;
        String refund;
        String japanese;
        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            AgentSession agent = node.agent("ana", "Ana", Role.AGENT, PASSWORD);
            var hub = node.node().node().hub();
            var conversations = node.node().node().conversations();
            String orderContact = Await.result(conversations.identifyVisitor(null,
                    new VisitorProfile("en-GB", "Europe/London", "Maria Quokkason", "maria@example.com")), "visitor")
                    .contactId();
            order = Await.result(hub.visitorSays(orderContact, UUID.randomUUID().toString(),
                    "Hello, my order ORD-55821 never arrived"), "order message").message().conversationId();
            String refundContact = Await.result(conversations.identifyVisitor(null, VisitorProfile.empty()),
                    "visitor").contactId();
            refund = Await.result(hub.visitorSays(refundContact, UUID.randomUUID().toString(),
                    "I would like a refund for the blue kettle"), "refund message").message().conversationId();
            String japaneseContact = Await.result(conversations.identifyVisitor(null,
                    new VisitorProfile("ja-JP", "Asia/Tokyo", null, null)), "visitor").contactId();
            japanese = Await.result(hub.visitorSays(japaneseContact, UUID.randomUUID().toString(),
                    "注文番号を教えてください"), "japanese message").message().conversationId();

            String sms = Await.result(hub.channelSays(new io.meridian.conversation.ChannelInbound("sms-line", "phone",
                    "+49 170 1234567", "Jonas", "sms-" + UUID.randomUUID(), null, "Hallo, mein Paket fehlt", false)),
                    "a message by phone").message().conversationId();

            assertEquals(List.of(order), found(agent, "q=ORD-55821"), "an order number");
            assertEquals(List.of(sms), found(agent, "q=" + enc("+49 (170) 123-4567")), "a phone number, written otherwise");
            assertEquals(List.of(), foundNow(agent, "q=" + enc("+49 170 7654321")), "another number");
            assertEquals(List.of(refund), found(agent, "q=kettle"), "a word");
            assertEquals(List.of(japanese), found(agent, "q=" + enc("注文番号")), "a Japanese word");
            assertEquals(List.of(order), found(agent, "q=quokkason"), "the contact's name");
            assertEquals(List.of(order), found(agent, "q=" + enc("MARIA@example.com")), "an e-mail address");
            assertEquals(List.of(), foundNow(agent, "q=" + enc("nobody@example.com")), "an unknown address");
            assertEquals(List.of(), foundNow(agent, "q=" + enc("refund ORD-55821")), "both words in no conversation");

            Await.result(hub.close(refund), "closing");
            Await.until(() -> found(agent, "status=closed").equals(List.of(refund)), Duration.ofSeconds(10),
                    "the closed conversation filtered by status");
            assertEquals(List.of(), foundNow(agent, "q=kettle&status=open"));
            SignedInAgent ana = new SignedInAgent(agent.agent().getString("id"), "ana", "Ana", Role.AGENT, false);
            Await.result(node.node().node().routing().tagContact(japaneseContact, "vip", true, ana), "tagging");
            assertEquals(List.of(japanese), found(agent, "tag=vip"), "by the contact's tag");
            assertEquals(List.of(japanese), found(agent, "tag=VIP"), "tags are kept in lower case");
            assertEquals(3, found(agent, "channel=web").size(), "by channel");
            assertEquals(List.of(sms), found(agent, "channel=sms-line"), "another channel");

            JsonObject body = agent.get("/api/v1/search?q=ORD-55821").bodyAsJsonObject();
            assertEquals(1, body.getInteger("total"));
            JsonObject first = body.getJsonArray("conversations").getJsonObject(0);
            assertEquals("Maria Quokkason", first.getString("contactName"), body.encode());
            JsonObject filters = agent.get("/api/v1/search/filters").bodyAsJsonObject();
            assertTrue(filters.getJsonArray("channel").contains("web"), filters.encode());

            for (String bad : List.of("", "status=pending", "from=2026-13-01", "from=2026-12-05&to=2026-12-01",
                    "q=x&limit=0", "q=x&limit=abc", "q=" + "a".repeat(501),
                    "q=" + enc(String.join(" ", java.util.Collections.nCopies(17, "w").stream()
                            .map(w -> w + UUID.randomUUID().toString().substring(0, 4)).toList())),
                    "q=" + enc("\"" + "a ".repeat(17) + "\""))) {
                var response = agent.get("/api/v1/search?" + bad);
                assertEquals(400, response.statusCode(), bad + ": " + response.bodyAsString());
                assertTrue(response.bodyAsJsonObject().getString("detail").length() > 5, response.bodyAsString());
            }
            assertEquals(401, node.web().get(node.node().port(), "127.0.0.1", "/api/v1/search?q=kettle")
                    .send().toCompletionStage().toCompletableFuture().get().statusCode());

            String page = agent.get("/console?q=kettle").bodyAsString();
            assertTrue(page.contains("data-conversation-id=\"" + refund + "\""), page);
            assertTrue(page.contains("1 conversation found"), page);
            assertTrue(page.contains("value=\"kettle\""), "the form keeps the words: " + page);
            String none = agent.get("/console?q=zzzqqq&status=open").bodyAsString();
            assertTrue(none.contains("No conversation matches this search."), none);
            String wrongDates = agent.get("/console?q=x&from=2026-12-05&to=2026-12-01").bodyAsString();
            assertTrue(wrongDates.contains("This search cannot be run"), wrongDates);
            String ja = agent.request(io.vertx.core.http.HttpMethod.GET, "/console?q=kettle")
                    .putHeader("Accept-Language", "ja").send().toCompletionStage().toCompletableFuture().get()
                    .bodyAsString();
            assertTrue(ja.contains("1 件の会話が見つかりました"), ja);
        }

        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            AgentSession agent = node.signIn("ana", PASSWORD);
            assertEquals(List.of(order), found(agent, "q=ORD-55821"), "after a restart, at once");
        }

        deleteTree(dir.resolve("search"));
        try (SignedInNode node = SignedInNode.alone(dir, Map.of())) {
            AgentSession agent = node.signIn("ana", PASSWORD);
            Await.until(() -> found(agent, "q=kettle").equals(List.of(refund)), Duration.ofSeconds(20),
                    "the lost index rebuilt from the store");
            assertEquals(List.of(japanese), found(agent, "q=" + enc("注文番号")));
            assertEquals(List.of(refund), found(agent, "status=closed"), "with the conversations' state");
        }
    }

    /** The ids the search API lists, waiting up to 10 s for an answer that is not empty (indexing runs behind). */
    private static List<String> found(AgentSession agent, String query) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> ids;
        do {
            ids = foundNow(agent, query);
            if (!ids.isEmpty()) {
                return ids;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        return ids;
    }

    private static List<String> foundNow(AgentSession agent, String query) {
        var response = agent.get("/api/v1/search?" + query);
        assertEquals(200, response.statusCode(), query + ": " + response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("conversations").stream()
                .map(c -> ((JsonObject) c).getString("id")).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
