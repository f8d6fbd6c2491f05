package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.ProtectedSpans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placeholders in, protected output back. */
class NumericPlaceholdersTest {

    private static NumericPlaceholders shield(String text, GlossaryTerm... glossary) {
        return NumericPlaceholders.shield(text, ProtectedSpans.find(text, List.of(glossary)));
    }

    /** Verifies that each span becomes a number and the engine's output gets the protected outputs back. */
    @Test
    void roundTrip() throws Exception {
        NumericPlaceholders shielded = shield("Your Meridian order #A-10492 costs €49.90.",
                GlossaryTerm.keep("Meridian"));
        assertEquals("Your 90417 order 90418 costs 90419.", shielded.text());
        assertEquals("Vuestro Meridian orden #A-10492 cuesta €49.90.",
                shielded.restore("Vuestro 90417 orden 90418 cuesta 90419."));
    }

    /** Verifies that placeholders avoid numbers of the text, whose own numbers come back untouched. */
    @Test
    void placeholdersAvoidTheTextsNumbers() throws Exception {
        NumericPlaceholders shielded = shield("Call 90417 about XR-200 within 90418 days.");
        assertEquals(1, shielded.count());
        assertFalse(shielded.text().contains("XR-200"));
        assertTrue(shielded.text().contains("90419"), shielded.text());
        assertEquals("Llama 90417 sobre XR-200 dentro de 90418 días.",
                shielded.restore("Llama 90417 sobre 90419 dentro de 90418 días."));
    }

    /** Verifies that a span touching digits takes them along, so no placeholder merges with other digits. */
    @Test
    void touchingDigitsAreAbsorbed() throws Exception {
        NumericPlaceholders shielded = shield("We use C++17 daily", GlossaryTerm.keep("C++"));
        assertEquals("We use 90417 daily", shielded.text());
        assertEquals("Usamos C++17 diariamente", shielded.restore("Usamos 90417 diariamente"));
        NumericPlaceholders adjacent = shield("C++#A-10492", GlossaryTerm.keep("C++"));
        assertEquals(1, adjacent.count(), adjacent.text());
        assertEquals("C++#A-10492.", adjacent.restore(adjacent.text() + "."));
    }

    /** Verifies that a placeholder the engine lost is reported instead of returning a changed term. */
    @Test
    void lostPlaceholderIsReported() {
        NumericPlaceholders shielded = shield("Meridian and XR-200", GlossaryTerm.keep("Meridian"));
        NumericPlaceholders.LostPlaceholderException e = assertThrows(NumericPlaceholders.LostPlaceholderException.class,
                () -> shielded.restore("90417 y"));
        assertTrue(e.getMessage().startsWith("1 of 2"), e.getMessage());
    }

    /** Verifies that a text without spans goes through unchanged. */
    @Test
    void plainTextIsUnchanged() throws Exception {
        NumericPlaceholders shielded = shield("Just words and 3 numbers.");
        assertEquals("Just words and 3 numbers.", shielded.text());
        assertEquals("x", shielded.restore("x"));
    }
}
