package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Verifies a rotation: after {@code rotateTo} new keys are wrapped under the new master key and keys wrapped under
     * the previous one still open; {@code rewrap} moves such a key under the new one (and answers null for one that is
     * there already); once the previous key is retired only re-wrapped keys open.
     */
    @Test
    void aRotationOpensBothKeysUntilThePreviousIsRetired() {
        SecretKey first = new SecretKeySpec(Crypto.randomBytes(32), "AES");
        SecretKey second = new SecretKeySpec(Crypto.randomBytes(32), "AES");
        DataKeys keys = new DataKeys(first);
        SecretKey oldData = keys.newKey();
        byte[] oldWrapped = keys.wrap(oldData);
        SecretKey leftBehind = keys.newKey();
        byte[] leftWrapped = keys.wrap(leftBehind);

        keys.rotateTo(second);
        assertArrayEquals(second.getEncoded(), keys.masterKey().getEncoded());
        assertArrayEquals(first.getEncoded(), keys.previousMasterKey().orElseThrow().getEncoded());
        assertThrows(IllegalStateException.class, () -> keys.rotateTo(first), "one rotation at a time");
        assertArrayEquals(oldData.getEncoded(), keys.unwrap(oldWrapped).getEncoded(), "the previous key still opens");
        byte[] newWrapped = keys.wrap(keys.newKey());
        assertThrows(IllegalStateException.class, () -> new DataKeys(first).unwrap(newWrapped),
                "new keys are wrapped under the new master key");
        byte[] moved = keys.rewrap(oldWrapped);
        assertArrayEquals(oldData.getEncoded(), new DataKeys(second).unwrap(moved).getEncoded());
        assertNull(keys.rewrap(moved), "already under the new key: nothing to write");
        assertNull(keys.rewrap(newWrapped));

        keys.retirePrevious();
        assertTrue(keys.previousMasterKey().isEmpty());
        assertArrayEquals(oldData.getEncoded(), keys.unwrap(moved).getEncoded());
        assertThrows(IllegalStateException.class, () -> keys.unwrap(leftWrapped),
                "a key not re-wrapped opens no more");
        assertThrows(IllegalStateException.class, () -> keys.rewrap(leftWrapped));
    }
}
