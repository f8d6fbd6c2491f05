package io.meridian.translation.libretranslate;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates through a LibreTranslate server.
 *
 * <p>One translation: look the pair up in the server's {@code /languages} (kept for {@link #LANGUAGES_TTL}, asked
 * again at most every {@link #MISSING_PAIR_RECHECK} for a pair it lacks); wrap glossary terms and protected tokens
 * in {@link HtmlShield untranslatable spans}; send the HTML; put the protected output back. If a span does not come
 * back the translation is refused (non-retryable) rather than returned with a changed term.
 *
 * <p>LibreTranslate gives no score, so the confidence is a fixed {@value #CONFIDENCE}, typical of its neural models
 * on conversational text. Its models already pivot through English where they need to, so every pair is reported
 * as direct.
 *
 * <p>Thread-safe.
 */
final class LibreTranslateProvider implements TranslationProvider {

    static final double CONFIDENCE = 0.7;
    static final Duration LANGUAGES_TTL = Duration.ofMinutes(10);
    static final Duration MISSING_PAIR_RECHECK = Duration.ofSeconds(30);

    private final ConnectorContext context;
    private final LibreTranslateClient client;
    private final LanguageCodes codes;
    private final Object lock = new Object();
    private Map<LanguagePair, String[]> pairs;
    private Instant pairsAt = Instant.MIN;
    private volatile boolean closed;

    LibreTranslateProvider(ConnectorContext context, LibreTranslateClient client, LanguageCodes codes) {
        this.context = context;
        this.client = client;
        this.codes = codes;
    }

    @Override
    public Set<LanguagePair> supportedPairs() throws Exception {
        return pairs(false).keySet();
    }

    @Override
    public TranslationResult translate(TranslationRequest request) throws Exception {
        ensureOpen();
        LanguagePair pair = request.pair();
        String[] route = pairs(false).get(pair);
        if (route == null) {
            route = pairs(true).get(pair);
            if (route == null) {
                throw new ConnectorException("LibreTranslate at " + client.host() + " does not translate " + pair
                        + "; its /languages lists " + new TreeSet<>(pairs(false).keySet().stream()
                        .map(LanguagePair::source).toList()) + " as sources", false);
            }
        }
        String engine = "libretranslate " + client.host();
        if (request.text().isBlank()) {
            return TranslationResult.direct(request.text(), 1.0, engine);
        }
        HtmlShield shield = HtmlShield.shield(request.text(), request.protectedSpans());
        String translated = client.translate(shield.html(), route[0], route[1]);
        try {
            return TranslationResult.direct(shield.restore(translated), CONFIDENCE, engine);
        } catch (HtmlShield.LostSpanException e) {
            throw new ConnectorException("LibreTranslate at " + client.host() + " did not keep every glossary term "
                    + "and protected token: " + e.getMessage() + "; the translation is withheld rather than changed",
                    false, e);
        }
    }

    // LanguagePair -> {source code, target code} as LibreTranslate names them
    private Map<LanguagePair, String[]> pairs(boolean missingPair) throws ConnectorException, InterruptedException {
        ensureOpen();
        synchronized (lock) {
            Instant now = context.clock().instant();
            Duration age = pairs == null ? null : Duration.between(pairsAt, now);
            if (age == null || age.compareTo(LANGUAGES_TTL) >= 0
                    || (missingPair && age.compareTo(MISSING_PAIR_RECHECK) >= 0)) {
                Map<LanguagePair, String[]> fresh = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> language : client.languages().entrySet()) {
                    String source = codes.tagOf(language.getKey()).orElse(null);
                    for (String targetCode : language.getValue()) {
                        String target = codes.tagOf(targetCode).orElse(null);
                        if (source != null && target != null && !source.equals(target)) {
                            fresh.putIfAbsent(LanguagePair.of(source, target),
                                    new String[] {language.getKey(), targetCode});
                        }
                    }
                }
                pairs = Collections.unmodifiableMap(fresh);
                pairsAt = now;
                context.logger().log(System.Logger.Level.DEBUG, "LibreTranslate at {0} offers {1} pairs",
                        client.host(), fresh.size());
            }
            return pairs;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this LibreTranslate provider is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.wipe();
        }
    }
}
