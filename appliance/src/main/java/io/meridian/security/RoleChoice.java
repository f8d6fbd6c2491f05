package io.meridian.security;

/**
 * The role an account is given: a built-in one ({@code roleId} null), or an admin-defined one ({@code roleId}, with
 * {@code base} {@link Role#AGENT}, the built-in role such accounts rest on).
 */
public record RoleChoice(Role base, String roleId) {

    public RoleChoice {
        if (roleId != null && base != Role.AGENT) {
            throw new IllegalArgumentException("an account with a defined role rests on the built-in AGENT role");
        }
    }

    /** A built-in role. */
    public static RoleChoice of(Role role) {
        return new RoleChoice(role, null);
    }
}
