package io.meridian.security;

import io.meridian.crypto.Crypto;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226): HMAC-SHA1 of the 30-second
 * time step, six digits. Checked here rather than by a library's verifier because the step comes from the node's
 * clock (tests move it), the last step accepted is kept in the store (a code works once), and failures count towards
 * the account's lockout like wrong passwords.
 */
final class Totp {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** Steps either side of now that are accepted: a phone's clock may be a little off. */
    static final int WINDOW = 1;
    private static final int SECRET_BYTES = 20;

    private Totp() {
    }

    /** A new secret for an authenticator app, in Base32 as apps take it (32 characters, 160 bits). */
    static String newSecret() {
        return Base32.toBase32String(Crypto.randomBytes(SECRET_BYTES));
    }

    static byte[] decode(String base32) {
        return Base32.decode(base32.strip().toUpperCase(Locale.ROOT));
    }

    /** The time step {@code at} falls in. */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code for {@code step}: RFC 4226's dynamic truncation of HMAC-SHA1(secret, step), six digits. */
    static String code(byte[] secret, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    }

    /** The step within {@link #WINDOW} of {@code at} whose code {@code given} is, compared in constant time. */
    static OptionalLong matchingStep(byte[] secret, String given, Instant at) {
        String code = given == null ? "" : given.replaceAll("[\\s-]", "");
        if (!code.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        long now = step(at);
        for (long s = now - WINDOW; s <= now + WINDOW; s++) {
            if (MessageDigest.isEqual(code(secret, s).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }

    /** The {@code otpauth://} address an authenticator app reads from the enrolment's QR code. */
    static String uri(String issuer, String account, String secret) {
        String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }
}
