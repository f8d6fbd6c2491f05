package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a TBX term base becomes glossary terms, and what it refuses (docs/translation.md, "TBX term bases"). */
class GlossaryTbxTest {

    private static final LanguagePair ES_EN = LanguagePair.of("es", "en");

    static byte[] sample(String name) {
        try (InputStream in = GlossaryTbxTest.class.getResourceAsStream("/translation/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource translation/" + name + " is missing", e);
        }
    }

    /**
     * Verifies the TBX v2 (martif) mapping: the preferred en-GB term is forced for every es term of the entry (a
     * deprecated es spelling included, the deprecated target never), an entry marked do-not-translate and a term
     * spelled the same in both languages are kept, and entries without a usable term are skipped with their reason.
     */
    @Test
    void tbxV2MapsForcedKeptAndDeprecatedTerms() {
        GlossaryTbx.Parsed parsed = GlossaryTbx.parse(sample("glossary-v2.tbx"), ES_EN);
        assertEquals(List.of(GlossaryTerm.translate("envío", "consignment"),
                GlossaryTerm.translate("despacho", "consignment"),
                GlossaryTerm.keep("Meridian Cloud"),
                GlossaryTerm.keep("XR-200")), parsed.terms());
        assertEquals(3, parsed.skipped().size(), parsed.skipped().toString());
        GlossaryTbx.Skip superseded = parsed.skipped().get(0);
        assertEquals("t-old", superseded.entry());
        assertEquals("only deprecated en terms", superseded.reason());
        assertEquals(30, superseded.line());
        assertEquals("t-fr", parsed.skipped().get(1).entry());
        assertEquals("no es term", parsed.skipped().get(1).reason());
        assertEquals("t-again", parsed.skipped().get(2).entry());
        assertTrue(parsed.skipped().get(2).reason().contains("already given by entry t-envio"),
                parsed.skipped().get(2).reason());
    }

    /** Verifies the TBX v3 (tbx, conceptEntry/langSec/termSec) mapping, in the default namespace of ISO 30042. */
    @Test
    void tbxV3MapsForcedKeptAndDeprecatedTerms() {
        GlossaryTbx.Parsed parsed = GlossaryTbx.parse(sample("glossary-v3.tbx"), ES_EN);
        assertEquals(List.of(GlossaryTerm.translate("pedido", "order"), GlossaryTerm.keep("Lumen Pro")),
                parsed.terms());
        assertEquals(List.of("c3: only deprecated en terms", "c4: no en term"), parsed.skipped().stream()
                .map(s -> s.entry() + ": " + s.reason()).toList());
    }

    /** Verifies that the other direction of the same term base reads the other language as the source. */
    @Test
    void theReversePairReadsTheOtherLanguage() {
        GlossaryTbx.Parsed parsed = GlossaryTbx.parse(sample("glossary-v3.tbx"), LanguagePair.of("en", "es"));
        // "purchase" is a deprecated en spelling: still a source, forced to the es term
        assertEquals(List.of(GlossaryTerm.translate("purchase", "pedido"), GlossaryTerm.translate("order", "pedido"),
                GlossaryTerm.keep("Lumen Pro"), GlossaryTerm.translate("repayment", "reembolso")), parsed.terms());
    }

    /** Verifies the do-not-translate notes the import understands, and that a negative value does not count. */
    @Test
    void doNotTranslateNotes() {
        assertTrue(GlossaryTbx.doNotTranslate("doNotTranslate", "yes"));
        assertTrue(GlossaryTbx.doNotTranslate("do-not-translate", ""));
        assertTrue(GlossaryTbx.doNotTranslate("translatable", "no"));
        assertTrue(GlossaryTbx.doNotTranslate("administrativeStatus", "doNotTranslate-admn-sts"));
        assertFalse(GlossaryTbx.doNotTranslate("doNotTranslate", "false"));
        assertFalse(GlossaryTbx.doNotTranslate("translatable", "yes"));
        assertFalse(GlossaryTbx.doNotTranslate("administrativeStatus", "preferredTerm-admn-sts"));
        assertFalse(GlossaryTbx.doNotTranslate("usageNote", "do not translate"));
    }

    /**
     * Verifies that an external entity is refused, not resolved: the import fails and the file it points at never
     * reaches the terms or the message.
     */
    @Test
    void externalEntityIsRefused(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE martif [ <!ENTITY leak SYSTEM "%s"> ]>
                <martif type="TBX"><text><body>
                  <termEntry id="x"><langSet xml:lang="es"><tig><term>&leak;</term></tig></langSet></termEntry>
                </body></text></martif>
                """.formatted(secret.toUri());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlossaryTbx.parse(xml.getBytes(StandardCharsets.UTF_8), ES_EN));
        assertTrue(e.getMessage().startsWith("line 2: the document declares entities"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET-VALUE"), e.getMessage());
        // an entity used without a declaration (the DTD is not read) is refused by the parser itself
        String undeclared = "<martif><text><body><termEntry><langSet xml:lang=\"es\"><tig><term>&leak;</term>"
                + "</tig></langSet></termEntry></body></text></martif>";
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> GlossaryTbx.parse(undeclared, ES_EN));
        assertTrue(e2.getMessage().startsWith("line 1: "), e2.getMessage());
        assertTrue(e2.getMessage().contains("leak"), e2.getMessage());
    }

    /** Verifies that XML that is not well-formed fails with the line where the parser stopped. */
    @Test
    void malformedXmlNamesTheLine() {
        String xml = """
                <martif type="TBX"><text><body>
                  <termEntry id="a">
                    <langSet xml:lang="es"><tig><term>pedido</term></tig></langSet>
                    <langSet xml:lang="en"><tig><term>order</tig></langSet>
                  </termEntry>
                </body></text></martif>
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(xml, ES_EN));
        assertTrue(e.getMessage().startsWith("line 4: not well-formed XML: "), e.getMessage());
        assertTrue(e.getMessage().contains("term"), e.getMessage());
    }

    /** Verifies the structural errors: wrong root, a language section without xml:lang, a term out of place. */
    @Test
    void misplacedElementsNameTheLineAndWhatWasExpected() {
        IllegalArgumentException root = assertThrows(IllegalArgumentException.class,
                () -> GlossaryTbx.parse("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body/></tmx>", ES_EN));
        assertEquals("line 2: expected a TBX document, whose root element is <martif> (TBX v2, TBX-Basic) or <tbx>"
                + " (TBX v3); found <tmx>", root.getMessage());
        IllegalArgumentException lang = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(
                "<tbx>\n<text><body><conceptEntry id=\"c\">\n<langSec><termSec><term>x</term></termSec></langSec>"
                        + "</conceptEntry></body></text></tbx>", ES_EN));
        assertTrue(lang.getMessage().startsWith("line 3: <langSec> has no xml:lang"), lang.getMessage());
        IllegalArgumentException term = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(
                "<martif><text><body><termEntry>\n<langSet xml:lang=\"es\"><term>x</term></langSet>"
                        + "</termEntry></body></text></martif>", ES_EN));
        assertTrue(term.getMessage().startsWith("line 2: <term> outside a <tig> or <ntig>"), term.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GlossaryTbx.parse("<martif><text><body/></text></martif>", ES_EN));
        assertTrue(none.getMessage().contains("no <termEntry>"), none.getMessage());
    }

    /** Verifies that a term base over the import limit is refused before it is parsed. */
    @Test
    void oversizedTermBaseIsRefused() {
        byte[] big = new byte[GlossaryCsv.MAX_IMPORT_BYTES + 1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlossaryTbx.parse(big, ES_EN));
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
    }
}
