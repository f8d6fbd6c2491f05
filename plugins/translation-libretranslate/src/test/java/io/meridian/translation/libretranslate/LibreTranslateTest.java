package io.meridian.translation.libretranslate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.EgressRefusedException;
import io.meridian.spi.HttpEgress;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.meridian.spi.testkit.FakeConnectorContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LibreTranslate provider against a server on loopback that follows LibreTranslate's API. */
@Timeout(30)
class LibreTranslateTest {

    private static final String KEY = "lt-key-0b7e4a92";

    private FakeLibreTranslate server;
    private final List<TranslationProvider> opened = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLibreTranslate(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        for (TranslationProvider p : opened) {
            p.close();
        }
        server.close();
    }

    private TranslationProvider provider(Map<String, String> overrides) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("baseUrl", server.url(), "apiKey", KEY,
                "timeoutSeconds", "1"));
        values.putAll(overrides);
        values.values().removeIf(String::isEmpty);
        LibreTranslateFactory factory = new LibreTranslateFactory();
        TranslationProvider provider = factory.create(FakeConnectorContext.builder().build(),
                ConnectorConfig.of(factory.descriptor(), values));
        opened.add(provider);
        return provider;
    }

    private TranslationProvider provider() throws Exception {
        return provider(Map.of());
    }

    private ConnectorException failure(FakeLibreTranslate.Behaviour behaviour) throws Exception {
        server.behaviour(behaviour);
        TranslationProvider provider = provider();
        return assertThrows(ConnectorException.class,
                () -> provider.translate(TranslationRequest.of("The house is big.", "en", "es")));
    }

    /**
     * Verifies that a text is translated through POST /translate with the documented JSON fields (HTML format, the
     * key), and that the result names the engine and its fixed confidence.
     */
    @Test
    void translatesWithTheDocumentedRequest() throws Exception {
        TranslationResult result = provider().translate(TranslationRequest.of("The house is big.", "en", "es"));
        assertEquals("La casa es grande.", result.text());
        assertEquals("libretranslate 127.0.0.1", result.engine());
        assertEquals(LibreTranslateProvider.CONFIDENCE, result.confidence());
        assertEquals(List.of(), result.via());
        Map<String, Object> request = server.requests().get(0);
        assertEquals("en", request.get("source"));
        assertEquals("es", request.get("target"));
        assertEquals("html", request.get("format"));
        assertEquals(KEY, request.get("api_key"));
        assertEquals("The house is big.", request.get("q"));
    }

    /** Verifies that /languages becomes pairs with BCP 47 tags, LibreTranslate's zt and pb included. */
    @Test
    void languagesBecomePairs() throws Exception {
        Set<LanguagePair> pairs = provider().supportedPairs();
        assertEquals(Set.of(LanguagePair.of("en", "es"), LanguagePair.of("en", "fr"), LanguagePair.of("en", "pt-BR"),
                LanguagePair.of("en", "zh-Hant"), LanguagePair.of("es", "en"), LanguagePair.of("fr", "en"),
                LanguagePair.of("pt-BR", "en"), LanguagePair.of("zh-Hant", "en")), pairs);
        Set<LanguagePair> mapped = provider(Map.of("languageCodes", "zt=zh-TW")).supportedPairs();
        assertTrue(mapped.contains(LanguagePair.of("zh-TW", "en")), mapped.toString());
        provider(Map.of("languageCodes", "zt=zh-TW")).translate(TranslationRequest.of("hello", "en", "zh-TW"));
        assertEquals("zt", server.requests().get(server.requests().size() - 1).get("target"));
    }

    /**
     * Verifies that do-not-translate terms, an approved term and protected tokens come through intact, along with
     * the customer's own markup characters and line breaks, while the words around them are translated.
     */
    @Test
    void glossaryTermsAndProtectedTokensSurvive() throws Exception {
        String url = "https://shop.example.com/orders?id=10492&lang=en";
        String text = "Hello, your Meridian XR-200 from order #A-10492 has arrived.\nSee " + url
                + " or write to help@example.com. You paid €49.90.\n<b>the dog</b> & 5 > 3 &amp;";
        TranslationResult result = provider().translate(new TranslationRequest(text, "en", "es",
                List.of(GlossaryTerm.keep("Meridian"), GlossaryTerm.keep("XR-200"),
                        GlossaryTerm.translate("house", "vivienda"))));
        for (String kept : List.of("Meridian", "XR-200", "#A-10492", url, "help@example.com", "€49.90",
                "<b>", "</b>", " & ", " > ", "&amp;")) {
            assertTrue(result.text().contains(kept), "'" + kept + "' did not survive: " + result.text());
        }
        assertTrue(result.text().startsWith("Hola, su Meridian XR-200 de pedido #A-10492 ha llegado.\nVea "),
                result.text());
        assertEquals(3, result.text().split("\n").length, result.text());
        assertTrue(result.text().contains("<b>la perro</b>"), result.text());
        TranslationResult approved = provider().translate(new TranslationRequest("The house is big.", "en", "es",
                List.of(GlossaryTerm.translate("house", "vivienda"))));
        assertEquals("La vivienda es grande.", approved.text());
    }

    /** Verifies that a server that loses an untranslatable element gets the translation withheld, not changed. */
    @Test
    void lostProtectedTermIsRefused() throws Exception {
        server.behaviour(FakeLibreTranslate.Behaviour.DROP_SPANS);
        TranslationProvider provider = provider();
        ConnectorException e = assertThrows(ConnectorException.class, () -> provider.translate(
                new TranslationRequest("Your Meridian order", "en", "es", List.of(GlossaryTerm.keep("Meridian")))));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("withheld"), e.getMessage());
    }

    /** Verifies that a wrong key is a clear, non-retryable failure that never shows the key. */
    @Test
    void wrongKeyIsNotRetryable() throws Exception {
        TranslationProvider provider = provider(Map.of("apiKey", "wrong-key-77aa"));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> provider.translate(TranslationRequest.of("The house", "en", "es")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("Invalid API key")
                && e.getMessage().contains("check apiKey"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-key-77aa"), e.getMessage());
    }

    /** Verifies that a server requiring a key refuses a request without one, non-retryably, saying what to set. */
    @Test
    void missingKeyIsNotRetryable() throws Exception {
        TranslationProvider provider = provider(Map.of("apiKey", ""));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> provider.translate(TranslationRequest.of("The house", "en", "es")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("get an API key"), e.getMessage());
        assertFalse(server.requests().get(0).containsKey("api_key"));
    }

    /** Verifies that a server error is retryable and carries the server's message. */
    @Test
    void serverErrorIsRetryable() throws Exception {
        ConnectorException e = failure(FakeLibreTranslate.Behaviour.FAIL_500);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("model crashed"), e.getMessage());
    }

    /** Verifies that a server slower than the timeout is a retryable failure naming the timeout. */
    @Test
    void timeoutIsRetryable() throws Exception {
        ConnectorException e = failure(FakeLibreTranslate.Behaviour.SLOW);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
    }

    /** Verifies that a rate limit is retryable after the server's Retry-After, and a temporary ban retryable too. */
    @Test
    void rateLimitsAreRetryable() throws Exception {
        ConnectorException limited = failure(FakeLibreTranslate.Behaviour.RATE_LIMITED);
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());
        ConnectorException banned = failure(FakeLibreTranslate.Behaviour.BANNED);
        assertTrue(banned.retryable());
        assertTrue(banned.getMessage().contains("Too many request limits violations"), banned.getMessage());
    }

    /** Verifies that an answer that is not LibreTranslate's JSON is a clear error that does not echo the body. */
    @Test
    void garbageIsAClearError() throws Exception {
        ConnectorException html = failure(FakeLibreTranslate.Behaviour.GARBAGE);
        assertTrue(html.retryable());
        assertTrue(html.getMessage().contains("not JSON") && html.getMessage().contains("text/html")
                && html.getMessage().contains("base URL"), html.getMessage());
        assertFalse(html.getMessage().contains("captive portal"), html.getMessage());
        ConnectorException shape = failure(FakeLibreTranslate.Behaviour.NO_TRANSLATED_TEXT);
        assertTrue(shape.getMessage().contains("without translatedText"), shape.getMessage());
    }

    /** Verifies that a server that is not running is a retryable failure. */
    @Test
    void unreachableServerIsRetryable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        TranslationProvider provider = provider(Map.of("baseUrl", "http://127.0.0.1:" + port));
        ConnectorException e = assertThrows(ConnectorException.class, provider::supportedPairs);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
    }

    /**
     * Verifies that every request goes through the appliance's residency-checked client: when it refuses the host,
     * the server receives nothing, and the failure is not retryable and quotes neither text nor key.
     */
    @Test
    void hostRefusedByTheResidencyRuleGetsNothing() throws Exception {
        List<URI> asked = new CopyOnWriteArrayList<>();
        HttpEgress refusing = request -> {
            asked.add(request.uri());
            throw new EgressRefusedException("host '127.0.0.1' resolves to 203.0.113.9, which is off site");
        };
        LibreTranslateFactory factory = new LibreTranslateFactory();
        TranslationProvider provider = factory.create(FakeConnectorContext.builder().http(refusing).build(),
                ConnectorConfig.of(factory.descriptor(), Map.of("baseUrl", server.url(), "apiKey", KEY,
                        "timeoutSeconds", "1")));
        opened.add(provider);
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> provider.translate(TranslationRequest.of("The house is big.", "en", "es")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("refused by the residency rule"), e.getMessage());
        assertFalse(e.getMessage().contains("house") || e.getMessage().contains(KEY), e.getMessage());
        assertFalse(asked.isEmpty(), "the provider asked the appliance's client");
        assertTrue(server.requests().isEmpty(), "the server was never sent the text");
    }

    /** Verifies that the egress is the configured host, so the residency policy sees where text goes. */
    @Test
    void egressIsTheConfiguredHost() throws Exception {
        LibreTranslateFactory factory = new LibreTranslateFactory();
        assertFalse(factory.descriptor().egress().isLocal());
        ConnectorConfig config = ConnectorConfig.of(factory.descriptor(),
                Map.of("baseUrl", "https://translate.example.com/"));
        assertEquals(Set.of("translate.example.com"), config.egress().remoteHosts());
    }

    /** Verifies that settings the descriptor cannot check are refused naming their property. */
    @Test
    void badSettingsAreRefused() {
        for (Map.Entry<String, String> bad : Map.of("timeoutSeconds", "0", "languageCodes", "zt",
                "baseUrl", "ws://127.0.0.1:5000").entrySet()) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> provider(Map.of(bad.getKey(), bad.getValue())), bad.getKey());
            assertEquals(bad.getKey(), e.property());
        }
    }
}
