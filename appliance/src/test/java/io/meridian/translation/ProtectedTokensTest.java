package io.meridian.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.spi.translation.GlossaryTerm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protected-token recognition and glossary CSV parsing. */
class ProtectedTokensTest {

    @Test
    void findsOrderNumbersUrlsEmailsAndAmountsOnce() {
        String text = "Mi pedido #A-10492 (ORD-2231) costó $49.90 y 12,50 €; escribid a ana.p@example.com o mirad "
                + "https://shop.example.com/orders/A-10492?x=1. Otra vez #A-10492.";
        assertEquals(List.of("#A-10492", "ORD-2231", "$49.90", "12,50 €", "ana.p@example.com",
                "https://shop.example.com/orders/A-10492?x=1"), ProtectedTokens.in(text));
    }

    @Test
    void plainTextHasNone() {
        assertEquals(List.of(), ProtectedTokens.in("Hola, ¿cómo estás? Tengo 2 preguntas."));
        assertEquals(List.of(), ProtectedTokens.in(""));
    }

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
