package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Apertium's unknown-word marks versus the customer's own asterisks. */
class UnknownWordMarksTest {

    /** Verifies that marked words are counted against all words, ignoring numbers and punctuation. */
    @Test
    void tallyCountsMarkedWords() {
        UnknownWordMarks.Tally tally = UnknownWordMarks.tally("El *blorfy casa es @grande y #ir 90417, ¿vale?");
        assertEquals(8, tally.words()); // El blorfy casa es grande y ir vale
        assertEquals(3, tally.unknown());
        assertEquals(5.0 / 8, tally.knownShare(), 1e-9);
        assertEquals(1.0, UnknownWordMarks.tally("90417 !").knownShare());
    }

    /** Verifies that marks are removed and the customer's literal characters survive the round trip. */
    @Test
    void literalMarksSurvive() {
        String text = "This is *urgent* #today @home 5 * 3";
        UnknownWordMarks marks = UnknownWordMarks.forText(text);
        String hidden = marks.hideLiteralMarks(text);
        assertFalse(hidden.contains("*") || hidden.contains("#") || hidden.contains("@"), hidden);
        String engine = hidden.replace("This is", "Esto es *blorf").replace("urgent", "urgente");
        String cleaned = UnknownWordMarks.strip(engine);
        assertEquals("Esto es blorf *urgente* #today @home 5 * 3", marks.restoreLiteralMarks(cleaned));
    }

    /** Verifies that stand-in characters already in the text are not reused. */
    @Test
    void standInsAvoidTheText() {
        String text = "\uE000\uE001 *";
        UnknownWordMarks marks = UnknownWordMarks.forText(text);
        String hidden = marks.hideLiteralMarks(text);
        assertEquals(text, marks.restoreLiteralMarks(hidden));
        assertFalse(hidden.contains("*"));
        assertEquals("\uE000\uE001 ", hidden.substring(0, 3));
    }
}
