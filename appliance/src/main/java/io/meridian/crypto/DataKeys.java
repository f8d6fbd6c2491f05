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
 */
public final class DataKeys {

    static final byte FORMAT_AES_KW = 1;
    private static final int KEY_BYTES = 32;

    private final SecretKey masterKey;

    public DataKeys(SecretKey masterKey) {
        Objects.requireNonNull(masterKey, "masterKey");
        byte[] encoded = masterKey.getEncoded();
        if (encoded == null || encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be a 256-bit AES key");
        }
        this.masterKey = new SecretKeySpec(encoded, "AES");
        Arrays.fill(encoded, (byte) 0);
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
        Objects.requireNonNull(wrapped, "wrapped");
        if (wrapped.length < 2 || wrapped[0] != FORMAT_AES_KW) {
            throw new IllegalStateException("Unknown wrapped data key format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AESWrap", Crypto.provider());
            cipher.init(Cipher.UNWRAP_MODE, masterKey);
            SecretKey key = (SecretKey) cipher.unwrap(Arrays.copyOfRange(wrapped, 1, wrapped.length), "AES",
                    Cipher.SECRET_KEY);
            return new SecretKeySpec(key.getEncoded(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap a data key: wrong master key or damaged record", e);
        }
    }
}
