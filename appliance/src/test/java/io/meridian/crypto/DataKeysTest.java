package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DataKeysTest {

    private final DataKeys dataKeys = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));

    /** Verifies that a wrapped data key unwraps to the same 256-bit AES key. */
    @Test
    void wrapsAndUnwraps() {
        SecretKey key = dataKeys.newKey();
        assertEquals(32, key.getEncoded().length);
        byte[] wrapped = dataKeys.wrap(key);
        assertEquals(41, wrapped.length);
        assertEquals(DataKeys.FORMAT_AES_KW, wrapped[0]);
        SecretKey back = dataKeys.unwrap(wrapped);
        assertEquals("AES", back.getAlgorithm());
        assertArrayEquals(key.getEncoded(), back.getEncoded());
        assertFalse(Arrays.equals(key.getEncoded(), dataKeys.newKey().getEncoded()));
    }

    /** Verifies that another master key or a damaged record cannot unwrap the key. */
    @Test
    void refusesOtherMasterKeysAndDamage() {
        byte[] wrapped = dataKeys.wrap(dataKeys.newKey());
        DataKeys other = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
        assertThrows(IllegalStateException.class, () -> other.unwrap(wrapped));
        byte[] damaged = wrapped.clone();
        damaged[20] ^= 0x40;
        assertThrows(IllegalStateException.class, () -> dataKeys.unwrap(damaged));
        byte[] unknownFormat = wrapped.clone();
        unknownFormat[0] = 9;
        assertThrows(IllegalStateException.class, () -> dataKeys.unwrap(unknownFormat));
        assertThrows(IllegalArgumentException.class, () -> new DataKeys(new SecretKeySpec(new byte[16], "AES")));
    }
}
