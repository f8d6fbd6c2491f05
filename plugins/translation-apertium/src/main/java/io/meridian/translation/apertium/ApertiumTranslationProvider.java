package io.meridian.translation.apertium;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Translates through an Apertium APY server.
 *
 * <p>One translation: find the pair's {@link Route} (direct, or through an intermediate language); replace glossary
 * terms and protected tokens by {@link NumericPlaceholders numbers}; hide the text's own {@code * @ #} so that
 * {@link UnknownWordMarks the engine's marks} can be told apart; send each hop to APY as plain text; count and
 * remove the marks; put the protected output back. If a placeholder does not come back the translation is refused
 * (non-retryable) rather than returned with a changed term.
 *
 * <p>Confidence: {@value #CEILING} times the share of words Apertium knew (words of the output not marked unknown);
 * a rule-based translation is rough even when every word is known, hence the ceiling. Through an intermediate
 * language it is the product of both hops.
 *
 * <p>The pair list is fetched lazily and kept for {@link #PAIRS_TTL}; a pair that is missing is looked up again at
 * most every {@link #MISSING_PAIR_RECHECK}, so a pair installed later shows up without a restart.
 *
 * <p>Thread-safe.
 */
final class ApertiumTranslationProvider implements TranslationProvider {

    /** The highest confidence claimed, for a text whose every word Apertium knew. */
    static final double CEILING = 0.8;
    static final Duration PAIRS_TTL = Duration.ofMinutes(5);
    static final Duration MISSING_PAIR_RECHECK = Duration.ofSeconds(30);

    private final ConnectorContext context;
    private final ApertiumSettings settings;
    private final ApyClient apy;
    private final Object catalogLock = new Object();
    private PairCatalog catalog;
    private Instant catalogAt = Instant.MIN;
    private volatile boolean closed;

    ApertiumTranslationProvider(ConnectorContext context, ApertiumSettings settings) {
        this.context = context;
        this.settings = settings;
        this.apy = new ApyClient(context.http(), settings.baseUrl(), settings.timeout());
    }

    @Override
    public Set<LanguagePair> supportedPairs() throws Exception {
        return catalog(false).pairs();
    }

    @Override
    public TranslationResult translate(TranslationRequest request) throws Exception {
        ensureOpen();
        LanguagePair pair = request.pair();
        Route route = catalog(false).route(pair).orElse(null);
        if (route == null) {
            route = catalog(true).route(pair).orElseThrow(() -> new ConnectorException("Apertium APY at "
                    + settings.baseUrl() + " has no pair " + pair + ", directly or through another language; "
                    + "install the Apertium package for it (apt-cache search apertium) and restart APY", false));
        }
        if (request.text().isBlank()) {
            return new TranslationResult(request.text(), 1.0, route.engine(), route.via());
        }
        NumericPlaceholders shielded = NumericPlaceholders.shield(request.text(), request.protectedSpans());
        UnknownWordMarks marks = UnknownWordMarks.forText(shielded.text());
        String text = marks.hideLiteralMarks(shielded.text());
        double confidence = 1.0;
        for (ApyPair hop : route.hops()) {
            String marked = apy.translate(hop, text);
            confidence *= CEILING * UnknownWordMarks.tally(marked).knownShare();
            text = UnknownWordMarks.strip(marked);
        }
        String translated;
        try {
            translated = shielded.restore(marks.restoreLiteralMarks(text));
        } catch (NumericPlaceholders.LostPlaceholderException e) {
            throw new ConnectorException("Apertium (" + route.engine() + ") did not keep every glossary term and "
                    + "protected token: " + e.getMessage() + "; the translation is withheld rather than changed",
                    false, e);
        }
        return new TranslationResult(translated, confidence, route.engine(), route.via());
    }

    private PairCatalog catalog(boolean missingPair) throws ConnectorException, InterruptedException {
        ensureOpen();
        synchronized (catalogLock) {
            Instant now = context.clock().instant();
            Duration age = catalog == null ? null : Duration.between(catalogAt, now);
            boolean stale = age == null || age.compareTo(PAIRS_TTL) >= 0
                    || (missingPair && age.compareTo(MISSING_PAIR_RECHECK) >= 0);
            if (stale) {
                List<ApyPair> modes = apy.listPairs();
                catalog = PairCatalog.build(modes, settings.languages(), settings.pivots(),
                        settings.pivotLanguages());
                catalogAt = now;
                context.logger().log(System.Logger.Level.DEBUG, "Apertium APY at {0} offers {1} pairs directly, {2} "
                        + "with pivots", settings.baseUrl(), catalog.directCount(), catalog.pairs().size());
            }
            return catalog;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this Apertium provider is closed");
        }
    }

    @Override
    public void close() {
        // The JDK 17 HTTP client has no close(); its idle connections time out on their own.
        closed = true;
    }
}
