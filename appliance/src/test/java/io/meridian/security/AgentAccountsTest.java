package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.PasswordHasher;
import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.meridian.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link AgentAccounts} on a real Derby store with real Argon2id hashing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentAccountsTest {

    private static final String PASSWORD = "Accounts-test-password-1";
    private static final int MAX_FAILURES = 3;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    private AgentAccounts accounts;

    @BeforeEach
    void open(Vertx v) {
        vertx = v;
        store = SecurityFixture.openStore(vertx, dir);
        accounts = SecurityFixture.accounts(vertx, store, MAX_FAILURES, clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            SecurityFixture.closeStore(vertx, store);
        }
    }

    /**
     * Verifies that the first bootstrap creates "admin" with a long URL-safe one-time password, written to an
     * owner-only file, and that a later bootstrap creates nothing.
     */
    @Test
    void firstBootstrapCreatesTheAdminWithAOneTimePasswordFile() throws Exception {
        Path file = dir.resolve("data/initial-admin-password");
        String password = Await.result(accounts.bootstrapFirstAdmin(file), "bootstrap").orElseThrow();

        assertTrue(password.length() >= 20, "long enough: " + password.length());
        assertTrue(password.matches("[A-Za-z0-9_-]+"), "URL-safe");
        assertEquals(password, Files.readString(file, StandardCharsets.UTF_8).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        List<SignedInAgent> all = Await.result(accounts.list(), "listing");
        assertEquals(1, all.size());
        SignedInAgent admin = all.get(0);
        assertEquals("admin", admin.username());
        assertEquals(Role.ADMIN, admin.role());
        assertTrue(admin.mustChangePassword());

        assertEquals(Optional.empty(), Await.result(accounts.bootstrapFirstAdmin(file), "second bootstrap"));
        assertEquals(password, Files.readString(file, StandardCharsets.UTF_8).strip(), "the file is left alone");
        assertInstanceOf(LoginResult.Success.class, Await.result(accounts.authenticate("admin", password.toCharArray()), "sign-in"));
    }

    /** Verifies that the first admin's password change deletes the one-time password file, and the old one stops working. */
    @Test
    void theFirstAdminsPasswordChangeDeletesTheFile() {
        Path file = dir.resolve("initial-admin-password");
        String oneTime = Await.result(accounts.bootstrapFirstAdmin(file), "bootstrap").orElseThrow();
        SignedInAgent admin = Await.result(accounts.list(), "listing").get(0);

        Await.result(accounts.changePassword(admin.id(), oneTime.toCharArray(), PASSWORD.toCharArray()), "changing");

        assertFalse(Files.exists(file));
        assertFalse(Await.result(accounts.find(admin.id()), "find").orElseThrow().mustChangePassword());
        assertInstanceOf(LoginResult.Rejected.class, Await.result(accounts.authenticate("admin", oneTime.toCharArray()), "old"));
        assertInstanceOf(LoginResult.Success.class, Await.result(accounts.authenticate("admin", PASSWORD.toCharArray()), "new"));
    }

    /** Verifies that the right password signs in, case-insensitively by username, and a wrong one is rejected. */
    @Test
    void rightPasswordSucceedsAndWrongOneIsRejected() {
        SignedInAgent carla = SecurityFixture.readyAgent(accounts, "carla", "Carla", Role.AGENT, PASSWORD);

        LoginResult ok = Await.result(accounts.authenticate("Carla", PASSWORD.toCharArray()), "right password");
        assertEquals(new LoginResult.Success(carla), ok);
        assertInstanceOf(LoginResult.Rejected.class,
                Await.result(accounts.authenticate("carla", "not-the-password".toCharArray()), "wrong password"));
        assertInstanceOf(LoginResult.Rejected.class,
                Await.result(accounts.authenticate("nobody", PASSWORD.toCharArray()), "unknown user"));
        assertInstanceOf(LoginResult.Rejected.class,
                Await.result(accounts.authenticate("no such <name>", PASSWORD.toCharArray()), "impossible name"));
    }

    /**
     * Verifies that max-failures wrong passwords in a row lock the account, even against the right password, that
     * the lock survives reopening the database, and that it ends after the lockout time.
     */
    @Test
    void failuresInARowLockTheAccountAcrossARestartUntilTheLockoutEnds() {
        SecurityFixture.readyAgent(accounts, "dora", "Dora", Role.AGENT, PASSWORD);
        for (int i = 1; i < MAX_FAILURES; i++) {
            assertInstanceOf(LoginResult.Rejected.class,
                    Await.result(accounts.authenticate("dora", "wrong-password-1".toCharArray()), "failure " + i));
        }
        LoginResult last = Await.result(accounts.authenticate("dora", "wrong-password-1".toCharArray()), "last failure");
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        assertEquals(new LoginResult.Locked(until), last);

        SecurityFixture.closeStore(vertx, store);
        store = SecurityFixture.openStore(vertx, dir);
        accounts = SecurityFixture.accounts(vertx, store, MAX_FAILURES, clock);

        assertEquals(new LoginResult.Locked(until),
                Await.result(accounts.authenticate("dora", PASSWORD.toCharArray()), "right password while locked, after restart"));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertInstanceOf(LoginResult.Success.class,
                Await.result(accounts.authenticate("dora", PASSWORD.toCharArray()), "after the lockout"));
    }

    /** Verifies that a successful sign-in resets the count of failures in a row. */
    @Test
    void aSuccessResetsTheFailureCount() {
        SecurityFixture.readyAgent(accounts, "emil", "Emil", Role.AGENT, PASSWORD);
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertInstanceOf(LoginResult.Rejected.class,
                        Await.result(accounts.authenticate("emil", "wrong-password-2".toCharArray()), "failure"));
            }
            assertInstanceOf(LoginResult.Success.class,
                    Await.result(accounts.authenticate("emil", PASSWORD.toCharArray()), "success in round " + round));
        }
    }

    /** Verifies that an unknown username locks exactly like a real one, so a lockout does not reveal which names exist. */
    @Test
    void unknownUsernamesLockLikeRealOnes() {
        for (int i = 1; i < MAX_FAILURES; i++) {
            assertInstanceOf(LoginResult.Rejected.class,
                    Await.result(accounts.authenticate("ghost", "wrong-password-3".toCharArray()), "failure " + i));
        }
        assertInstanceOf(LoginResult.Locked.class,
                Await.result(accounts.authenticate("ghost", "wrong-password-3".toCharArray()), "last failure"));
    }

    /** Verifies that usernames are unique regardless of case and a duplicate is refused without a second row. */
    @Test
    void aTakenUsernameIsRefusedRegardlessOfCase() {
        Await.result(accounts.create("frank", "Frank", Role.AGENT, PASSWORD.toCharArray()), "creating frank");
        Throwable duplicate = Await.failure(accounts.create("FRANK", "Frank Again", Role.ADMIN, PASSWORD.toCharArray()),
                "creating FRANK");
        assertInstanceOf(DuplicateAccountException.class, duplicate);
        assertEquals(1, Await.result(accounts.list(), "listing").size());
    }

    /** Verifies that invalid fields are refused naming the field, before anything is stored. */
    @Test
    void invalidFieldsAreRefusedNamingTheField() {
        assertField("username", accounts.create("", "Name", Role.AGENT, PASSWORD.toCharArray()));
        assertField("username", accounts.create("bad name", "Name", Role.AGENT, PASSWORD.toCharArray()));
        assertField("displayName", accounts.create("gina", "  ", Role.AGENT, PASSWORD.toCharArray()));
        assertField("displayName", accounts.create("gina", "x".repeat(101), Role.AGENT, PASSWORD.toCharArray()));
        assertField("role", accounts.create("gina", "Gina", null, PASSWORD.toCharArray()));
        assertField("password", accounts.create("gina", "Gina", Role.AGENT, "short-pw".toCharArray()));
        assertTrue(Await.result(accounts.list(), "listing").isEmpty());
    }

    /** Verifies the rules of a password change: right current password, new one long enough and different. */
    @Test
    void passwordChangesNeedTheCurrentPasswordAndANewValidOne() {
        SignedInAgent hana = SecurityFixture.readyAgent(accounts, "hana", "Hana", Role.AGENT, PASSWORD);

        assertInstanceOf(WrongPasswordException.class, Await.failure(
                accounts.changePassword(hana.id(), "not-the-current-pw".toCharArray(), "Brand-new-password-1".toCharArray()),
                "wrong current"));
        assertField("new", accounts.changePassword(hana.id(), PASSWORD.toCharArray(), "too-short".toCharArray()));
        assertField("new", accounts.changePassword(hana.id(), PASSWORD.toCharArray(), PASSWORD.toCharArray()));
        assertInstanceOf(LoginResult.Success.class,
                Await.result(accounts.authenticate("hana", PASSWORD.toCharArray()), "old password still valid"));
    }

    /** Verifies that a hash made with weaker Argon2 parameters is replaced by today's at the next sign-in. */
    @Test
    void aWeakerHashIsUpgradedAtSignIn() {
        AgentAccounts weak = new AgentAccounts(vertx, store, new PasswordHasher(1024, 1, 1), MAX_FAILURES,
                Duration.ofMinutes(15), clock);
        SignedInAgent ines = SecurityFixture.readyAgent(weak, "ines", "Ines", Role.AGENT, PASSWORD);
        assertTrue(storedHash(ines.id()).contains("m=1024,t=1,p=1"));

        assertInstanceOf(LoginResult.Success.class, Await.result(accounts.authenticate("ines", PASSWORD.toCharArray()), "sign-in"));
        String upgraded = storedHash(ines.id());
        assertTrue(upgraded.contains("m=" + PasswordHasher.DEFAULT_MEMORY_KIB + ","), upgraded);
        assertInstanceOf(LoginResult.Success.class, Await.result(accounts.authenticate("ines", PASSWORD.toCharArray()), "again"));
    }

    private String storedHash(String id) {
        return Await.result(store.read(c -> new AgentRecords().byId(c, id)), "reading the hash").orElseThrow().passwordHash();
    }

    private static void assertField(String field, io.vertx.core.Future<?> attempt) {
        Throwable failure = Await.failure(attempt, "invalid " + field);
        AccountInputException invalid = assertInstanceOf(AccountInputException.class, failure);
        assertEquals(field, invalid.field());
    }
}
