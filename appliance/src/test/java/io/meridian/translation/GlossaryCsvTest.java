package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.spi.translation.GlossaryTerm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Glossary CSV parsing. */
class GlossaryCsvTest {

    @Test
    void glossaryCsvReadsTranslationsKeepTermsQuotesAndHeader() {
        List<GlossaryTerm> terms = GlossaryCsv.parse("source,target\r\npedido,order\n\"Meridian, Pro\",\n"
                + "SKU-55;=\n\"say \"\"hi\"\"\",\"di \"\"hola\"\"\"\n");
        assertEquals(List.of(GlossaryTerm.translate("pedido", "order"), GlossaryTerm.keep("Meridian, Pro"),
                GlossaryTerm.keep("SKU-55"), GlossaryTerm.translate("say \"hi\"", "di \"hola\"")), terms);
    }

    @Test
    void glossaryCsvBadLineNamesItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlossaryCsv.parse("pedido,order\n,empty\n"));
        assertEquals("line 2: the source term is empty", e.getMessage());
    }
}
