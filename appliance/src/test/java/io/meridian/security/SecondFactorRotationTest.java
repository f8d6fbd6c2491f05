package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticator secrets through a master key rotation: sealed under a key derived from the master key, they open
 * during the rotation, are sealed again under the new key, and open after the previous key is retired.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecondFactorRotationTest {

    @TempDir
    Path dir;
    private Vertx vertx;
    private Store store;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        store = SecurityFixture.openStore(vertx, dir);
    }

    @AfterEach
    void close() {
        SecurityFixture.closeStore(vertx, store);
        Await.result(vertx.close(), "closing Vert.x");
    }

    /**
     * Verifies that a code is accepted during the rotation (the secret opens under the previous key), that
     * {@code resealSecrets} seals the one secret again (and nothing the second time), and that after retiring the
     * previous key a code is still accepted; and that without the reseal the secret would no longer open.
     */
    @Test
    void secretsAreSealedAgainUnderTheNewMasterKey() {
        AgentAccounts accounts = SecurityFixture.accounts(vertx, store, 5, Clock.systemUTC());
        SignedInAgent boss = SecurityFixture.readyAgent(accounts, "boss", "Boss", Role.ADMIN, "Rotation-test-pw-1");
        SignedInAgent clerk = SecurityFixture.readyAgent(accounts, "clerk", "Clerk", Role.AGENT, "Rotation-test-pw-2");
        DataKeys keys = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        byte[] secret = Crypto.randomBytes(20);
        byte[] other = Crypto.randomBytes(20);
        SecondFactors factors = new SecondFactors(store, Clock.fixed(start, ZoneOffset.UTC), keys, Set.of("ADMIN"));
        Await.result(factors.confirm(boss, Base32.toBase32String(secret), code(secret, start)), "enrolling boss");
        Await.result(factors.confirm(clerk, Base32.toBase32String(other), code(other, start)), "enrolling clerk");

        keys.rotateTo(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
        Instant later = start.plus(Duration.ofMinutes(1));
        SecondFactors during = new SecondFactors(store, Clock.fixed(later, ZoneOffset.UTC), keys, Set.of("ADMIN"));
        assertEquals(SecondFactors.Check.APP_CODE, Await.result(during.check(boss.id(), code(secret, later)), "code"));
        assertEquals(2, Await.result(during.resealSecrets(), "resealing"));
        assertEquals(0, Await.result(during.resealSecrets(), "resealing again"));

        keys.retirePrevious();
        Instant after = later.plus(Duration.ofMinutes(1));
        SecondFactors retired = new SecondFactors(store, Clock.fixed(after, ZoneOffset.UTC), keys, Set.of("ADMIN"));
        assertEquals(SecondFactors.Check.APP_CODE, Await.result(retired.check(boss.id(), code(secret, after)), "code"));
        assertEquals(SecondFactors.Check.APP_CODE, Await.result(retired.check(clerk.id(), code(other, after)), "code"));

        // Without the reseal, a secret sealed under a retired key does not open.
        DataKeys other2 = new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES"));
        SecondFactors stranger = new SecondFactors(store, Clock.fixed(after, ZoneOffset.UTC), other2, Set.of());
        Throwable refused = Await.failure(stranger.check(boss.id(), code(secret, after)), "another master key");
        assertEquals(IllegalStateException.class, refused.getClass());
    }

    private static String code(byte[] secret, Instant at) {
        return Totp.code(secret, Totp.step(at));
    }
}
