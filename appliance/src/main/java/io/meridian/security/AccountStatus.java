package io.meridian.security;

import java.time.Instant;

/**
 * An account as the admin page shows it: whether it is active, locked until when (null if not), and until when its
 * one-time password may be used (null if it has none).
 */
public record AccountStatus(SignedInAgent agent, boolean active, Instant lockedUntil, Instant oneTimePasswordExpiresAt) {
}
