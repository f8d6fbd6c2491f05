package io.meridian.security;

import java.time.Instant;

/**
 * One row of the {@code agents} table, password hash included: never leaves this package. {@code passwordExpiresAt}
 * is set only for a one-time password an admin issued (null otherwise); {@code roleId} only for an account with an
 * admin-defined role (its {@code role} is then {@link Role#AGENT}).
 */
record StoredAgent(String id, String username, String displayName, Role role, String passwordHash,
        boolean mustChangePassword, Instant createdAt, Instant passwordChangedAt, boolean active,
        Instant passwordExpiresAt, String roleId) {

    /** The account with its role's access as {@code roles} has it now. */
    SignedInAgent toSignedIn(RoleCatalog roles) {
        return new SignedInAgent(id, username, displayName, role, mustChangePassword, roles.accessOf(role, roleId));
    }

    /** Whether the password may sign in at {@code now}: the account is active and its one-time password not expired. */
    boolean maySignIn(Instant now) {
        return active && (passwordExpiresAt == null || now.isBefore(passwordExpiresAt));
    }
}
