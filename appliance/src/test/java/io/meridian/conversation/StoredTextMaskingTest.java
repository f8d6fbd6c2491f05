package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Card numbers and IBANs masked before storage; what only looks like one stays as written. */
class StoredTextMaskingTest {

    private static final StoredTextMasking BOTH = StoredTextMasking.of(List.of("card", "iban"));

    @Test
    void cardNumbersThatCheckOutAreMaskedToTheirLastFour() {
        assertEquals("my card is •••• •••• •••• 1111, thanks", BOTH.mask("my card is 4111 1111 1111 1111, thanks"));
        assertEquals("••••-••••-••••-4444", BOTH.mask("5555-5555-5555-4444"));
        assertEquals("Amex •••••••••••0005", BOTH.mask("Amex 378282246310005"));
        assertEquals("card ••••••••••••1111 exp 12/29", BOTH.mask("card 4111111111111111 exp 12/29"));
        assertEquals("•••• •••• •••• 1111 2029", BOTH.mask("4111 1111 1111 1111 2029"),
                "the year after it is not part of the number");
        assertEquals("two: ••••••••••••1111 and ••••••••••••4444", BOTH.mask(
                "two: 4111111111111111 and 5555555555554444"));
    }

    @Test
    void whatOnlyLooksLikeACardStays() {
        for (String text : List.of("order 4111 1111 1111 1112", "call +49 1701 2345 6789 01", "ORD-55821",
                "1234567890123", "tracking 9400111899223344556677", "total 1,234.56 EUR")) {
            assertEquals(text, BOTH.mask(text), text);
        }
        assertTrue(StoredTextMasking.luhn("79927398713"));
        assertFalse(StoredTextMasking.luhn("79927398710"));
    }

    @Test
    void ibansThatCheckOutAreMasked() {
        assertEquals("IBAN •••• •••• •••• •••• ••30 00 please", BOTH.mask("IBAN DE89 3704 0044 0532 0130 00 please"));
        assertEquals("pay to •••••••••••••••••••••••2606 now", BOTH.mask("pay to FR1420041010050500013M02606 now"));
        assertEquals("•••• •••• •••• •••• ••54 32 done", BOTH.mask("GB82 WEST 1234 5698 7654 32 done"),
                "cut at the country's length, whatever follows");
        assertEquals("GB33BUKB20201555555556 is wrong", BOTH.mask("GB33BUKB20201555555556 is wrong"),
                "a wrong check digit stays");
        assertEquals("DE89 3704 0044 0532 0130 01", BOTH.mask("DE89 3704 0044 0532 0130 01"));
    }

    @Test
    void onlyTheConfiguredKindsAndNothingElse() {
        StoredTextMasking cards = StoredTextMasking.of(List.of("card"));
        assertEquals("DE89 3704 0044 0532 0130 00", cards.mask("DE89 3704 0044 0532 0130 00"));
        assertEquals("4111111111111111", StoredTextMasking.NONE.mask("4111111111111111"));
        assertEquals(null, BOTH.mask(null));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> StoredTextMasking.of(List.of("card", "ssn")));
        assertTrue(bad.getMessage().contains("'ssn'"), bad.getMessage());
        String long100k = "x".repeat(50_000) + " 4111111111111111 " + "9".repeat(49_000);
        assertTrue(BOTH.mask(long100k).contains("••••••••••••1111"), "a long message is masked in one pass");
    }

    private static final StoredTextMasking IDS = StoredTextMasking.of(List.of("national-id", "phone"));

    /** Verifies that each national id format that checks out is masked to its last two characters. */
    @Test
    void nationalIdsThatCheckOutAreMasked() {
        assertEquals("SSN •••-••-••89 ok", IDS.mask("SSN 123-45-6789 ok"));
        assertEquals("NI •• •• •• •6 C", IDS.mask("NI AB 12 34 56 C"));
        assertEquals("NIR • •• •• •• ••• ••• 46", IDS.mask("NIR 1 84 12 76 451 089 46"));
        assertEquals("NIR •••••••••••••46", IDS.mask("NIR 184127645108946"));
        assertEquals("DNI •••••••8Z", IDS.mask("DNI 12345678Z"));
        assertEquals("NIE •••••••7L", IDS.mask("NIE X1234567L"));
        assertEquals("CF ••••••••••••••2S", IDS.mask("CF RSSMRA85T10A562S"));
        assertEquals("pnr ••••••-••76", IDS.mask("pnr 811218-9876"));
        assertEquals("身份证 ••••••••••••••••2X", IDS.mask("身份证 11010519491231002X"));
        assertEquals("RRN ••••••-•••••67", IDS.mask("RRN 900101-1234567"));
        assertEquals("CPF •••.•••.•••-25", IDS.mask("CPF 529.982.247-25"));
        assertEquals("Aadhaar •••• •••• ••46", IDS.mask("Aadhaar 2341 2341 2346"));
    }

    /** Verifies that numbers that look like national ids but fail their check, date or form stay as written. */
    @Test
    void whatOnlyLooksLikeANationalIdStays() {
        for (String text : List.of("SSN 000-12-3456", "SSN 666-12-3456", "ref 912-34-5678", "id 123-00-6789",
                "NI GB 12 34 56 A", "NI DA 12 34 56 A", "NIR 1 84 12 76 451 089 47", "DNI 12345678A",
                "CF RSSMRA85T10A562X", "pnr 811218-9875", "pnr 811332-9876", "ID 110105194912310021",
                "ID 110105194913310029", "RRN 901301-1234567", "CPF 529.982.247-26", "CPF 111.111.111-11",
                "Aadhaar 2341 2341 2345", "Aadhaar 1341 2341 2346", "order 123456789", "ORD-2024-11-18",
                "tracking 1Z999AA10123456784")) {
            assertEquals(text, IDS.mask(text), text);
        }
    }

    /** Verifies that international phone numbers are masked to their last two digits, other numbers not. */
    @Test
    void internationalPhoneNumbersAreMasked() {
        assertEquals("call me on +•• •• •••••67", IDS.mask("call me on +49 30 1234567"));
        assertEquals("+•-•••-•••-••67 or •••• •••••••67", IDS.mask("+1-212-555-0167 or 0033 612345667"));
        assertEquals("tel +•• (•) •••• ••••56", IDS.mask("tel +44 (0) 2079 460456"));
        assertEquals("+•• •• •••• ••58 1234 5678", IDS.mask("+44 20 7946 0958 1234 5678"),
                "a number followed by more digit groups: the phone number is masked, the rest stays");
        for (String text : List.of("call 030 1234567", "+49 123", "order 0012345", "Order 0012345678",
                "total +1200 EUR", "version 2.0.1")) {
            assertEquals(text, IDS.mask(text), text);
        }
        assertEquals("4111 1111 1111 1111", IDS.mask("4111 1111 1111 1111"), "cards are their own kind");
        assertThrows(IllegalArgumentException.class, () -> StoredTextMasking.of(List.of("passport")));
    }
}
