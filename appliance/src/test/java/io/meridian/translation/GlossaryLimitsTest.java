package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.translation.LanguagePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Glossary files built to exhaust the node: each is refused whole with a message saying which limit it passes. */
@Timeout(60)
class GlossaryLimitsTest {

    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");

    /** Verifies that a million-row CSV is refused by size, and one just past the term limit by count, with the line. */
    @Test
    void csvRowLimits() {
        IllegalArgumentException million = assertThrows(IllegalArgumentException.class,
                () -> GlossaryCsv.parse("a,b\n".repeat(1_000_000)));
        assertEquals("the CSV is larger than 1024 KiB; split it into several imports", million.getMessage());

        StringBuilder csv = new StringBuilder("source,target\n");
        for (int i = 1; i <= GlossaryCsv.MAX_IMPORT_TERMS + 1; i++) {
            csv.append("t").append(i).append(",u").append(i).append('\n');
        }
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> GlossaryCsv.parse(csv.toString()));
        assertEquals("line 20002: more than 20000 terms in one import; split it into several imports",
                many.getMessage());
        assertEquals(GlossaryCsv.MAX_IMPORT_TERMS, GlossaryCsv.parse(csv.substring(0, csv.lastIndexOf("t20001")))
                .size(), "exactly the limit is accepted");
    }

    /** Verifies that a giant field is refused naming its line. */
    @Test
    void csvGiantField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlossaryCsv.parse("source,target\nparcel,\"" + "x".repeat(900_000) + "\"\n"));
        assertEquals("line 2: a term is longer than 200 characters", e.getMessage());
    }

    /** Verifies that a "billion laughs" of internal entities is refused, never expanded. */
    @Test
    void tbxEntityExpansionRefused() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n<!ENTITY l0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        String xml = dtd + "]>\n<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><conceptEntry id=\"c\">"
                + "<langSec xml:lang=\"es\"><termSec><term>&l9;</term></termSec></langSec></conceptEntry>"
                + "</body></text></tbx>";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(xml, ES_EN));
        assertTrue(e.getMessage().contains("declares entities"), e.getMessage());
    }

    /** Verifies that a document nested thousands deep is refused at the depth limit with the line. */
    @Test
    void tbxDepthRefused() {
        String xml = "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\">\n" + "<p>".repeat(5000) + "</p>".repeat(5000) + "</tbx>";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(xml, ES_EN));
        assertTrue(e.getMessage().startsWith("line 2: not well-formed XML: ")
                && e.getMessage().contains("exceeds the limit \"64\" set by \"maxElementDepth\""), e.getMessage());
    }

    /** Verifies that a term base with more terms than one import may hold is refused with the line it passes it. */
    @Test
    void tbxTermLimit() {
        // Compact, to stay under the size limit: one entry with a term a line.
        StringBuilder xml = new StringBuilder("<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>"
                + "<conceptEntry id=\"c\"><langSec xml:lang=\"es\">\n");
        for (int i = 1; i <= GlossaryCsv.MAX_IMPORT_TERMS + 1; i++) {
            xml.append("<termSec><term>t").append(i).append("</term></termSec>\n");
        }
        xml.append("</langSec></conceptEntry></body></text></tbx>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlossaryTbx.parse(xml.toString(), ES_EN));
        assertEquals("line 20002: more than 20000 terms in one import; split it into several imports",
                e.getMessage());
    }
}
