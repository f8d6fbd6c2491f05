package io.meridian.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.DataEgress;
import io.meridian.spi.EgressRefusedException;
import io.meridian.spi.HttpEgress;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connectors' HTTP client against a real Vert.x server on 127.0.0.1, with names resolved by a resolver the test
 * scripts: it connects to the address it checked, keeps the name for the Host header, and follows no redirect.
 */
@Timeout(30)
class CheckedHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Vertx vertx;
    private HttpServer server;
    private int port;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final ScriptedResolver dns = new ScriptedResolver();
    private CheckedHttp http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            hits.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
            switch (request.path()) {
                case "/redirect" -> request.response().setStatusCode(302)
                        .putHeader("Location", "http://remote.example:" + port + "/steal").end();
                default -> request.body().onSuccess(body -> request.response()
                        .putHeader("Content-Type", "text/plain")
                        .end(request.method() + " " + request.getHeader("Host") + " " + body.toString(StandardCharsets.UTF_8)));
            }
        }).listen(0, "127.0.0.1").await();
        port = server.actualPort();
        http = new CheckedHttp(vertx, new EgressRule(dns, OnSiteAddresses.loopbackOnly()));
    }

    @AfterEach
    void stop() {
        http.close();
        vertx.close().await();
    }

    private int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Verifies that a request reaches the on-site address its name resolves to, with the name as its Host. */
    @Test
    void reachesTheCheckedAddressWithTheNameAsHost() throws Exception {
        dns.answer("apy.example", "127.0.0.1");
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        HttpEgress.Response answer = egress.send(HttpEgress.Request.post(
                URI.create("http://apy.example:" + port + "/translate?q=1"), "text/plain",
                "Hola".getBytes(StandardCharsets.UTF_8), TIMEOUT).header("Accept", "text/plain"));
        assertEquals(200, answer.status());
        assertEquals("POST apy.example:" + port + " Hola", new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain", answer.header("content-type").orElseThrow());
        assertEquals(1, hits("/translate"));
    }

    /**
     * Verifies that a name that resolved on site when checked is connected to at that address even though it would
     * resolve off site afterwards (no second lookup between check and connection), and that the next request, which
     * looks it up again, is refused without reaching the server.
     */
    @Test
    void rebindingAfterTheCheckCannotMoveTheConnection() throws Exception {
        dns.answer("engine.example", "127.0.0.1").answer("engine.example", "203.0.113.9");
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        URI uri = URI.create("http://engine.example:" + port + "/translate");

        HttpEgress.Response first = egress.send(HttpEgress.Request.get(uri, TIMEOUT));
        assertEquals(200, first.status());
        assertEquals(List.of("engine.example"), dns.lookups(), "one lookup: the one checked");
        assertEquals(1, hits("/translate"));

        EgressRefusedException refused = assertThrows(EgressRefusedException.class,
                () -> egress.send(HttpEgress.Request.get(uri, TIMEOUT)));
        assertTrue(refused.getMessage().contains("203.0.113.9"), refused.getMessage());
        assertEquals(1, hits("/translate"));
    }

    /**
     * Verifies that a name that reads like loopback but resolves to a remote address is refused before any connection
     * for an instance that counts as on site, and so is a name with a loopback and a public address.
     */
    @Test
    void offSiteNamesAreRefusedBeforeConnecting() {
        dns.answer("127.anything.example.com", "203.0.113.9").answer("mixed.example.com", "127.0.0.1", "203.0.113.9");
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        for (String host : List.of("127.anything.example.com", "mixed.example.com")) {
            EgressRefusedException e = assertThrows(EgressRefusedException.class, () -> egress.send(
                    HttpEgress.Request.post(URI.create("http://" + host + ":" + port + "/translate"), "text/plain",
                            "customer text".getBytes(StandardCharsets.UTF_8), TIMEOUT)));
            assertTrue(e.getMessage().contains("'" + host + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("customer text"), e.getMessage());
        }
        assertEquals(0, hits("/translate"));
    }

    /** Verifies that a redirect to another host comes back as it is: not followed, the other host never looked up. */
    @Test
    void redirectsAreNotFollowed() throws Exception {
        dns.answer("apy.example", "127.0.0.1").answer("remote.example", "127.0.0.1");
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        HttpEgress.Response answer = egress.send(HttpEgress.Request.post(
                URI.create("http://apy.example:" + port + "/redirect"), "text/plain",
                "customer text".getBytes(StandardCharsets.UTF_8), TIMEOUT));
        assertEquals(302, answer.status());
        assertEquals("http://remote.example:" + port + "/steal", answer.header("Location").orElseThrow());
        assertEquals(0, hits("/steal"));
        assertEquals(List.of("apy.example"), dns.lookups());
    }

    /** Verifies that a literal loopback host needs no lookup and is reached. */
    @Test
    void loopbackLiteralIsReached() throws Exception {
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        HttpEgress.Response answer = egress.send(HttpEgress.Request.get(
                URI.create("http://[::ffff:127.0.0.1]:" + port + "/ping"), TIMEOUT));
        assertEquals(200, answer.status());
        assertTrue(dns.lookups().isEmpty());
        assertEquals(1, hits("/ping"));
    }

    /** Verifies that the client refuses to block an event loop, before any lookup or connection. */
    @Test
    void refusesToRunOnAnEventLoop() throws Exception {
        dns.answer("apy.example", "127.0.0.1");
        HttpEgress egress = http.forInstance(DataEgress.localOnly());
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                egress.send(HttpEgress.Request.get(URI.create("http://apy.example:" + port + "/x"), TIMEOUT));
                failure.complete(null);
            } catch (Exception e) {
                failure.complete(e);
            }
        });
        Throwable thrown = failure.get(10, TimeUnit.SECONDS);
        assertTrue(thrown instanceof IllegalStateException, String.valueOf(thrown));
        assertEquals(0, hits("/x"));
        assertTrue(dns.lookups().isEmpty());
    }
}
