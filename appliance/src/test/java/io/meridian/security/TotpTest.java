package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The code arithmetic against RFC 6238's own test values (SHA-1; their last six of eight digits). */
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** Verifies RFC 6238 appendix B's SHA-1 values at four of its times, and the window of one step either side. */
    @Test
    void rfc6238Vectors() {
        assertEquals("287082", Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59))));
        assertEquals("081804", Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1_111_111_109))));
        assertEquals("005924", Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1_234_567_890))));
        assertEquals("279037", Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2_000_000_000))));
        Instant at = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.step(at);
        assertEquals(OptionalLong.of(step), Totp.matchingStep(RFC_SECRET, "005 924", at), "spaces are ignored");
        assertEquals(OptionalLong.of(step - 1), Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), at));
        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), at),
                "a minute old: refused");
        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SECRET, "12345", at));
        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SECRET, null, at));
    }

    /** Verifies a new secret's form and the address authenticator apps read. */
    @Test
    void secretAndAddress() {
        String secret = Totp.newSecret();
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals(20, Totp.decode(secret).length);
        assertEquals("otpauth://totp/Meridian%3Aana%20m?secret=" + secret
                + "&issuer=Meridian&algorithm=SHA1&digits=6&period=30", Totp.uri("Meridian", "ana m", secret));
    }
}
