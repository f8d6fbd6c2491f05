package io.meridian.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meridian.residency.CrossRegionPolicy.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What another region's agent reads under each policy. */
class MaskingTest {

    /**
     * Verifies that e-mail addresses, phone numbers, order and house numbers and the words of the customer's name are
     * masked, in Latin and Japanese text, and that other words and a name's longer neighbours stay.
     */
    @Test
    void masksWhatIdentifiesTheCustomer() {
        assertEquals("Ich bin ••• •••, Bestellung ORD-•••, Mail ••• oder •••.",
                Masking.mask("Ich bin Lena Vogel, Bestellung ORD-48213, Mail lena.vogel@example.de oder "
                        + "+49 30 1234-5678.", "Lena Vogel"));
        assertEquals("Hauptstraße •••, ••• Berlin; Lenard and Vogelsang stay",
                Masking.mask("Hauptstraße 12, 10115 Berlin; Lenard and Vogelsang stay", "Lena Vogel"));
        assertEquals("•••です。注文番号は•••です", Masking.mask("山田花子です。注文番号は55821です", "山田花子"));
        assertEquals("no name given, order •••", Masking.mask("no name given, order 7", null));
        // Full-width digits and at sign, an address cut short by a preview, a name written with an ideographic space.
        assertEquals("電話は•••、メールは•••です", Masking.mask("電話は０９０－１２３４－５６７８、メールは"
                + "hana＠example.jp です", "山田　花子").replace(" ", ""));
        assertEquals("write to •••", Masking.mask("write to lena.vogel@exampl", null));
        assertEquals("••• and ••• called", Masking.mask("山田 and 花子 called", "山田　花子"));
        assertEquals("•••-••• said", Masking.mask("Jean-Luc said", "Jean-Luc Picard"));
        // A long text without an at sign or a digit comes back as it was (the address pattern starts only at words).
        String hostile = "a".repeat(100_000);
        assertEquals(hostile, Masking.mask(hostile, "Lena"));
        assertNull(Masking.mask(null, "Lena"));
    }

    /**
     * Verifies the policy per pair of regions: listed pairs as configured (spaces and case allowed), one region
     * always allowed to itself, and the default for other pairs.
     */
    @Test
    void policyPerPairOfRegions() {
        CrossRegionPolicy policy = CrossRegionPolicy.parse(List.of("eu>us=masked", "eu > apac = DENY", "us>eu=allow"),
                "deny");
        assertEquals(Access.MASKED, policy.of("eu", "us"));
        assertEquals(Access.DENY, policy.of("eu", "apac"));
        assertEquals(Access.ALLOW, policy.of("us", "eu"));
        assertEquals(Access.DENY, policy.of("apac", "eu"), "a pair not listed: the default");
        assertEquals(Access.ALLOW, policy.of("apac", "apac"));
        assertEquals(Access.MASKED, new CrossRegionPolicy(Map.of(), Access.MASKED).of("us", "apac"));
    }
}
