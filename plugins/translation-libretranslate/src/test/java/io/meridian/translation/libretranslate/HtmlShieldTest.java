package io.meridian.translation.libretranslate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.ProtectedSpans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML a plain text is sent as, and the way back. */
class HtmlShieldTest {

    private static HtmlShield shield(String text, GlossaryTerm... glossary) {
        return HtmlShield.shield(text, ProtectedSpans.find(text, List.of(glossary)));
    }

    /** Verifies spans for protected parts and markup characters, and breaks for new lines. */
    @Test
    void textBecomesHtml() {
        HtmlShield shield = shield("Meridian <3 you\r\nsee #A-1", GlossaryTerm.keep("Meridian"));
        assertEquals("<span translate=\"no\" id=\"m0\">Meridian</span> <span translate=\"no\" id=\"m1\"></span>3 "
                + "you<br>see <span translate=\"no\" id=\"m2\">#A-1</span>", shield.html());
    }

    /** Verifies the way back from an answer as LibreTranslate gives it: unescaped, with BeautifulSoup's tags. */
    @Test
    void answerBecomesText() throws Exception {
        HtmlShield shield = shield("Meridian & co\nok", GlossaryTerm.keep("Meridian"));
        assertEquals("Meridian & compañía\nvale", shield.restore("<span id=\"m0\" translate=\"no\">MERIDIANO</span> "
                + "<span translate=\"no\" id=\"m1\"></span> compañía <br/> vale"));
        assertEquals("Meridian & \"x\" <y>", shield.restore(
                "<span translate=\"no\" id=\"m0\">Meridian</span> <span translate=\"no\" id=\"m1\">&amp;</span> "
                        + "&quot;x&quot; <i>&lt;y&gt;</i>"));
    }

    /** Verifies that a span missing from the answer is reported. */
    @Test
    void lostSpanIsReported() {
        HtmlShield shield = shield("Meridian rocks", GlossaryTerm.keep("Meridian"));
        assertThrows(HtmlShield.LostSpanException.class, () -> shield.restore("rocas"));
    }
}
