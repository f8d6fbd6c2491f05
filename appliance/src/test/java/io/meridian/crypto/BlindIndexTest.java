package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlindIndexTest {

    private final BlindIndex index = new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256"));

    /** Verifies that e-mail addresses differing only in case and surrounding spaces share one index. */
    @Test
    void normalisesEmail() {
        assertEquals(index.of("email", "ana.silva@example.com"), index.of("email", "  Ana.Silva@EXAMPLE.com \n"));
        assertNotEquals(index.of("email", "ana.silva@example.com"), index.of("email", "ana.silva@example.org"));
        assertEquals("ana@example.com", BlindIndex.normalise("email", " ANA@Example.COM "));
    }

    /** Verifies that phone numbers keep only digits (any script) and a leading plus. */
    @Test
    void normalisesPhone() {
        assertEquals("+4930123456", BlindIndex.normalise("phone", " +49 (30) 123-456 "));
        assertEquals("0301234", BlindIndex.normalise("phone", "030 12+34"));
        assertEquals("+123", BlindIndex.normalise("phone", "+１２３"));
        assertEquals(index.of("phone", "+49 30 123456"), index.of("phone", "+49-30-123456"));
        assertNotEquals(index.of("phone", "+49 30 123456"), index.of("phone", "49 30 123456"));
    }

    /** Verifies that other kinds are only trimmed, so case still matters for tokens. */
    @Test
    void trimsOtherKinds() {
        assertEquals(index.of("visitor", "AbC"), index.of("visitor", " AbC "));
        assertNotEquals(index.of("visitor", "AbC"), index.of("visitor", "abc"));
    }

    /** Verifies that the kind is part of the fingerprint, and that another key gives other fingerprints. */
    @Test
    void separatesKindsAndKeys() {
        assertNotEquals(index.of("email", "x@example.com"), index.of("visitor", "x@example.com"));
        BlindIndex other = new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256"));
        assertNotEquals(index.of("email", "x@example.com"), other.of("email", "x@example.com"));
    }

    /** Verifies that the output is 43 base64url characters and contains nothing of the input. */
    @Test
    void isCompactBase64Url() {
        String fingerprint = index.of("email", "someone@example.com");
        assertTrue(fingerprint.matches("[A-Za-z0-9_-]{43}"), fingerprint);
        assertThrows(IllegalArgumentException.class, () -> index.of("", "x"));
        assertThrows(IllegalArgumentException.class, () -> index.of("e\0mail", "x"));
    }
}
