package io.meridian.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals one database field with AES-256-GCM: confidentiality and integrity for personal data, independent of the
 * database's own encryption. The additional authenticated data binds the ciphertext to its place (table, row id,
 * column), so a sealed value copied into another row or column fails to open.
 * <p>
 * Layout: {@code version (1) | nonce (12) | ciphertext | tag (16)}, i.e. 29 bytes more than the plaintext. The AAD is
 * the version byte followed by each of table, row id and column as a 4-byte length and its UTF-8 bytes, so
 * ("a|bc") and ("ab|c") are different places. The nonce is random: with 96 bits, a key may seal about 2^32 values
 * before the collision risk matters, far beyond one contact's lifetime.
 * <p>
 * Uses the JDK's AES-GCM, which runs on the CPU's AES instructions. Thread-safe: each thread keeps one
 * {@link Cipher} and re-initialises it per call, because looking up a provider per seal was a measurable share of
 * the store writer's time (docs/benchmarks.md).
 */
public final class FieldCipher {

    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(FieldCipher::newCipher);

    private FieldCipher() {
    }

    /**
     * Stands for the key of a customer whose data was erased (crypto-shredded): opening with it gives empty values, so
     * the metadata around a shredded field (times, counts, language) still reads; sealing with it is refused. Only
     * this very instance has that meaning; its bytes are never used.
     */
    public static final SecretKey SHREDDED = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");

    /** Seals {@code plaintext} for the given place. */
    public static byte[] seal(SecretKey key, byte[] plaintext, String table, String rowId, String column) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (key == SHREDDED) {
            throw new IllegalStateException("Cannot seal " + table + "." + column + ": the customer's data was erased");
        }
        byte[] nonce = Crypto.randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(key), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(VERSION, table, rowId, column));
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            sealed[0] = VERSION;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal " + table + "." + column, e);
        }
    }

    /**
     * Opens a value sealed by {@link #seal} for the same place; an empty value with {@link #SHREDDED}.
     *
     * @throws IllegalStateException if the key or the place differ, or a byte was changed
     */
    public static byte[] open(SecretKey key, byte[] sealed, String table, String rowId, String column) {
        Objects.requireNonNull(sealed, "sealed");
        if (key == SHREDDED) {
            return new byte[0];
        }
        if (sealed.length < OVERHEAD) {
            throw new IllegalStateException("Sealed " + table + "." + column + " is too short to be valid");
        }
        if (sealed[0] != VERSION) {
            throw new IllegalStateException("Sealed " + table + "." + column + " has unknown version " + sealed[0]);
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, aesKey(key), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad(sealed[0], table, rowId, column));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Sealed " + table + "." + column + " of row " + rowId
                    + " failed authentication: wrong key, moved from another place, or tampered with", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open " + table + "." + column, e);
        }
    }

    /** Seals a string as UTF-8; {@code null} stays {@code null} so optional fields need no special case. */
    public static byte[] sealText(SecretKey key, String text, String table, String rowId, String column) {
        return text == null ? null : seal(key, text.getBytes(StandardCharsets.UTF_8), table, rowId, column);
    }

    /** Opens a string sealed by {@link #sealText}; {@code null} stays {@code null}. */
    public static String openText(SecretKey key, byte[] sealed, String table, String rowId, String column) {
        if (sealed == null) {
            return null;
        }
        byte[] plain = open(key, sealed, table, rowId, column);
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM offers no AES/GCM/NoPadding", e);
        }
    }

    static byte[] aad(byte version, String table, String rowId, String column) {
        byte[] t = utf8(table, "table");
        byte[] r = utf8(rowId, "rowId");
        byte[] c = utf8(column, "column");
        return ByteBuffer.allocate(1 + 12 + t.length + r.length + c.length)
                .put(version)
                .putInt(t.length).put(t)
                .putInt(r.length).put(r)
                .putInt(c.length).put(c)
                .array();
    }

    private static byte[] utf8(String value, String name) {
        return Objects.requireNonNull(value, name).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey aesKey(SecretKey key) {
        Objects.requireNonNull(key, "key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("FieldCipher needs an AES key, not " + key.getAlgorithm());
        }
        return key;
    }
}
