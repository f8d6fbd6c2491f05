package io.meridian.translation.apertium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.LanguagePair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairs and routes from what APY lists; the fixture is APY 0.11's answer with Debian's eng-spa, es-pt, fr-es. */
class PairCatalogTest {

    private static final List<ApyPair> DEBIAN = List.of(new ApyPair("spa", "eng"), new ApyPair("spa", "por_BR"),
            new ApyPair("por", "spa"), new ApyPair("spa", "fra"), new ApyPair("spa", "eng_US"),
            new ApyPair("eng", "spa"), new ApyPair("spa", "por"), new ApyPair("fra", "spa"));

    private static final ApertiumLanguages STANDARD = new ApertiumLanguages(Map.of());

    /** Verifies that three-letter codes and variants become ISO 639-1 tags with regions. */
    @Test
    void codesBecomeIsoTags() throws Exception {
        assertEquals("en", STANDARD.tagOf("eng").orElseThrow());
        assertEquals("es", STANDARD.tagOf("spa").orElseThrow());
        assertEquals("ca", STANDARD.tagOf("cat").orElseThrow());
        assertEquals("pt", STANDARD.tagOf("por").orElseThrow());
        assertEquals("fr", STANDARD.tagOf("fra").orElseThrow());
        assertEquals("fr", STANDARD.tagOf("fre").orElseThrow());
        assertEquals("it", STANDARD.tagOf("ita").orElseThrow());
        assertEquals("gl", STANDARD.tagOf("glg").orElseThrow());
        assertEquals("ro", STANDARD.tagOf("ron").orElseThrow());
        assertEquals("nb", STANDARD.tagOf("nob").orElseThrow());
        assertEquals("pt-BR", STANDARD.tagOf("por_BR").orElseThrow());
        assertEquals("es", STANDARD.tagOf("es").orElseThrow());
        assertEquals("hbs", STANDARD.tagOf("hbs").orElseThrow());
        ApertiumLanguages custom = ApertiumLanguages.parse("languageCodes", "hbs=sr-Latn\n oci_aran = oc-aranes");
        assertEquals("sr-Latn", custom.tagOf("hbs").orElseThrow());
        assertEquals("oc-aranes", custom.tagOf("oci_aran").orElseThrow());
        assertEquals("en", custom.tagOf("eng").orElseThrow());
    }

    /** Verifies that a malformed mapping is refused naming the property. */
    @Test
    void badMappingIsRefused() {
        for (String bad : List.of("hbs", "hbs=", "=sr", "hbs=not a tag", "h!s=sr")) {
            try {
                ApertiumLanguages.parse("languageCodes", bad);
                throw new AssertionError("accepted " + bad);
            } catch (InvalidConfigException e) {
                assertEquals("languageCodes", e.property());
            }
        }
    }

    /** Verifies that two-letter modes of older packages (es-pt, fr-es) give the same pairs. */
    @Test
    void twoLetterModesWork() {
        PairCatalog catalog = PairCatalog.build(List.of(new ApyPair("es", "pt"), new ApyPair("fr", "es")),
                STANDARD, true, List.of("es"));
        assertTrue(catalog.pairs().contains(LanguagePair.of("es", "pt")));
        assertEquals(List.of(new ApyPair("fr", "es"), new ApyPair("es", "pt")),
                catalog.route(LanguagePair.of("fr", "pt")).orElseThrow().hops());
    }

    /** Verifies direct routes, pivots through Spanish, and no pivot between variants of one language. */
    @Test
    void directAndPivotRoutes() {
        PairCatalog catalog = PairCatalog.build(DEBIAN, STANDARD, true, List.of("es", "en"));
        Route direct = catalog.route(LanguagePair.of("en", "es")).orElseThrow();
        assertFalse(direct.isPivot());
        assertEquals("apertium eng-spa", direct.engine());
        Route pivot = catalog.route(LanguagePair.of("fr", "en")).orElseThrow();
        assertEquals(List.of("es"), pivot.via());
        assertEquals(List.of(new ApyPair("fra", "spa"), new ApyPair("spa", "eng")), pivot.hops());
        assertTrue(catalog.pairs().contains(LanguagePair.of("pt", "fr")));
        assertTrue(catalog.pairs().contains(LanguagePair.of("en", "pt-BR")));
        assertFalse(catalog.pairs().contains(LanguagePair.of("en", "en-US")));
        assertFalse(catalog.pairs().contains(LanguagePair.of("pt", "pt-BR")));
        assertEquals(8, catalog.directCount());
        assertEquals(8 + 10, catalog.pairs().size(), catalog.pairs().toString());
    }

    /** Verifies that the preferred intermediate wins when several work. */
    @Test
    void preferredIntermediateWins() {
        List<ApyPair> modes = List.of(new ApyPair("eng", "spa"), new ApyPair("spa", "glg"),
                new ApyPair("eng", "cat"), new ApyPair("cat", "glg"));
        assertEquals(List.of("ca"), PairCatalog.build(modes, STANDARD, true, List.of("ca", "es"))
                .route(LanguagePair.of("en", "gl")).orElseThrow().via());
        assertEquals(List.of("es"), PairCatalog.build(modes, STANDARD, true, List.of("es"))
                .route(LanguagePair.of("en", "gl")).orElseThrow().via());
        assertEquals(List.of("ca"), PairCatalog.build(modes, STANDARD, true, List.of())
                .route(LanguagePair.of("en", "gl")).orElseThrow().via(), "alphabetical without preference");
    }

    /** Verifies that pivots can be turned off. */
    @Test
    void pivotsOff() {
        PairCatalog catalog = PairCatalog.build(DEBIAN, STANDARD, false, List.of("es"));
        assertEquals(8, catalog.pairs().size());
        assertTrue(catalog.route(LanguagePair.of("fr", "en")).isEmpty());
    }
}
