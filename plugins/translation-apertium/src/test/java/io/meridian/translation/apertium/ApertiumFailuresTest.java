package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.EgressRefusedException;
import io.meridian.spi.HttpEgress;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.testkit.FakeConnectorContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the provider does when APY is missing, slow, failing or not APY at all, and which configurations it refuses;
 * against a scripted HTTP server on loopback, so it runs without Apertium.
 */
@Timeout(30)
class ApertiumFailuresTest {

    private static final String PAIRS = "{\"responseData\": [{\"sourceLanguage\": \"eng\", \"targetLanguage\": "
            + "\"spa\"}], \"responseDetails\": null, \"responseStatus\": 200}";

    private HttpServer server;
    private final AtomicReference<Reply> translateReply = new AtomicReference<>();
    private final AtomicInteger served = new AtomicInteger();

    private record Reply(int status, String contentType, String body, long delayMillis) {
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/listPairs", exchange -> {
            served.incrementAndGet();
            send(exchange, new Reply(200, "application/json", PAIRS, 0));
        });
        server.createContext("/translate", exchange -> {
            served.incrementAndGet();
            send(exchange, translateReply.get());
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static ApertiumTranslationProvider provider(Map<String, String> values) throws Exception {
        ApertiumTranslationFactory factory = new ApertiumTranslationFactory();
        return (ApertiumTranslationProvider) factory.create(FakeConnectorContext.builder().build(),
                ConnectorConfig.of(factory.descriptor(), values));
    }

    private ConnectorException failure(Reply reply) throws Exception {
        translateReply.set(reply);
        try (ApertiumTranslationProvider provider = provider(Map.of("baseUrl", startServer(), "timeoutSeconds", "1"))) {
            return assertThrows(ConnectorException.class,
                    () -> provider.translate(TranslationRequest.of("The house", "en", "es")));
        }
    }

    /**
     * Verifies that every request goes through the appliance's residency-checked client: when it refuses the host,
     * APY receives nothing, and the failure is not retryable and does not quote the text.
     */
    @Test
    void hostRefusedByTheResidencyRuleGetsNothing() throws Exception {
        translateReply.set(new Reply(200, "application/json", "{\"responseData\": {\"translatedText\": \"La casa\"}}",
                0));
        String url = startServer();
        List<URI> asked = new CopyOnWriteArrayList<>();
        HttpEgress refusing = request -> {
            asked.add(request.uri());
            throw new EgressRefusedException("host '127.0.0.1' resolves to 203.0.113.9, which is off site");
        };
        ApertiumTranslationFactory factory = new ApertiumTranslationFactory();
        try (var provider = factory.create(FakeConnectorContext.builder().http(refusing).build(),
                ConnectorConfig.of(factory.descriptor(), Map.of("baseUrl", url, "timeoutSeconds", "1")))) {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> provider.translate(TranslationRequest.of("The house", "en", "es")));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("refused by the residency rule"), e.getMessage());
            assertFalse(e.getMessage().contains("house"), e.getMessage());
        }
        assertFalse(asked.isEmpty(), "the provider asked the appliance's client");
        assertEquals(0, served.get(), "APY was never contacted");
    }

    /** Verifies that an APY that is not running is a retryable failure that says so. */
    @Test
    void apyNotRunningIsRetryable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (ApertiumTranslationProvider provider = provider(Map.of("baseUrl", "http://127.0.0.1:" + port))) {
            ConnectorException e = assertThrows(ConnectorException.class, provider::supportedPairs);
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("cannot be reached") && e.getMessage().contains(":" + port),
                    e.getMessage());
        }
    }

    /** Verifies that an APY slower than the timeout is a retryable failure naming the timeout. */
    @Test
    void slowApyIsRetryable() throws Exception {
        ConnectorException e = failure(new Reply(200, "application/json", "{}", 2500));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
    }

    /** Verifies that APY's 503 for a stuck pipeline is retryable and carries APY's explanation. */
    @Test
    void stuckPipelineIsRetryable() throws Exception {
        ConnectorException e = failure(new Reply(503, "application/json",
                "{\"status\": \"error\", \"code\": 503, \"message\": \"Service Unavailable\", \"explanation\": "
                        + "\"internal error\"}", 0));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("internal error"), e.getMessage());
    }

    /** Verifies that APY's 400 (a pair removed since it was listed) is not retryable. */
    @Test
    void badRequestIsNotRetryable() throws Exception {
        ConnectorException e = failure(new Reply(400, "application/json",
                "{\"status\": \"error\", \"code\": 400, \"explanation\": \"That pair is not installed\"}", 0));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("That pair is not installed"), e.getMessage());
    }

    /** Verifies that an answer that is not APY's JSON is a clear, retryable failure that does not echo the body. */
    @Test
    void garbageIsAClearError() throws Exception {
        ConnectorException e = failure(new Reply(200, "text/html", "<html>secret portal</html>", 0));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("not JSON") && e.getMessage().contains("base URL"), e.getMessage());
        assertFalse(e.getMessage().contains("secret portal"), e.getMessage());
        ConnectorException shape = failure(new Reply(200, "application/json", "{\"responseData\": 42}", 0));
        assertTrue(shape.getMessage().contains("no responseData.translatedText"), shape.getMessage());
    }

    /** Verifies that a base URL off this machine is refused unless the admin allows it explicitly. */
    @Test
    void remoteServerNeedsExplicitPermission() throws Exception {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> provider(Map.of("baseUrl", "http://apy.internal.example:2737")));
        assertEquals("baseUrl", e.property());
        assertTrue(e.getMessage().contains("allowRemoteServer"), e.getMessage());
        provider(Map.of("baseUrl", "http://apy.internal.example:2737", "allowRemoteServer", "true")).close();
        for (String local : new String[] {"http://localhost:2737", "http://127.0.0.2:2737", "http://[::1]:2737"}) {
            provider(Map.of("baseUrl", local)).close();
        }
    }

    /** Verifies that other settings the descriptor cannot check are refused naming their property. */
    @Test
    void badSettingsAreRefused() {
        Map<String, String> cases = new HashMap<>();
        cases.put("timeoutSeconds", "0");
        cases.put("languageCodes", "spa");
        cases.put("pivotLanguages", "es, not!a!tag");
        cases.forEach((property, value) -> {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> provider(Map.of(property, value)), property);
            assertEquals(property, e.property());
        });
        InvalidConfigException user = assertThrows(InvalidConfigException.class,
                () -> provider(Map.of("baseUrl", "http://admin:pw@127.0.0.1:2737")));
        assertFalse(user.getMessage().contains("pw"), user.getMessage());
    }
}
