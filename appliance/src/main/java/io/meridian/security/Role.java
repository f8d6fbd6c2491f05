package io.meridian.security;

/** What a console account may do. Admins can do everything agents can, plus manage accounts. */
public enum Role {
    AGENT,
    ADMIN;

    /** Whether this role grants at least {@code required}. */
    public boolean covers(Role required) {
        return this == ADMIN || this == required;
    }
}
