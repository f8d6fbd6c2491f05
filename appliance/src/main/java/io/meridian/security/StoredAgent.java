package io.meridian.security;

import java.time.Instant;

/** One row of the {@code agents} table, password hash included: never leaves this package. */
record StoredAgent(String id, String username, String displayName, Role role, String passwordHash,
        boolean mustChangePassword, Instant createdAt, Instant passwordChangedAt) {

    SignedInAgent toSignedIn() {
        return new SignedInAgent(id, username, displayName, role, mustChangePassword);
    }
}
