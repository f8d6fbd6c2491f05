package io.meridian.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Searchable fingerprints of personal identifiers (e-mail, phone, visitor token) without storing them: HMAC-SHA256
 * under the node's blind-index key over {@code kind + NUL + normalised value}, as base64url without padding
 * (43 characters). Equal identifiers give equal fingerprints; without the key nobody can test a guess. Including the
 * kind keeps an e-mail and a phone number that happen to share text apart.
 * <p>
 * Normalisation: {@code email} is trimmed and lower-cased; {@code phone} keeps its decimal digits (any script,
 * mapped to ASCII) and a leading {@code +}; every other kind is trimmed. Thread-safe.
 */
public final class BlindIndex {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    /**
     * The kind under which a number a visitor typed (unverified) is recorded, fingerprinted as {@link #PHONE}: search
     * finds it, but channels never recognise a customer by it, so nobody can claim another's number by typing it.
     */
    public static final String GIVEN_PHONE = "given-phone";
    public static final String VISITOR = "visitor";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public BlindIndex(SecretKey hmacKey) {
        Objects.requireNonNull(hmacKey, "hmacKey");
        byte[] encoded = hmacKey.getEncoded();
        if (encoded == null || encoded.length < 32) {
            throw new IllegalArgumentException("The blind-index key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(encoded, ALGORITHM);
        Arrays.fill(encoded, (byte) 0);
    }

    /** The fingerprint of {@code value} as an identifier of the given kind. */
    public String of(String kind, String value) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (kind.isEmpty() || kind.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A blind-index kind must be non-empty and contain no NUL");
        }
        try {
            // Mac objects are not thread-safe and cheap to create; a fresh one per call keeps this class stateless.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(kind.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(normalise(kind, value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The form of {@code value} that is fingerprinted, so equal identifiers written differently match. */
    public static String normalise(String kind, String value) {
        return switch (kind) {
            case EMAIL -> value.strip().toLowerCase(Locale.ROOT);
            case PHONE -> phone(value);
            default -> value.strip();
        };
    }

    private static String phone(String value) {
        String trimmed = value.strip();
        StringBuilder digits = new StringBuilder(trimmed.length());
        if (trimmed.startsWith("+")) {
            digits.append('+');
        }
        trimmed.codePoints().forEach(cp -> {
            int digit = Character.digit(cp, 10);
            if (digit >= 0) {
                digits.append((char) ('0' + digit));
            }
        });
        return digits.toString();
    }
}
