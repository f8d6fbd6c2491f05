package io.meridian.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-contact data keys: each contact's personal fields and messages are sealed with its own AES-256 key, stored
 * only in wrapped form (encrypted under the node's master key). Destroying a contact's wrapped key makes every
 * copy of its sealed data unreadable (crypto-shredding); rotating the master key only re-wraps these keys.
 * <p>
 * Wrapping is AES Key Wrap (RFC 3394, NIST SP 800-38F "KW"): deterministic, built for wrapping keys, and
 * integrity-checked, so a damaged record or wrong master key is detected at unwrap. A format byte comes first so the
 * scheme can change later. Thread-safe.
 * <p>
 * While the master key is being rotated there are two: new keys are wrapped under the new one, and a key wrapped under
 * the previous one still opens (the integrity check tells which key fits) until every wrapped key was re-wrapped and
 * the previous one is retired ({@link #rotateTo}, {@link #rewrap}, {@link #retirePrevious}).
 */
public final class DataKeys {

    static final byte FORMAT_AES_KW = 1;
    private static final int KEY_BYTES = 32;

    private volatile SecretKey masterKey;
    /** The master key before a rotation that is not finished; null otherwise. */
    private volatile SecretKey previous;

    public DataKeys(SecretKey masterKey) {
        this(masterKey, null);
    }

    /** {@code previous}: the master key of a rotation still running (null: none). */
    public DataKeys(SecretKey masterKey, SecretKey previous) {
        this.masterKey = aes(masterKey);
        this.previous = previous == null ? null : aes(previous);
    }

    private static SecretKey aes(SecretKey key) {
        Objects.requireNonNull(key, "masterKey");
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be a 256-bit AES key");
        }
        SecretKey copy = new SecretKeySpec(encoded, "AES");
        Arrays.fill(encoded, (byte) 0);
        return copy;
    }

    /** The master key new data keys are wrapped under. */
    public SecretKey masterKey() {
        return masterKey;
    }

    /** The master key of a rotation still running, if any. */
    public java.util.Optional<SecretKey> previousMasterKey() {
        return java.util.Optional.ofNullable(previous);
    }

    /** A rotation begins: {@code next} wraps from now on, the current key still unwraps until it is retired. */
    public synchronized void rotateTo(SecretKey next) {
        if (previous != null) {
            throw new IllegalStateException("A master key rotation is running already");
        }
        previous = masterKey;
        masterKey = aes(next);
    }

    /** Every wrapped key was re-wrapped: the previous master key opens nothing any more. */
    public synchronized void retirePrevious() {
        previous = null;
    }

    /**
     * {@code wrapped} re-wrapped under the current master key, or null when it already is (nothing to write).
     *
     * @throws IllegalStateException when neither master key opens it
     */
    public byte[] rewrap(byte[] wrapped) {
        if (open(wrapped, masterKey) != null) {
            return null;
        }
        return wrap(unwrap(wrapped));
    }

    /** A fresh random AES-256 data key. */
    public SecretKey newKey() {
        return new SecretKeySpec(Crypto.randomBytes(KEY_BYTES), "AES");
    }

    /** The data key encrypted under the master key: 41 bytes (format byte, then the RFC 3394 output). */
    public byte[] wrap(SecretKey dataKey) {
        Objects.requireNonNull(dataKey, "dataKey");
        try {
            Cipher cipher = Cipher.getInstance("AESWrap", Crypto.provider());
            cipher.init(Cipher.WRAP_MODE, masterKey);
            byte[] wrapped = cipher.wrap(dataKey);
            byte[] out = new byte[wrapped.length + 1];
            out[0] = FORMAT_AES_KW;
            System.arraycopy(wrapped, 0, out, 1, wrapped.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot wrap a data key", e);
        }
    }

    /**
     * The data key inside {@code wrapped}.
     *
     * @throws IllegalStateException if it was wrapped under another master key, or the bytes are damaged
     */
    public SecretKey unwrap(byte[] wrapped) {
        SecretKey old = previous;
        SecretKey key = open(wrapped, masterKey);
        if (key == null && old != null) {
            key = open(wrapped, old);
        }
        if (key == null) {
            throw new IllegalStateException("Cannot unwrap a data key: wrong master key or damaged record");
        }
        return key;
    }

    /** The data key inside {@code wrapped} if {@code master} wrapped it; null if the integrity check says not. */
    private static SecretKey open(byte[] wrapped, SecretKey master) {
        Objects.requireNonNull(wrapped, "wrapped");
        if (wrapped.length < 2 || wrapped[0] != FORMAT_AES_KW) {
            throw new IllegalStateException("Unknown wrapped data key format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AESWrap", Crypto.provider());
            cipher.init(Cipher.UNWRAP_MODE, master);
            SecretKey key = (SecretKey) cipher.unwrap(Arrays.copyOfRange(wrapped, 1, wrapped.length), "AES",
                    Cipher.SECRET_KEY);
            return new SecretKeySpec(key.getEncoded(), "AES");
        } catch (java.security.InvalidKeyException e) {
            return null; // RFC 3394's integrity check failed: another master key, or damaged bytes
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap a data key", e);
        }
    }
}
