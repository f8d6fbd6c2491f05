package io.meridian.security;

import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-step sign-in: an authenticator app's six-digit code (TOTP, {@link Totp}) after the password, or one of ten
 * single-use recovery codes. Required for the roles {@code security.mfa.required-roles} names (admins by default; defined roles by name),
 * chosen by anyone else on the Two-step sign-in page. The secret is sealed ({@code agent_second_factor}, V29) with a
 * key derived from the master key; a code is accepted once (the step is kept); recovery codes are kept hashed.
 */
public final class SecondFactors {

    /** How a code given at sign-in was taken. */
    public enum Check { APP_CODE, RECOVERY_CODE, WRONG, NOT_ENROLLED }

    static final int RECOVERY_CODES = 10;
    private static final String TABLE = "agent_second_factor";
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final Store store;
    private final Clock clock;
    /** The node's master keys, from which the key that seals the secrets is derived. */
    private final DataKeys masterKeys;
    /** The role names that require a second factor, in lower case. */
    private final Set<String> requiredFor;

    /**
     * {@code masterKeys}: the node's master key (and, during a rotation, the previous one); {@code requiredFor}: the
     * roles whose accounts must have a second factor, by name ({@code ADMIN}, {@code AGENT} or a defined role's).
     */
    public SecondFactors(Store store, Clock clock, DataKeys masterKeys, Collection<String> requiredFor) {
        this.store = store;
        this.clock = clock;
        this.masterKeys = masterKeys;
        this.requiredFor = requiredFor.stream().map(r -> r.strip().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * A master key rotation: every secret sealed under the key derived from the previous master key is sealed again
     * under the one derived from the current; how many changed.
     */
    public Future<Integer> resealSecrets() {
        return store.write(c -> {
            int changed = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT agent_id, secret_sealed FROM " + TABLE);
                    PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                            + " SET secret_sealed = ? WHERE agent_id = ?");
                    ResultSet rs = s.executeQuery()) {
                SecretKey current = derive(masterKeys.masterKey());
                while (rs.next()) {
                    String agentId = rs.getString(1);
                    byte[] sealed = rs.getBytes(2);
                    if (opened(current, sealed, agentId) == null) {
                        update.setBytes(1, FieldCipher.seal(current, open(sealed, agentId), TABLE, agentId,
                                "secret_sealed"));
                        update.setString(2, agentId);
                        changed += update.executeUpdate();
                    }
                }
            }
            return changed;
        });
    }

    /** The secret, opened with the key derived from the current master key, or else from the previous one. */
    private byte[] open(byte[] sealed, String agentId) {
        byte[] secret = opened(derive(masterKeys.masterKey()), sealed, agentId);
        Optional<SecretKey> previous = masterKeys.previousMasterKey();
        if (secret == null && previous.isPresent()) {
            secret = opened(derive(previous.get()), sealed, agentId);
        }
        if (secret == null) {
            throw new IllegalStateException("The second factor of account " + agentId + " does not open with the "
                    + "node's master key");
        }
        return secret;
    }

    private static byte[] opened(SecretKey key, byte[] sealed, String agentId) {
        try {
            return FieldCipher.open(key, sealed, TABLE, agentId, "secret_sealed");
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * Whether the account must have a second factor: {@code security.mfa.required-roles} names its built-in role
     * ({@code ADMIN}, {@code AGENT}) or, for an account with a defined role, that role's name (in any case).
     */
    public boolean required(SignedInAgent agent) {
        String name = agent.customRoleId() == null ? agent.role().name() : agent.access().roleName();
        return requiredFor.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the account has a second factor. */
    public Future<Boolean> enrolled(String agentId) {
        return store.read(c -> secret(c, agentId).isPresent());
    }

    /** How many unused recovery codes the account has. */
    public Future<Integer> recoveryCodesLeft(String agentId) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM agent_recovery_codes "
                    + "WHERE agent_id = ? AND used_at IS NULL")) {
                s.setString(1, agentId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Turns two-step sign-in on for the account with {@code secret} (Base32, shown to the agent at enrolment) if
     * {@code code} is its code now; returns the new recovery codes, shown once. Fails with
     * {@link IllegalArgumentException} for a wrong code.
     */
    public Future<List<String>> confirm(SignedInAgent agent, String secret, String code) {
        byte[] key = Totp.decode(secret);
        OptionalLong step = Totp.matchingStep(key, code, clock.instant());
        if (step.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("that code is not the app's code now"));
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(newRecoveryCode());
        }
        Instant now = clock.instant();
        return store.write(c -> {
            delete(c, agent.id());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (agent_id, secret_sealed, "
                    + "enrolled_at, last_step) VALUES (?, ?, ?, ?)")) {
                s.setString(1, agent.id());
                s.setBytes(2, FieldCipher.seal(derive(masterKeys.masterKey()), key, TABLE, agent.id(), "secret_sealed"));
                s.setTimestamp(3, Timestamp.from(now));
                s.setLong(4, step.getAsLong());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO agent_recovery_codes (agent_id, code_hash) "
                    + "VALUES (?, ?)")) {
                for (String rc : codes) {
                    s.setString(1, agent.id());
                    s.setString(2, hash(rc));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return codes;
        }).onSuccess(done -> AUDIT.info("Two-step sign-in turned on for '{}'", agent.username()));
    }

    /**
     * Checks a code given at sign-in: the app's code for a step after the last one accepted (which it then becomes),
     * or an unused recovery code (then used up).
     */
    public Future<Check> check(String agentId, String given) {
        Instant now = clock.instant();
        return store.write(c -> {
            Optional<Enrolled> enrolled = secret(c, agentId);
            if (enrolled.isEmpty()) {
                return Check.NOT_ENROLLED;
            }
            OptionalLong step = Totp.matchingStep(enrolled.get().secret(), given, now);
            if (step.isPresent()) {
                if (step.getAsLong() <= enrolled.get().lastStep()) {
                    return Check.WRONG; // used already: a code seen over a shoulder or on the wire works once
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET last_step = ? "
                        + "WHERE agent_id = ? AND last_step < ?")) {
                    s.setLong(1, step.getAsLong());
                    s.setString(2, agentId);
                    s.setLong(3, step.getAsLong());
                    return s.executeUpdate() == 1 ? Check.APP_CODE : Check.WRONG;
                }
            }
            String normalised = given == null ? "" : given.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
            if (normalised.length() != 10) {
                return Check.WRONG;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE agent_recovery_codes SET used_at = ? "
                    + "WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setString(2, agentId);
                s.setString(3, hash(normalised));
                return s.executeUpdate() == 1 ? Check.RECOVERY_CODE : Check.WRONG;
            }
        });
    }

    /** Turns two-step sign-in off for the account (the agent with a code, or an admin's reset). */
    public Future<Void> remove(String agentId, String why) {
        return store.<Void>write(c -> {
            delete(c, agentId);
            return null;
        }).onSuccess(v -> AUDIT.info("Two-step sign-in turned off for account {}: {}", agentId, why));
    }

    private static void delete(Connection c, String agentId) throws SQLException {
        for (String table : List.of(TABLE, "agent_recovery_codes")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE agent_id = ?")) {
                s.setString(1, agentId);
                s.executeUpdate();
            }
        }
    }

    private record Enrolled(byte[] secret, long lastStep) {
    }

    private Optional<Enrolled> secret(Connection c, String agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT secret_sealed, last_step FROM " + TABLE
                + " WHERE agent_id = ?")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Enrolled(open(rs.getBytes(1), agentId), rs.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    /** Ten characters of Base32 in lower case, shown as two groups of five (abcde-fghij). */
    private static String newRecoveryCode() {
        return Base32.toBase32String(Crypto.randomBytes(10)).substring(0, 10).toLowerCase(Locale.ROOT);
    }

    private static String hash(String recoveryCode) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(recoveryCode.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A key of its own for the secrets: HMAC-SHA256 of a fixed label under the master key. */
    private static SecretKey derive(SecretKey masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("meridian/agent-second-factor/v1".getBytes(StandardCharsets.UTF_8)),
                    "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
