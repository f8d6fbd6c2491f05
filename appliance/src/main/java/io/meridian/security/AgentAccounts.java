package io.meridian.security;

import io.meridian.crypto.PasswordScheme;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console accounts: the first admin, creating agents, checking passwords with lockout, changing passwords.
 * Argon2id hashing runs on the {@link HashingPool} and SQL through the {@link Store}, so every method is safe to call
 * from an event loop; when the pool is full, hashing work fails at once with {@link HashingBusyException}. Password
 * arrays handed in are copied at once and the copies wiped after use; callers wipe theirs.
 */
public final class AgentAccounts {

    /** How long a password an admin reset may be used for the first sign-in. */
    public static final Duration ONE_TIME_PASSWORD_VALIDITY = Duration.ofHours(24);

    /** Username of the account created at first start. */
    public static final String FIRST_ADMIN_USERNAME = "admin";

    private static final Logger LOG = LoggerFactory.getLogger(AgentAccounts.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    /** Failure records of names that were only guessed are forgotten after a day without new failures. */
    private static final Duration FORGET_FAILURES_AFTER = Duration.ofDays(1);

    private final Vertx vertx;
    private final Store store;
    private final PasswordScheme hasher;
    private final HashingPool hashing;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private volatile java.util.function.BiConsumer<String, Instant> onLocked = (name, until) -> { };
    private final AgentRecords records = new AgentRecords();
    private final RoleCatalog roles;
    private final Object dummyHashLock = new Object();
    /** Sign-in checks of each username that have started on this node and not yet been settled in the database. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private volatile Path initialAdminPasswordFile;
    private String dummyHash;

    /** Hashing on a pool of its own with the default size ({@link HashingPool#DEFAULT_THREADS}). */
    private volatile DeactivationFollowUp followUp = (agent, by) -> Future.succeededFuture();

    public AgentAccounts(Vertx vertx, Store store, PasswordScheme hasher, int maxFailures, Duration lockout) {
        this(vertx, store, hasher, maxFailures, lockout, Clock.systemUTC());
    }

    /** Hashing on {@code hashing}, which the caller closes after the accounts are no longer used. */
    public AgentAccounts(Vertx vertx, Store store, PasswordScheme hasher, int maxFailures, Duration lockout,
            HashingPool hashing) {
        this(vertx, store, hasher, maxFailures, lockout, Clock.systemUTC(), hashing);
    }

    /** With an explicit clock, so tests can let a lockout run out without waiting for it. */
    AgentAccounts(Vertx vertx, Store store, PasswordScheme hasher, int maxFailures, Duration lockout, Clock clock) {
        this(vertx, store, hasher, maxFailures, lockout, clock,
                new HashingPool(vertx, HashingPool.DEFAULT_THREADS, HashingPool.DEFAULT_QUEUE));
    }

    AgentAccounts(Vertx vertx, Store store, PasswordScheme hasher, int maxFailures, Duration lockout, Clock clock,
            HashingPool hashing) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1: " + maxFailures);
        }
        if (lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lockout must be positive: " + lockout);
        }
        this.vertx = vertx;
        this.store = store;
        this.hasher = hasher;
        this.hashing = hashing;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
        this.roles = new RoleCatalog(vertx, store, clock);
    }

    /** The roles admins define, which accounts may hold; the node starts it before it serves. */
    public RoleCatalog roles() {
        return roles;
    }

    /**
     * If no account exists: creates {@value #FIRST_ADMIN_USERNAME} (role ADMIN, must change the password) with a random
     * one-time password, writes it to {@code passwordFile} (mode 0600) and returns it, for the caller to show once.
     * Otherwise returns empty. The file is deleted when that admin changes the password.
     */
    public Future<Optional<String>> bootstrapFirstAdmin(Path passwordFile) {
        this.initialAdminPasswordFile = passwordFile;
        return store.read(records::anyAgent).compose(any -> {
            if (any) {
                Instant now = clock.instant();
                return store.write(c -> records.pruneFailures(c, now.minus(FORGET_FAILURES_AFTER), now))
                        .map(pruned -> Optional.<String>empty());
            }
            return createFirstAdmin(passwordFile);
        });
    }

    private Future<Optional<String>> createFirstAdmin(Path passwordFile) {
        String password = InitialAdminPassword.generate();
        // The file is written before the account exists: a crash in between must never leave an admin whose
        // password nobody knows. A crash after the file only means the next start writes a new one.
        return vertx.executeBlocking(() -> {
            InitialAdminPassword.write(passwordFile, password);
            return null;
        }, false).compose(written -> hashing.submit(() -> hasher.hash(password.toCharArray()))).compose(hash -> {
            Instant now = clock.instant();
            StoredAgent admin = new StoredAgent(UUID.randomUUID().toString(), FIRST_ADMIN_USERNAME, "Administrator",
                    Role.ADMIN, hash, true, now, now, true, null, null);
            return store.write(c -> !records.anyAgent(c) && records.insert(c, admin));
        }).compose(created -> {
            if (created) {
                AUDIT.info("Created the first admin account '{}'; its one-time password is in {}", FIRST_ADMIN_USERNAME,
                        passwordFile);
                return Future.succeededFuture(Optional.of(password));
            }
            // An account appeared in between (a second call on the same store); that call reports its own password.
            return Future.succeededFuture(Optional.empty());
        });
    }

    /**
     * Checks a username and password. Unknown usernames and wrong passwords give the same {@link LoginResult.Rejected},
     * after the same Argon2 work. {@code max-failures} failures in a row lock the name for the lockout time (kept in the
     * database, so a restart does not unlock); a success resets the count.
     * <p>
     * Concurrent attempts cannot beat the count: each attempt takes its place before its password is hashed, and an
     * attempt that would be the {@code max-failures}-th (counting the failures in a row and the checks of that name
     * still running) while another check of the name is running locks the name at once, unchecked. So no burst gets
     * more than {@code max-failures - 1} passwords checked, and a right password that was still being checked when
     * the name locked is refused as {@link LoginResult.Locked}. A single attempt after {@code max-failures - 1}
     * failures is checked as before: right signs in, wrong locks. A password longer than
     * {@link AccountRules#MAX_PASSWORD_CHARS} fails with {@link AccountInputException} without being hashed; a full
     * {@link HashingPool} gives {@link LoginResult.Busy} without counting the attempt.
     */
    public Future<LoginResult> authenticate(String username, char[] password) {
        if (password != null && password.length > AccountRules.MAX_PASSWORD_CHARS) {
            return Future.failedFuture(new AccountInputException("password",
                    "must be at most " + AccountRules.MAX_PASSWORD_CHARS + " characters"));
        }
        char[] candidate = copy(password);
        String name = AccountRules.normalizeUsername(username);
        if (!AccountRules.isWellFormed(name)) {
            // No account can have this name, so there is nothing to count; the dummy check keeps the timing alike.
            return checkPassword(candidate, Optional.empty())
                    .<LoginResult>map(matches -> new LoginResult.Rejected())
                    .recover(AgentAccounts::busy)
                    .onComplete(done -> wipe(candidate));
        }
        AtomicBoolean reserved = new AtomicBoolean();
        return store.write(c -> admit(c, name, reserved)).compose(admission -> {
            if (admission.lockedUntil().isPresent()) {
                return Future.succeededFuture((LoginResult) new LoginResult.Locked(admission.lockedUntil().get()));
            }
            return checkPassword(candidate, admission.agent().map(StoredAgent::passwordHash)).compose(matches -> {
                if (matches && admission.agent().isPresent()) {
                    return settleSuccess(name, admission.agent().get(), candidate);
                }
                return store.write(c -> records.recordFailure(c, name, clock.instant(), maxFailures, lockout))
                        .onSuccess(until -> until.ifPresent(u -> onLocked.accept(name, u)))
                        .map(until -> until.<LoginResult>map(LoginResult.Locked::new).orElseGet(LoginResult.Rejected::new));
            }, AgentAccounts::busy);
        }).onComplete(done -> {
            // Only now, after the outcome is committed, may the attempt stop counting as running.
            if (reserved.get()) {
                leave(name);
            }
            wipe(candidate);
        });
    }

    /**
     * Runs in the store's write transaction, so admissions and settlements of one name see each other in order.
     * Either takes a place for the attempt (and sets {@code reserved}), or answers the name's lock, new or old.
     */
    private Admission admit(Connection c, String name, AtomicBoolean reserved) throws SQLException {
        Optional<StoredAgent> agent = records.byUsername(c, name);
        AgentRecords.FailureState state = records.failures(c, name);
        Instant now = clock.instant();
        Optional<Instant> locked = state.lockedUntil().filter(until -> until.isAfter(now));
        if (locked.isPresent()) {
            return Admission.locked(locked.get());
        }
        int failures = state.lockedUntil().isPresent() ? 0 : state.failures();
        int running;
        synchronized (inFlight) {
            running = inFlight.getOrDefault(name, 0);
            if (running == 0 || failures + running + 1 < maxFailures) {
                inFlight.merge(name, 1, Integer::sum);
                reserved.set(true);
                return new Admission(agent, Optional.empty());
            }
        }
        Instant until = now.plus(lockout);
        records.lock(c, name, now, until);
        AUDIT.warn("Locked '{}' until {}: {} sign-ins at once would reach the limit of {} failures in a row", name,
                until, running + 1, maxFailures);
        return Admission.locked(until);
    }

    /** A full hashing pool answers the attempt as busy; any other failure stays one. */
    private static Future<LoginResult> busy(Throwable failure) {
        return failure instanceof HashingBusyException full
                ? Future.succeededFuture(new LoginResult.Busy(full.retryAfter()))
                : Future.failedFuture(failure);
    }

    private void leave(String name) {
        synchronized (inFlight) {
            inFlight.computeIfPresent(name, (n, running) -> running > 1 ? running - 1 : null);
        }
    }

    /** A right password signs in only if the name did not lock while it was being checked. */
    private Future<LoginResult> settleSuccess(String name, StoredAgent agent, char[] password) {
        return store.write(c -> {
            Instant now = clock.instant();
            Optional<Instant> locked = records.failures(c, name).lockedUntil().filter(until -> until.isAfter(now));
            if (locked.isEmpty()) {
                records.clearFailures(c, name);
            }
            return locked;
        }).compose(locked -> {
            if (locked.isPresent()) {
                return Future.succeededFuture(new LoginResult.Locked(locked.get()));
            }
            if (!agent.maySignIn(clock.instant())) {
                // The same answer as a wrong password: a deactivated account or an expired one-time password.
                AUDIT.info("Refused sign-in of '{}': {}", name, agent.active() ? "its one-time password expired"
                        : "the account is deactivated");
                return Future.succeededFuture(new LoginResult.Rejected());
            }
            return upgradeHash(agent, password).map(v -> new LoginResult.Success(agent.toSignedIn(roles)));
        });
    }

    /** {@code followUp} hears of every name locked (the name, until when), e.g. to alert the admins. */
    public void onLocked(java.util.function.BiConsumer<String, Instant> followUp) {
        onLocked = followUp;
    }

    /** The lock on {@code username} now, if any: a second factor is not even checked while it holds. */
    public Future<Optional<Instant>> lockedUntil(String username) {
        String name = AccountRules.normalizeUsername(username);
        Instant now = clock.instant();
        return store.read(c -> records.failures(c, name).lockedUntil().filter(until -> until.isAfter(now)));
    }

    /**
     * A wrong second factor counts like a wrong password: {@code max-failures} in a row lock the name (password
     * sign-ins too). They are counted in a row of their own, since each attempt's right password clears the
     * password's count. Returns the lock if this one set it.
     */
    public Future<Optional<Instant>> secondFactorFailed(String username) {
        String name = AccountRules.normalizeUsername(username);
        return store.write(c -> {
            Instant now = clock.instant();
            Optional<Instant> until = records.recordFailure(c, secondFactorKey(name), now, maxFailures, lockout);
            if (until.isPresent()) {
                records.lock(c, name, now, until.get());
            }
            return until;
        }).onSuccess(until -> until.ifPresent(u -> {
            AUDIT.warn("Locked '{}' until {}: {} wrong second factors in a row", name, u, maxFailures);
            onLocked.accept(name, u);
        }));
    }

    /** A right second factor: the count of wrong ones starts again. */
    public Future<Void> secondFactorPassed(String username) {
        String name = AccountRules.normalizeUsername(username);
        return store.write(c -> {
            records.clearFailures(c, secondFactorKey(name));
            return null;
        });
    }

    /**
     * The row that counts a name's wrong second factors: {@code 2fa:} and the name, within the column's 64
     * characters (no username has a colon; two names alike in their first 60 characters would share a count).
     */
    private static String secondFactorKey(String name) {
        return "2fa:" + (name.length() > 60 ? name.substring(0, 60) : name);
    }

    private Future<Boolean> checkPassword(char[] password, Optional<String> hash) {
        return hashing.submit(() -> verify(password, hash));
    }

    /**
     * Creates an account that must change its password at first sign-in. Fails with {@link AccountInputException}
     * for an invalid field and {@link DuplicateAccountException} if the username is taken.
     */
    public Future<SignedInAgent> create(String username, String displayName, Role role, char[] initialPassword) {
        return createWithRole(username, displayName, new RoleChoice(role, null), initialPassword);
    }

    /**
     * As {@link #create(String, String, Role, char[])}, with a built-in or an admin-defined role; a role id that names
     * no role fails with {@link AccountInputException} for {@code role}.
     */
    public Future<SignedInAgent> createWithRole(String username, String displayName, RoleChoice choice,
            char[] initialPassword) {
        Role role = choice == null ? null : choice.base();
        String roleId = choice == null ? null : choice.roleId();
        char[] password = copy(initialPassword);
        String name;
        String display;
        try {
            name = AccountRules.checkUsername(username);
            display = AccountRules.checkDisplayName(displayName);
            AccountRules.checkRole(role);
            AccountRules.checkPassword("password", password);
        } catch (AccountInputException e) {
            wipe(password);
            return Future.failedFuture(e);
        }
        return store.read(c -> records.byUsername(c, name).isPresent()).compose(taken -> {
            if (taken) {
                return Future.<SignedInAgent>failedFuture(new DuplicateAccountException(name));
            }
            return hashing.submit(() -> hasher.hash(password)).compose(hash -> {
                Instant now = clock.instant();
                StoredAgent agent = new StoredAgent(UUID.randomUUID().toString(), name, display, role, hash, true, now, now,
                        true, null, roleId);
                return store.write(c -> {
                    // Checked in the insert's transaction, so a role deleted just before is not given out.
                    if (roleId != null && !roles.exists(c, roleId)) {
                        throw new AccountInputException("role", "names no role (GET /api/v1/roles lists them)");
                    }
                    return records.insert(c, agent);
                }).compose(inserted -> {
                    if (!inserted) {
                        return Future.failedFuture(new DuplicateAccountException(name));
                    }
                    LOG.info("Created {} account '{}'", roleId == null ? role : "role " + roleId, name);
                    return Future.succeededFuture(agent.toSignedIn(roles));
                });
            });
        }).onComplete(done -> wipe(password));
    }

    /** Every account with what an admin manages about it (active, locked, one-time password), by username. */
    public Future<List<AccountStatus>> statuses() {
        return store.read(c -> {
            Instant now = clock.instant();
            List<AccountStatus> out = new ArrayList<>();
            for (StoredAgent a : records.all(c)) {
                Instant locked = records.failures(c, a.username()).lockedUntil().filter(until -> until.isAfter(now))
                        .orElse(null);
                out.add(new AccountStatus(a.toSignedIn(roles), a.active(), locked, a.passwordExpiresAt()));
            }
            return out;
        });
    }

    /**
     * Deactivates or reactivates an account (an admin's action, {@code by}). A deactivated account cannot sign in and
     * its sessions end at once; its history stays. Refused with {@link IllegalArgumentException} for the admin's own
     * account or the last active admin, {@link NoSuchElementException} for an unknown id.
     */
    public Future<SignedInAgent> setActive(SignedInAgent by, String agentId, boolean active) {
        if (!active && by.id().equals(agentId)) {
            return Future.failedFuture(new IllegalArgumentException("You cannot deactivate your own account."));
        }
        return store.write(c -> {
            StoredAgent agent = records.byId(c, agentId).orElseThrow(
                    () -> new NoSuchElementException("no account with id " + agentId));
            if (!active && agent.active() && agent.role() == Role.ADMIN && records.activeAdmins(c) <= 1) {
                throw new IllegalArgumentException("The last active admin cannot be deactivated.");
            }
            records.setActive(c, agentId, active);
            return agent.toSignedIn(roles);
        }).compose(agent -> {
            AUDIT.info("{} {} the account '{}'", by.username(), active ? "reactivated" : "deactivated", agent.username());
            if (active) {
                return Future.succeededFuture(agent);
            }
            SessionRevocations.revoke(vertx, agentId);
            return followUp.deactivated(agent, by).otherwise(e -> {
                LOG.warn("After deactivating '{}': {}", agent.username(), e.toString());
                return null;
            }).map(agent);
        });
    }

    /**
     * Gives the account another role (an admin's action, {@code by}): a built-in one or an admin-defined one. Its
     * sessions end, so it signs in again under the new role. Refused with {@link IllegalArgumentException} for the
     * admin's own account or when it would leave no active admin, {@link AccountInputException} for a role id that
     * names no role, {@link NoSuchElementException} for an unknown account.
     */
    public Future<SignedInAgent> changeRole(SignedInAgent by, String agentId, RoleChoice choice) {
        if (by.id().equals(agentId)) {
            return Future.failedFuture(new IllegalArgumentException("You cannot change the role of your own account."));
        }
        return store.write(c -> {
            StoredAgent agent = records.byId(c, agentId).orElseThrow(
                    () -> new NoSuchElementException("no account with id " + agentId));
            String newName = choice.roleId() == null ? choice.base().name() : roles.nameIn(c, choice.roleId());
            if (newName == null) {
                throw new AccountInputException("role", "names no role (GET /api/v1/roles lists them)");
            }
            boolean wasAdmin = agent.role() == Role.ADMIN && agent.roleId() == null;
            boolean staysAdmin = choice.base() == Role.ADMIN && choice.roleId() == null;
            if (wasAdmin && !staysAdmin && agent.active() && records.activeAdmins(c) <= 1) {
                throw new IllegalArgumentException("The last active admin cannot lose the admin role.");
            }
            String oldName = agent.roleId() == null ? agent.role().name() : roles.nameIn(c, agent.roleId());
            records.setRole(c, agentId, choice.base(), choice.roleId());
            StoredAgent changed = new StoredAgent(agent.id(), agent.username(), agent.displayName(), choice.base(),
                    agent.passwordHash(), agent.mustChangePassword(), agent.createdAt(), agent.passwordChangedAt(),
                    agent.active(), agent.passwordExpiresAt(), choice.roleId());
            return Map.entry(changed, (oldName == null ? "?" : oldName) + " -> " + newName);
        }).map(done -> {
            SessionRevocations.revoke(vertx, agentId);
            AUDIT.info("{} changed the role of '{}': {}; its sessions ended", by.username(), done.getKey().username(),
                    done.getValue());
            return done.getKey().toSignedIn(roles);
        });
    }

    /** What else happens when an account is deactivated (set once at start, by the node's wiring). */
    public void onDeactivation(DeactivationFollowUp followUp) {
        this.followUp = Objects.requireNonNull(followUp, "followUp");
    }

    /**
     * Gives the account a new one-time password, which it must change at its next sign-in and which expires after
     * {@link #ONE_TIME_PASSWORD_VALIDITY}; lifts a lock and ends the account's sessions. Returns the password, to show
     * the admin once: it is never logged or stored readable.
     */
    public Future<String> resetPassword(SignedInAgent by, String agentId) {
        // As strong as the first admin's one-time password (the same generator).
        String password = InitialAdminPassword.generate();
        return hashing.submit(() -> hasher.hash(password.toCharArray())).compose(hash -> store.write(c -> {
            StoredAgent agent = records.byId(c, agentId).orElseThrow(
                    () -> new NoSuchElementException("no account with id " + agentId));
            Instant now = clock.instant();
            records.resetPassword(c, agentId, hash, now, now.plus(ONE_TIME_PASSWORD_VALIDITY));
            records.clearFailures(c, agent.username());
            return agent.username();
        })).map(username -> {
            SessionRevocations.revoke(vertx, agentId);
            AUDIT.info("{} reset the password of '{}'; the one-time password expires in {}", by.username(), username,
                    ONE_TIME_PASSWORD_VALIDITY);
            return password;
        });
    }

    /** Lifts a sign-in lock on the account's name (an admin's action); false if it was not locked. */
    public Future<Boolean> unlock(SignedInAgent by, String agentId) {
        return store.write(c -> {
            StoredAgent agent = records.byId(c, agentId).orElseThrow(
                    () -> new NoSuchElementException("no account with id " + agentId));
            boolean locked = records.failures(c, agent.username()).lockedUntil()
                    .filter(until -> until.isAfter(clock.instant())).isPresent();
            records.clearFailures(c, agent.username());
            if (locked) {
                AUDIT.info("{} unlocked the account '{}'", by.username(), agent.username());
            }
            return locked;
        });
    }

    /** The accounts that may sign in (not deactivated), by username. */
    public Future<List<SignedInAgent>> listActive() {
        return store.read(records::all).map(all -> all.stream().filter(StoredAgent::active)
                .map(a -> a.toSignedIn(roles)).toList());
    }

    /** Every account, by username. */
    public Future<List<SignedInAgent>> list() {
        return store.read(records::all).map(all -> all.stream().map(a -> a.toSignedIn(roles)).toList());
    }

    public Future<Optional<SignedInAgent>> find(String agentId) {
        return store.read(c -> records.byId(c, agentId)).map(found -> found.map(a -> a.toSignedIn(roles)));
    }

    /**
     * Replaces the password and clears "must change". Fails with {@link WrongPasswordException} if {@code current} is
     * wrong, {@link AccountInputException} if {@code next} is too short or equals {@code current}, and
     * {@link NoSuchElementException} for an unknown id. When the first admin changes the one-time password, its file
     * is deleted.
     */
    public Future<Void> changePassword(String agentId, char[] current, char[] next) {
        char[] oldPassword = copy(current);
        char[] newPassword = copy(next);
        try {
            AccountRules.checkCurrentPassword(oldPassword);
            AccountRules.checkNewPassword(oldPassword, newPassword);
        } catch (AccountInputException e) {
            wipe(oldPassword, newPassword);
            return Future.failedFuture(e);
        }
        return store.read(c -> records.byId(c, agentId)).compose(found -> {
            if (found.isEmpty()) {
                return Future.<Void>failedFuture(new NoSuchElementException("no account with id " + agentId));
            }
            StoredAgent agent = found.get();
            return hashing.submit(() -> hasher.verify(oldPassword, agent.passwordHash())
                    ? Optional.of(hasher.hash(newPassword)) : Optional.<String>empty())
                    .compose(newHash -> newHash.isEmpty()
                            ? Future.succeededFuture(false)
                            : store.write(c -> records.replacePassword(c, agent.id(), agent.passwordHash(), newHash.get(),
                                    clock.instant())))
                    .compose(replaced -> {
                        // Not replaced: wrong current password, or another change won in between (so it is wrong now).
                        if (!replaced) {
                            return Future.<Void>failedFuture(new WrongPasswordException());
                        }
                        AUDIT.info("Password changed for account '{}'", agent.username());
                        return deleteInitialPasswordFileOf(agent);
                    });
        }).onComplete(done -> wipe(oldPassword, newPassword));
    }

    private Future<Void> deleteInitialPasswordFileOf(StoredAgent agent) {
        Path file = initialAdminPasswordFile;
        if (file == null || !FIRST_ADMIN_USERNAME.equals(agent.username())) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> InitialAdminPassword.delete(file), false).map(deleted -> {
            if (deleted) {
                LOG.info("Deleted the one-time admin password file {}", file);
            }
            return null;
        });
    }

    /**
     * Re-hashes a password whose stored hash uses weaker Argon2 parameters than today's, while the plain password is
     * at hand (only at sign-in). A failure here must not fail the sign-in: the old hash stays valid.
     */
    private Future<Void> upgradeHash(StoredAgent agent, char[] password) {
        if (!hasher.needsRehash(agent.passwordHash())) {
            return Future.succeededFuture();
        }
        return hashing.submit(() -> hasher.hash(password))
                .compose(hash -> store.write(c -> records.replaceHash(c, agent.id(), agent.passwordHash(), hash)))
                .<Void>mapEmpty()
                .otherwise(e -> {
                    LOG.warn("Could not upgrade the password hash of '{}': {}", agent.username(), e.toString());
                    return null;
                });
    }

    /** Runs in the hashing pool. With no account, checks against a dummy hash so the answer takes as long as a real check. */
    private boolean verify(char[] password, Optional<String> hash) {
        if (hash.isPresent()) {
            return hasher.verify(password, hash.get());
        }
        hasher.verify(password, dummyHash());
        return false;
    }

    private String dummyHash() {
        synchronized (dummyHashLock) {
            if (dummyHash == null) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                dummyHash = hasher.hash(java.util.Base64.getEncoder().encodeToString(random).toCharArray());
            }
            return dummyHash;
        }
    }

    private static char[] copy(char[] password) {
        return password == null ? new char[0] : password.clone();
    }

    private static void wipe(char[]... passwords) {
        for (char[] p : passwords) {
            Arrays.fill(p, '\0');
        }
    }

    /** What one sign-in learned when it asked to be checked: the account (if any), or the lock that refuses it. */
    private record Admission(Optional<StoredAgent> agent, Optional<Instant> lockedUntil) {
        static Admission locked(Instant until) {
            return new Admission(Optional.empty(), Optional.of(until));
        }
    }
}
