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
}
