package io.meridian.spi.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which parts of a text are kept from the engine: the one recogniser every engine relies on. */
class ProtectedSpansTest {

    private static List<String> protectedIn(String text, GlossaryTerm... glossary) {
        return ProtectedSpans.find(text, List.of(glossary)).stream()
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    /** Verifies that order numbers, SKUs, URLs, e-mail addresses and amounts are protected as whole tokens. */
    @Test
    void tokensAreFound() {
        String text = "Order #A-10492 (SKU XR-200, ref INV2024-0042) at https://shop.example.com/o?id=1&x=(2). "
                + "Mail anna.lopez+orders@example.co.uk. Paid €49.90, 1.234,56 €, EUR 12, US$ 5 and 20.00 USD; "
                + "also #10493.";
        assertEquals(List.of("#A-10492", "XR-200", "INV2024-0042", "https://shop.example.com/o?id=1&x=(2)",
                "anna.lopez+orders@example.co.uk", "€49.90", "1.234,56 €", "EUR 12", "US$ 5", "20.00 USD", "#10493"),
                protectedIn(text));
    }

    /** Verifies that a Spanish message's order numbers, amounts, address and URL are found, a repeated one twice. */
    @Test
    void tokensInASpanishMessage() {
        String text = "Mi pedido #A-10492 (ORD-2231) costó $49.90 y 12,50 €; escribid a ana.p@example.com o mirad "
                + "https://shop.example.com/orders/A-10492?x=1. Otra vez #A-10492.";
        assertEquals(List.of("#A-10492", "ORD-2231", "$49.90", "12,50 €", "ana.p@example.com",
                "https://shop.example.com/orders/A-10492?x=1", "#A-10492"), protectedIn(text));
        assertEquals(List.of(), protectedIn("Hola, ¿cómo estás? Tengo 2 preguntas."));
        assertEquals(List.of(), protectedIn(""));
    }

    /** Verifies that ordinary words, numbers, ordinals, times, hashtags and non-currency capitals are left to the engine. */
    @Test
    void wordsAndPlainNumbersAreNotTokens() {
        assertEquals(List.of(), protectedIn(
                "On the 2nd and 1er at 5pm, 24-hour service for 3 days, 10:30, #support, ABC 12 and 2024-05-01."));
    }

    /** Verifies that a trailing full stop or bracket is not part of a URL or an e-mail address. */
    @Test
    void sentencePunctuationStaysOutside() {
        assertEquals(List.of("https://example.com/a", "help@example.com"),
                protectedIn("See https://example.com/a. (Or help@example.com.)"));
    }

    /** Verifies that glossary terms match whole words regardless of case, keeping the text's spelling. */
    @Test
    void glossaryMatchesWholeWordsIgnoringCase() {
        String text = "MERIDIAN's meridian app, not Meridians or Meridianx.";
        List<ProtectedSpan> spans = ProtectedSpans.find(text, List.of(GlossaryTerm.keep("Meridian")));
        assertEquals(2, spans.size(), spans.toString());
        assertEquals("MERIDIAN", spans.get(0).output());
        assertEquals("meridian", spans.get(1).output());
    }

    /** Verifies that an approved translation becomes the span's output. */
    @Test
    void approvedTranslationIsTheOutput() {
        List<ProtectedSpan> spans = ProtectedSpans.find("Send the Delivery Note today",
                List.of(GlossaryTerm.translate("delivery note", "albarán")));
        assertEquals(1, spans.size());
        assertEquals("albarán", spans.get(0).output());
        assertEquals(9, spans.get(0).start());
    }

    /** Verifies that where candidates overlap the longest wins, so a URL containing a brand stays one URL. */
    @Test
    void longestCandidateWins() {
        String text = "Go to https://meridian.example.com/help now, Meridian fans.";
        assertEquals(List.of("https://meridian.example.com/help", "Meridian"),
                protectedIn(text, GlossaryTerm.keep("Meridian")));
    }

    /** Verifies the rule for codes: letters and digits, upper case or mixed within one part. */
    @Test
    void codeRule() {
        for (String code : List.of("XR-200", "A10492", "mp3", "x200", "B2B", "ORD-2024-001")) {
            assertTrue(ProtectedTokens.isCode(code), code);
        }
        for (String word : List.of("24-hour", "2nd", "5pm", "hello", "2024", "3rd", "10h")) {
            assertFalse(ProtectedTokens.isCode(word), word);
        }
    }
}
