package io.meridian.security;

import java.time.Duration;
import java.time.Instant;

/** The answer of {@link AgentAccounts#authenticate}: signed in, rejected, locked out for a while, or not checked now. */
public sealed interface LoginResult {

    /** The credentials were right; the agent may still have to change the password first. */
    record Success(SignedInAgent agent) implements LoginResult {
    }

    /**
     * Unknown username or wrong password: deliberately one answer for both, so the sign-in form never tells an
     * attacker which usernames exist.
     */
    record Rejected() implements LoginResult {
    }

    /** Too many failures in a row for this username; no password is checked until {@code until}. */
    record Locked(Instant until) implements LoginResult {
    }

    /** Password checks are at capacity: nothing was checked or counted; the attempt may be repeated after a while. */
    record Busy(Duration retryAfter) implements LoginResult {
    }
}
