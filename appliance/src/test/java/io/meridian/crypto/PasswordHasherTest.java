package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    /** Verifies that the right password verifies and a wrong one does not. */
    @Test
    void verifiesOnlyTheRightPassword() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());
        assertTrue(hasher.verify("correct horse battery staple".toCharArray(), hash));
        assertFalse(hasher.verify("correct horse battery stapler".toCharArray(), hash));
        assertFalse(hasher.verify(new char[0], hash));
    }

    /** Verifies the PHC format with the OWASP defaults, and that each hash has its own salt. */
    @Test
    void writesPhcStringsWithFreshSalt() {
        String hash = hasher.hash("pässwörd".toCharArray());
        assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
        assertNotEquals(hash, hasher.hash("pässwörd".toCharArray()));
        assertTrue(hasher.verify("pässwörd".toCharArray(), hash));
    }

    /** Verifies that verification reads the cost from the stored string, so older parameters keep working. */
    @Test
    void verifiesWithTheStoredParameters() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("s3cret".toCharArray());
        assertTrue(cheap.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), cheap);
        assertTrue(hasher.verify("s3cret".toCharArray(), cheap));
        assertTrue(hasher.needsRehash(cheap));
        assertFalse(hasher.needsRehash(hasher.hash("s3cret".toCharArray())));
    }

    /** Verifies that malformed, unsupported or absurd stored strings never match. */
    @Test
    void rejectsMalformedHashes() {
        char[] pw = "x".toCharArray();
        assertFalse(hasher.verify(pw, null));
        assertFalse(hasher.verify(pw, ""));
        assertFalse(hasher.verify(pw, "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g"));
        assertFalse(hasher.verify(pw, "$argon2id$v=16$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g"));
        assertFalse(hasher.verify(pw, "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g"));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(4, 1, 1));
    }
}
