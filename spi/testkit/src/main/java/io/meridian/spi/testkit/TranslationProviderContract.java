package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TranslationProviderFactory} and its {@link TranslationProvider}s honour. Extend it in
 * the plugin's tests and supply {@link #translationFactory()}, {@link #validConfig()} (pointing at a local engine or
 * a fake of the remote API) and {@link #supportedPair()}.
 *
 * <p>Checks, beyond {@link ConnectorFactoryContract}'s: the supported pairs are non-empty and include
 * {@link #supportedPair()}; translating {@link #sampleText()} returns non-empty text with a confidence between 0 and 1
 * and names the engine; a do-not-translate glossary term survives unchanged; an empty text translates to an empty
 * text; an unsupported pair fails with a non-retryable {@link ConnectorException}.
 */
public abstract class TranslationProviderContract
        extends ConnectorFactoryContract<TranslationProvider, ConnectorContext> {

    /** @return a new factory, as PF4J would create it */
    protected abstract TranslationProviderFactory translationFactory();

    /** @return a pair the configured engine translates */
    protected abstract LanguagePair supportedPair();

    @Override
    protected final ConnectorFactory<TranslationProvider, ConnectorContext> factory() {
        return translationFactory();
    }

    /** @return a recording context; override to change its ids or clock */
    @Override
    protected ConnectorContext newContext() {
        return FakeConnectorContext.builder().pluginId("test-" + translationFactory().id()).instanceId("contract")
                .build();
    }

    /**
     * @return a text in the source language of {@link #supportedPair()} that contains {@link #keptTerm()}; by
     *         default an English sentence
     */
    protected String sampleText() {
        return "Your " + keptTerm() + " order will arrive tomorrow.";
    }

    /** @return a product name the glossary marks do-not-translate; must occur in {@link #sampleText()} */
    protected String keptTerm() {
        return "Meridian";
    }

    /**
     * @return a pair the engine does not translate, or empty to skip that check; by default the first of a few
     *         unusual pairs that {@code supportedPairs()} does not list
     * @throws Exception if the supported pairs cannot be read
     */
    protected Optional<LanguagePair> unsupportedPair() throws Exception {
        Set<LanguagePair> supported = newInstance().supportedPairs();
        for (LanguagePair candidate : List.of(LanguagePair.of("kl", "mi"), LanguagePair.of("gn", "iu"),
                LanguagePair.of("ty", "fo"))) {
            if (!supported.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Verifies that the engine lists its pairs and that they include the one under test. */
    @Test
    public void supportedPairsIncludeTheSupportedPair() throws Exception {
        Set<LanguagePair> pairs = newInstance().supportedPairs();
        assertNotNull(pairs, "supportedPairs() returned null");
        assertFalse(pairs.isEmpty(), "supportedPairs() is empty");
        assertTrue(pairs.contains(supportedPair()), "supportedPairs() " + pairs + " lacks " + supportedPair());
    }

    /** Verifies that a supported pair translates to non-empty text with a confidence in [0, 1] and an engine name. */
    @Test
    public void supportedPairTranslates() throws Exception {
        LanguagePair pair = supportedPair();
        TranslationResult result = newInstance().translate(TranslationRequest.of(sampleText(), pair.source(),
                pair.target()));
        assertNotNull(result, "translate() returned null");
        assertFalse(result.text().isBlank(), "the translation is empty");
        assertTrue(result.confidence() >= 0 && result.confidence() <= 1, "confidence " + result.confidence());
        assertFalse(result.engine().isBlank(), "the result must name the engine");
    }

    /** Verifies that a do-not-translate glossary term appears unchanged in the translation. */
    @Test
    public void doNotTranslateTermsSurvive() throws Exception {
        LanguagePair pair = supportedPair();
        assertTrue(sampleText().contains(keptTerm()), "sampleText() must contain keptTerm()");
        TranslationResult result = newInstance().translate(new TranslationRequest(sampleText(), pair.source(),
                pair.target(), List.of(GlossaryTerm.keep(keptTerm()))));
        assertTrue(result.text().contains(keptTerm()), "the do-not-translate term '" + keptTerm()
                + "' was changed: " + result.text());
    }

    /** Verifies that an empty text translates to an empty text rather than failing. */
    @Test
    public void emptyTextTranslatesToEmpty() throws Exception {
        LanguagePair pair = supportedPair();
        TranslationResult result = newInstance().translate(TranslationRequest.of("", pair.source(), pair.target()));
        assertEquals("", result.text().strip(), "an empty text must translate to an empty text");
    }

    /** Verifies that an unsupported pair fails with a non-retryable ConnectorException. */
    @Test
    public void unsupportedPairIsRefusedAsNotRetryable() throws Exception {
        Optional<LanguagePair> unsupported = unsupportedPair();
        Assumptions.assumeTrue(unsupported.isPresent(), "the engine supports every candidate pair");
        LanguagePair pair = unsupported.get();
        try {
            newInstance().translate(TranslationRequest.of(sampleText(), pair.source(), pair.target()));
            fail("translating the unsupported pair " + pair + " did not fail");
        } catch (ConnectorException e) {
            assertFalse(e.retryable(), "an unsupported pair cannot succeed later, so it must not be retryable");
        }
    }
}
