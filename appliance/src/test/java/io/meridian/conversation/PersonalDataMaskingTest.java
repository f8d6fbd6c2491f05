package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a reader without the personal-data.unmasked permission, or another region's agent under the masked policy, reads. */
class PersonalDataMaskingTest {

    /**
     * Verifies that e-mail addresses, phone numbers, order and house numbers and the words of the customer's name are
     * masked, in Latin and Japanese text, and that other words and a name's longer neighbours stay.
     */
    @Test
    void masksWhatIdentifiesTheCustomer() {
        assertEquals("Ich bin ••• •••, Bestellung ORD-•••, Mail ••• oder •••.",
                PersonalDataMasking.mask("Ich bin Lena Vogel, Bestellung ORD-48213, Mail lena.vogel@example.de oder "
                        + "+49 30 1234-5678.", "Lena Vogel"));
        assertEquals("Hauptstraße •••, ••• Berlin; Lenard and Vogelsang stay",
                PersonalDataMasking.mask("Hauptstraße 12, 10115 Berlin; Lenard and Vogelsang stay", "Lena Vogel"));
        assertEquals("•••です。注文番号は•••です", PersonalDataMasking.mask("山田花子です。注文番号は55821です", "山田花子"));
        assertEquals("no name given, order •••", PersonalDataMasking.mask("no name given, order 7", null));
        // Full-width digits and at sign, an address cut short by a preview, a name written with an ideographic space.
        assertEquals("電話は•••、メールは•••です", PersonalDataMasking.mask("電話は０９０－１２３４－５６７８、メールは"
                + "hana＠example.jp です", "山田　花子").replace(" ", ""));
        assertEquals("write to •••", PersonalDataMasking.mask("write to lena.vogel@exampl", null));
        assertEquals("••• and ••• called", PersonalDataMasking.mask("山田 and 花子 called", "山田　花子"));
        assertEquals("•••-••• said", PersonalDataMasking.mask("Jean-Luc said", "Jean-Luc Picard"));
        // A long text without an at sign or a digit comes back as it was (the address pattern starts only at words).
        String hostile = "a".repeat(100_000);
        assertEquals(hostile, PersonalDataMasking.mask(hostile, "Lena"));
        assertNull(PersonalDataMasking.mask(null, "Lena"));
        // The node's own texts keep their times and dates; addresses and the customer's name still go.
        assertEquals("Hallo •••, wir öffnen um 09:00 am 8. Dezember; Antwort an •••",
                PersonalDataMasking.maskNodeText("Hallo Lena, wir öffnen um 09:00 am 8. Dezember; Antwort an "
                        + "lena.vogel@example.de", "Lena Vogel"));
    }
}
