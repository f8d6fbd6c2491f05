package com.example.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import io.meridian.spi.testkit.TranslationProviderContract;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The phrasebook engine through the translation contract. */
@Timeout(30)
class PhrasebookTranslationTest extends TranslationProviderContract {

    @Override
    protected TranslationProviderFactory translationFactory() {
        return new PhrasebookTranslationFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("pair", "en:es", "phrasebook", "meridian=meridiano\nyour=su\norder=pedido\nwill=va\narrive=llegar\ntomorrow=mañana");
    }

    @Override
    protected LanguagePair supportedPair() {
        return LanguagePair.of("en", "es");
    }

    /** Verifies that known words are translated, case aside, and unknown ones kept. */
    @Test
    void translatesWordForWord() throws Exception {
        TranslationResult result = newInstance().translate(TranslationRequest.of("Your order, Ana", "en", "es"));
        assertEquals("su pedido, Ana", result.text());
        assertEquals(0.5 * 2 / 3, result.confidence(), 1e-9);
    }
}
