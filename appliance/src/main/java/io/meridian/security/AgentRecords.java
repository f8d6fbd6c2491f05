package io.meridian.security;

import io.meridian.store.StatementUndo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * All SQL of the accounts capability ({@code agents} and {@code login_failures}, migrations V2 and V36). Methods run on a
 * store connection handed in by {@link io.meridian.store.Store}, inside its transaction; none commits.
 */
final class AgentRecords {

    /** The SQLState of a unique or primary key violation (Derby's and PostgreSQL's). */
    private static final String DUPLICATE_KEY = "23505";
    private static final String COLUMNS = "id, username, display_name, role, password_hash, must_change_password, "
            + "created_at, password_changed_at, active, password_expires_at, role_id";

    /** Timestamps are read and written in UTC so a change of the host's time zone cannot shift a lockout. */
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /** Failures and lock of one username at one moment. */
    record FailureState(int failures, Optional<Instant> lockedUntil) {
        static final FailureState NONE = new FailureState(0, Optional.empty());
    }

    boolean anyAgent(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM agents FETCH FIRST 1 ROWS ONLY");
                ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    Optional<StoredAgent> byUsername(Connection c, String username) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM agents WHERE username = ?", username);
    }

    Optional<StoredAgent> byId(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM agents WHERE id = ?", id);
    }

    List<StoredAgent> all(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM agents ORDER BY username");
                ResultSet rs = s.executeQuery()) {
            List<StoredAgent> agents = new ArrayList<>();
            while (rs.next()) {
                agents.add(row(rs));
            }
            return agents;
        }
    }

    /** Inserts the account; false (and nothing written) if the username is taken. */
    boolean insert(Connection c, StoredAgent a) throws SQLException {
        try {
            return StatementUndo.alone(c, w -> {
                try (PreparedStatement s = w.prepareStatement("INSERT INTO agents (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, a.id());
                    s.setString(2, a.username());
                    s.setString(3, a.displayName());
                    s.setString(4, a.role().name());
                    s.setString(5, a.passwordHash());
                    s.setBoolean(6, a.mustChangePassword());
                    s.setTimestamp(7, Timestamp.from(a.createdAt()), UTC.get());
                    s.setTimestamp(8, Timestamp.from(a.passwordChangedAt()), UTC.get());
                    s.setBoolean(9, a.active());
                    setInstant(s, 10, a.passwordExpiresAt());
                    s.setString(11, a.roleId());
                    s.executeUpdate();
                    return true;
                }
            });
        } catch (SQLException e) {
            // Undone alone (StatementUndo), so the surrounding group commit goes on, on either engine.
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces the hash only if it is still {@code expectedHash}, so two concurrent changes cannot both win. */
    boolean replacePassword(Connection c, String id, String expectedHash, String newHash, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET password_hash = ?, must_change_password = FALSE, "
                + "password_changed_at = ?, password_expires_at = NULL WHERE id = ? AND password_hash = ?")) {
            s.setString(1, newHash);
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            s.setString(3, id);
            s.setString(4, expectedHash);
            return s.executeUpdate() == 1;
        }
    }

    /** Swaps in a stronger hash of the same password, unless the password changed in between. */
    boolean replaceHash(Connection c, String id, String expectedHash, String newHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
            s.setString(1, newHash);
            s.setString(2, id);
            s.setString(3, expectedHash);
            return s.executeUpdate() == 1;
        }
    }

    FailureState failures(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT failures, locked_until FROM login_failures WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return FailureState.NONE;
                }
                Timestamp locked = rs.getTimestamp(2, UTC.get());
                return new FailureState(rs.getInt(1), Optional.ofNullable(locked).map(Timestamp::toInstant));
            }
        }
    }

    /**
     * Counts one more consecutive failure; at {@code maxFailures} the name is locked until {@code now + lockout}
     * and the count starts again. Returns the lock end if this failure locked the name, or if it was locked already.
     */
    Optional<Instant> recordFailure(Connection c, String username, Instant now, int maxFailures, Duration lockout)
            throws SQLException {
        FailureState state = failures(c, username);
        Optional<Instant> stillLocked = state.lockedUntil().filter(until -> until.isAfter(now));
        if (stillLocked.isPresent()) {
            // A check that ran while the name locked: the lock stands as it is (a new count would lift it).
            return stillLocked;
        }
        boolean lockExpired = state.lockedUntil().map(until -> !until.isAfter(now)).orElse(false);
        int failures = (lockExpired ? 0 : state.failures()) + 1;
        Optional<Instant> lockedUntil = failures >= maxFailures ? Optional.of(now.plus(lockout)) : Optional.empty();
        int stored = lockedUntil.isPresent() ? 0 : failures;
        if (state == FailureState.NONE) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO login_failures (failures, last_failure_at, locked_until, username) VALUES (?, ?, ?, ?)")) {
                bindFailure(s, stored, now, lockedUntil, username);
                s.executeUpdate();
            }
        } else {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE login_failures SET failures = ?, last_failure_at = ?, locked_until = ? WHERE username = ?")) {
                bindFailure(s, stored, now, lockedUntil, username);
                s.executeUpdate();
            }
        }
        return lockedUntil;
    }

    /** Locks the name until {@code until} at once, with the count starting again (as a locking failure leaves it). */
    void lock(Connection c, String username, Instant now, Instant until) throws SQLException {
        boolean known = failures(c, username) != FailureState.NONE;
        String sql = known
                ? "UPDATE login_failures SET failures = ?, last_failure_at = ?, locked_until = ? WHERE username = ?"
                : "INSERT INTO login_failures (failures, last_failure_at, locked_until, username) VALUES (?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindFailure(s, 0, now, Optional.of(until), username);
            s.executeUpdate();
        }
    }

    void clearFailures(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE username = ?")) {
            s.setString(1, username);
            s.executeUpdate();
        }
    }

    /** Forgets failure records that are neither locked nor recent, so names that were only guessed do not pile up. */
    int pruneFailures(Connection c, Instant olderThan, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE last_failure_at < ? "
                + "AND (locked_until IS NULL OR locked_until < ?)")) {
            s.setTimestamp(1, Timestamp.from(olderThan), UTC.get());
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            return s.executeUpdate();
        }
    }

    private static void bindFailure(PreparedStatement s, int failures, Instant now, Optional<Instant> lockedUntil,
            String username) throws SQLException {
        s.setInt(1, failures);
        s.setTimestamp(2, Timestamp.from(now), UTC.get());
        if (lockedUntil.isPresent()) {
            s.setTimestamp(3, Timestamp.from(lockedUntil.get()), UTC.get());
        } else {
            s.setNull(3, java.sql.Types.TIMESTAMP);
        }
        s.setString(4, username);
    }

    private static Optional<StoredAgent> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Activates or deactivates the account; false for an unknown id. */
    boolean setActive(Connection c, String id, boolean active) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET active = ? WHERE id = ?")) {
            s.setBoolean(1, active);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /** An admin's reset: a one-time password the account must change at sign-in, valid until {@code expiresAt}. */
    boolean resetPassword(Connection c, String id, String hash, Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET password_hash = ?, must_change_password = TRUE, "
                + "password_changed_at = ?, password_expires_at = ? WHERE id = ?")) {
            s.setString(1, hash);
            s.setTimestamp(2, Timestamp.from(now), UTC.get());
            s.setTimestamp(3, Timestamp.from(expiresAt), UTC.get());
            s.setString(4, id);
            return s.executeUpdate() == 1;
        }
    }

    /** How many active admin accounts there are: the last one cannot be deactivated nor lose the role. */
    int activeAdmins(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM agents WHERE role = 'ADMIN' AND role_id IS NULL AND active = TRUE");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Gives the account a built-in role ({@code roleId} null) or a defined one ({@code role} AGENT); false if unknown. */
    boolean setRole(Connection c, String id, Role role, String roleId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET role = ?, role_id = ? WHERE id = ?")) {
            s.setString(1, role.name());
            s.setString(2, roleId);
            s.setString(3, id);
            return s.executeUpdate() == 1;
        }
    }

    /** How many accounts, active or not, hold the defined role {@code roleId}. */
    int countWithRoleId(Connection c, String roleId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM agents WHERE role_id = ?")) {
            s.setString(1, roleId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many accounts hold each defined role, by role id. */
    java.util.Map<String, Integer> countByRoleId(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT role_id, COUNT(*) FROM agents WHERE role_id IS NOT NULL GROUP BY role_id");
                ResultSet rs = s.executeQuery()) {
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1).strip(), rs.getInt(2));
            }
            return counts;
        }
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, java.sql.Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value), UTC.get());
        }
    }

    private static StoredAgent row(ResultSet rs) throws SQLException {
        Timestamp expires = rs.getTimestamp(10, UTC.get());
        return new StoredAgent(rs.getString(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                rs.getString(5), rs.getBoolean(6), rs.getTimestamp(7, UTC.get()).toInstant(),
                rs.getTimestamp(8, UTC.get()).toInstant(), rs.getBoolean(9), expires == null ? null : expires.toInstant(),
                rs.getString(11) == null ? null : rs.getString(11).strip());
    }
}
