package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.meridian.spi.testkit.FakeConnectorContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Translations through the real Apertium APY server (see {@link ApyServer}). */
@Timeout(60)
class ApertiumTranslationTest {

    private TranslationProvider provider;

    @BeforeEach
    void start() throws Exception {
        ApyServer.require();
        provider = create(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    private static ApertiumTranslationProvider create(Map<String, String> extra) throws Exception {
        ApertiumTranslationFactory factory = new ApertiumTranslationFactory();
        Map<String, String> values = new HashMap<>(Map.of("baseUrl", ApyServer.url().toString(),
                "timeoutSeconds", "20"));
        values.putAll(extra);
        return (ApertiumTranslationProvider) factory.create(
                FakeConnectorContext.builder().pluginId(ApertiumTranslationFactory.ID).build(),
                ConnectorConfig.of(factory.descriptor(), values));
    }

    private static String lower(TranslationResult result) {
        return result.text().toLowerCase(Locale.ROOT);
    }

    /** Verifies that English becomes real Spanish, directly, with a confidence in (0, 0.8]. */
    @Test
    void englishToSpanish() throws Exception {
        TranslationResult result = provider.translate(TranslationRequest.of(
                "The house is big and the dog is small. Thank you for your message.", "en", "es"));
        String text = lower(result);
        for (String word : List.of("casa", "perro", "grande", "pequeño", "gracias", "mensaje")) {
            assertTrue(text.contains(word), "expected '" + word + "' in: " + result.text());
        }
        assertFalse(text.contains("house"), result.text());
        assertEquals(List.of(), result.via());
        assertEquals("apertium eng-spa", result.engine());
        assertTrue(result.confidence() > 0.5 && result.confidence() <= ApertiumTranslationProvider.CEILING,
                "confidence " + result.confidence());
    }

    /** Verifies that Spanish becomes real English. */
    @Test
    void spanishToEnglish() throws Exception {
        TranslationResult result = provider.translate(TranslationRequest.of(
                "La casa es grande y el perro es pequeño. Gracias por tu mensaje.", "es", "en"));
        String text = lower(result);
        for (String word : List.of("house", "dog", "big", "small", "thank", "message")) {
            assertTrue(text.contains(word), "expected '" + word + "' in: " + result.text());
        }
        assertFalse(text.contains("perro"), result.text());
        assertEquals("apertium spa-eng", result.engine());
    }

    /**
     * Verifies that do-not-translate terms (a brand Apertium would turn into "Meridiano", a SKU it would mark
     * unknown) and protected tokens (an order number whose "A" Apertium would turn into "Un", a URL, an e-mail
     * address, an amount) come through character for character, while the words around them are translated.
     */
    @Test
    void glossaryTermsAndProtectedTokensSurvive() throws Exception {
        String url = "https://shop.example.com/orders?id=10492&lang=en";
        String email = "help@meridian-support.example.com";
        String text = "Hello, your Meridian XR-200 from order #A-10492 has arrived. The house is big. "
                + "See " + url + " or write to " + email + ". You paid €49.90 and 12,50 EUR.";
        TranslationResult result = provider.translate(new TranslationRequest(text, "en", "es",
                List.of(GlossaryTerm.keep("Meridian"), GlossaryTerm.keep("XR-200"))));
        for (String kept : List.of("Meridian", "XR-200", "#A-10492", url, email, "€49.90", "12,50 EUR")) {
            assertTrue(result.text().contains(kept), "'" + kept + "' did not survive: " + result.text());
        }
        assertFalse(result.text().contains("Meridiano"), result.text());
        assertTrue(lower(result).contains("casa") && lower(result).contains("hola"), result.text());
    }

    /** Verifies that a term with an approved translation appears as that translation. */
    @Test
    void approvedTermTranslationIsUsed() throws Exception {
        TranslationResult result = provider.translate(new TranslationRequest(
                "Please send the delivery note with the house keys.", "en", "es",
                List.of(GlossaryTerm.translate("delivery note", "albarán"))));
        assertTrue(result.text().contains("albarán"), result.text());
        assertTrue(lower(result).contains("casa"), result.text());
        assertFalse(lower(result).contains("delivery"), result.text());
    }

    /**
     * Verifies that French reaches English through Spanish (Debian has no French-English pair): the pair is
     * listed, the result names Spanish as the pivot, both modes as the engine, and a confidence no higher than
     * one hop's ceiling squared.
     */
    @Test
    void frenchToEnglishPivotsThroughSpanish() throws Exception {
        Set<LanguagePair> pairs = provider.supportedPairs();
        assertTrue(pairs.contains(LanguagePair.of("fr", "en")), "fr->en missing from " + pairs);
        TranslationResult result = provider.translate(new TranslationRequest(
                "La maison est grande et le chien est petit. Merci pour votre commande #A-10492 chez Meridian.",
                "fr", "en", List.of(GlossaryTerm.keep("Meridian"))));
        String text = lower(result);
        for (String word : List.of("house", "big", "dog", "small")) {
            assertTrue(text.contains(word), "expected '" + word + "' in: " + result.text());
        }
        assertTrue(result.text().contains("#A-10492") && result.text().contains("Meridian"), result.text());
        assertEquals(List.of("es"), result.via());
        assertEquals("apertium fra-spa+spa-eng", result.engine());
        double ceiling = ApertiumTranslationProvider.CEILING * ApertiumTranslationProvider.CEILING;
        assertTrue(result.confidence() > 0.3 && result.confidence() <= ceiling + 1e-9,
                "confidence " + result.confidence());
    }

    /** Verifies that the pairs of the installed packages are listed under ISO 639-1 tags, with their pivots. */
    @Test
    void pairsAreListedByIsoTags() throws Exception {
        Set<LanguagePair> pairs = provider.supportedPairs();
        for (LanguagePair expected : List.of(LanguagePair.of("en", "es"), LanguagePair.of("es", "en"),
                LanguagePair.of("es", "pt"), LanguagePair.of("pt", "es"), LanguagePair.of("fr", "es"),
                LanguagePair.of("es", "fr"), LanguagePair.of("en", "pt"), LanguagePair.of("en", "fr"))) {
            assertTrue(pairs.contains(expected), expected + " missing from " + pairs);
        }
        assertTrue(pairs.stream().noneMatch(p -> p.source().length() == 3 || p.target().length() == 3), pairs.toString());
    }

    /** Verifies that turning pivots off leaves only the modes APY has, and refuses fr->en as not retryable. */
    @Test
    void withoutPivotsOnlyDirectPairs() throws Exception {
        try (ApertiumTranslationProvider direct = create(Map.of("pivot", "false"))) {
            assertFalse(direct.supportedPairs().contains(LanguagePair.of("fr", "en")));
            assertTrue(direct.supportedPairs().contains(LanguagePair.of("fr", "es")));
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> direct.translate(TranslationRequest.of("Bonjour", "fr", "en")));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("fr->en"), e.getMessage());
        }
    }

    /**
     * Verifies that words Apertium does not know lower the confidence, that its unknown-word marks do not reach the
     * text, and that asterisks, at signs and hashes the customer typed do.
     */
    @Test
    void unknownWordsLowerTheConfidenceAndMarksAreRemoved() throws Exception {
        TranslationResult known = provider.translate(TranslationRequest.of("The house is big.", "en", "es"));
        TranslationResult unknown = provider.translate(TranslationRequest.of(
                "The blorfy house is zzxqy and *big* #today @home.", "en", "es"));
        assertTrue(unknown.confidence() < known.confidence(), known.confidence() + " vs " + unknown.confidence());
        assertTrue(unknown.text().contains("blorfy") && unknown.text().contains("zzxqy"), unknown.text());
        assertFalse(unknown.text().contains("*blorfy") || unknown.text().contains("*zzxqy"), unknown.text());
        assertEquals(2, unknown.text().chars().filter(c -> c == '*').count(), unknown.text());
        assertTrue(unknown.text().contains("#") && unknown.text().contains("@"), unknown.text());
    }

    /** Verifies that line breaks and a text of only protected tokens come back as they were. */
    @Test
    void layoutAndTokenOnlyTextsAreKept() throws Exception {
        TranslationResult lines = provider.translate(TranslationRequest.of("The house.\n\nThe dog.", "en", "es"));
        assertEquals(2, lines.text().split("\n\n").length, lines.text());
        TranslationResult tokens = provider.translate(TranslationRequest.of("#A-10492 €49.90", "en", "es"));
        assertEquals("#A-10492 €49.90", tokens.text());
    }
}
