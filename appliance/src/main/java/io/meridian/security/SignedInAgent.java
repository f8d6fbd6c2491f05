package io.meridian.security;

import io.meridian.console.ConsoleReader;

/**
 * The console account behind a request, as kept in its session, with what its role allows ({@link #access}). The
 * {@code role} is the built-in role the account rests on: {@link Role#AGENT} for accounts with an admin-defined role.
 */
public record SignedInAgent(String id, String username, String displayName, Role role, boolean mustChangePassword,
        Access access) implements ConsoleReader {

    /** An account with a built-in role. */
    public SignedInAgent(String id, String username, String displayName, Role role, boolean mustChangePassword) {
        this(id, username, displayName, role, mustChangePassword, Access.of(role));
    }

    /** The id of the account's admin-defined role, or null for an account with a built-in role. */
    public String customRoleId() {
        return access.builtIn() ? null : access.roleId();
    }

    /** The same account with {@code newAccess} (its role as it is now). */
    public SignedInAgent withAccess(Access newAccess) {
        return new SignedInAgent(id, username, displayName, role, mustChangePassword, newAccess);
    }

    /** The same account after it changed its password. */
    public SignedInAgent passwordChanged() {
        return new SignedInAgent(id, username, displayName, role, false, access);
    }

    /** Whether the account's role grants {@code permission}. */
    public boolean may(Permission permission) {
        return access.may(permission);
    }

    @Override
    public boolean seesPersonalData() {
        return access.may(Permission.PERSONAL_DATA_UNMASKED);
    }

    /** {@link #may} by the permission's key, for templates: {@code #if($agent.can("accounts.manage"))}. */
    public boolean can(String permissionKey) {
        return access.may(Permission.ofKey(permissionKey)
                .orElseThrow(() -> new IllegalArgumentException("no permission " + permissionKey)));
    }
}
