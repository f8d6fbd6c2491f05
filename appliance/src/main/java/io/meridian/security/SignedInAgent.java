package io.meridian.security;

/** The console account behind a request, as kept in its session. */
public record SignedInAgent(String id, String username, String displayName, Role role, boolean mustChangePassword) {
}
