package io.meridian.spi.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationRecordsTest {

    /** Verifies that language tags are normalised so pairs from different engines compare equal. */
    @Test
    void languageTagsAreNormalised() {
        assertEquals(LanguagePair.of("zh-TW", "en"), LanguagePair.of("ZH_tw", "EN"));
        assertEquals("zh-Hant-TW", LanguagePair.normalizeTag("zh-hant-tw"));
        assertEquals("es-419", LanguagePair.normalizeTag("es-419"));
        assertEquals(LanguagePair.of("es", "en"), LanguagePair.of("en", "es").reversed());
        assertThrows(IllegalArgumentException.class, () -> LanguagePair.of("en", "EN"));
        assertThrows(IllegalArgumentException.class, () -> LanguagePair.of("english", "es"));
    }

    /** Verifies glossary terms: do-not-translate keeps the source; others need a target. */
    @Test
    void glossaryTerms() {
        assertEquals("Meridian", GlossaryTerm.keep("Meridian").target());
        assertEquals("Meridian", new GlossaryTerm("Meridian", null, true).target());
        assertThrows(IllegalArgumentException.class, () -> new GlossaryTerm("Meridian", "Meridiano", true));
        assertThrows(IllegalArgumentException.class, () -> new GlossaryTerm("order", null, false));
    }

    /** Verifies requests and results: copies, confidence range, no text in toString. */
    @Test
    void requestsAndResults() {
        TranslationRequest r = new TranslationRequest("secret text", "EN", "es", null);
        assertEquals("en", r.sourceLanguage());
        assertEquals(List.of(), r.glossary());
        assertFalse(r.toString().contains("secret text"));
        assertThrows(IllegalArgumentException.class, () -> TranslationResult.direct("x", 1.01, "e"));
        assertThrows(IllegalArgumentException.class, () -> TranslationResult.direct("x", Double.NaN, "e"));
        assertThrows(IllegalArgumentException.class, () -> TranslationResult.direct("x", 0.5, " "));
        TranslationResult pivot = new TranslationResult("Bonjour", 0.4, "apertium", List.of("es"));
        assertEquals(List.of("es"), pivot.via());
        assertTrue(pivot.toString().contains("apertium"));
        assertFalse(pivot.toString().contains("Bonjour"));
    }
}
