package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FieldCipherTest {

    private final DataKeys dataKeys = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
    private final SecretKey key = dataKeys.newKey();

    /** Verifies that a sealed value opens to the same bytes and text, with the version byte first and 29 bytes of overhead. */
    @Test
    void roundTrips() {
        byte[] plain = "Hello, 世界 👋".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = FieldCipher.seal(key, plain, "messages", "row-1", "body_sealed");
        assertEquals(FieldCipher.VERSION, sealed[0]);
        assertEquals(plain.length + 29, sealed.length);
        assertArrayEquals(plain, FieldCipher.open(key, sealed, "messages", "row-1", "body_sealed"));
        assertEquals("Hello, 世界 👋", FieldCipher.openText(key,
                FieldCipher.sealText(key, "Hello, 世界 👋", "contacts", "c", "name_sealed"), "contacts", "c", "name_sealed"));
        assertArrayEquals(new byte[0], FieldCipher.open(key, FieldCipher.seal(key, new byte[0], "t", "r", "c"), "t", "r", "c"));
    }

    /** Verifies that null text stays null both ways, so optional fields need no special case. */
    @Test
    void keepsNullAsNull() {
        assertNull(FieldCipher.sealText(key, null, "t", "r", "c"));
        assertNull(FieldCipher.openText(key, null, "t", "r", "c"));
    }

    /** Verifies that sealing the same value twice gives different ciphertexts (fresh random nonce). */
    @Test
    void usesAFreshNonceEachTime() {
        byte[] plain = "same".getBytes(StandardCharsets.UTF_8);
        assertFalse(Arrays.equals(FieldCipher.seal(key, plain, "t", "r", "c"), FieldCipher.seal(key, plain, "t", "r", "c")));
    }

    /** Verifies that changing any single byte (version, nonce, ciphertext or tag) is detected. */
    @Test
    void rejectsTampering() {
        byte[] sealed = FieldCipher.seal(key, "transfer 100".getBytes(StandardCharsets.UTF_8), "t", "r", "c");
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, tampered, "t", "r", "c"),
                    "byte " + i + " changed");
        }
        assertThrows(IllegalStateException.class,
                () -> FieldCipher.open(key, Arrays.copyOf(sealed, sealed.length - 1), "t", "r", "c"));
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, new byte[5], "t", "r", "c"));
    }

    /** Verifies that a value moved to another table, row or column, or opened with another key, is refused. */
    @Test
    void bindsTheValueToItsPlace() {
        byte[] sealed = FieldCipher.seal(key, "secret".getBytes(StandardCharsets.UTF_8), "messages", "m1", "body_sealed");
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, sealed, "messages", "m2", "body_sealed"));
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, sealed, "messages", "m1", "preview"));
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, sealed, "contacts", "m1", "body_sealed"));
        assertThrows(IllegalStateException.class,
                () -> FieldCipher.open(dataKeys.newKey(), sealed, "messages", "m1", "body_sealed"));
    }

    /** Verifies that the place is length-prefixed: ("a", "bc") and ("ab", "c") are different places. */
    @Test
    void lengthPrefixesThePlace() {
        assertFalse(Arrays.equals(FieldCipher.aad((byte) 1, "a", "bc", "x"), FieldCipher.aad((byte) 1, "ab", "c", "x")));
        byte[] sealed = FieldCipher.seal(key, new byte[] {1, 2, 3}, "a", "bc", "x");
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, sealed, "ab", "c", "x"));
        assertThrows(IllegalStateException.class, () -> FieldCipher.open(key, sealed, "a", "b", "cx"));
    }
}
