package io.meridian.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one account may do and see: its role's permissions, and the teams and home regions of the customers it may
 * read (empty: all). Resolved for each request from the account's role, so a changed role takes effect at once.
 */
public record Access(String roleId, String roleName, Set<Permission> permissions, Set<String> teams,
        Set<String> regions) {

    private static final Access ADMIN = new Access("admin", "Admin", Set.copyOf(EnumSet.allOf(Permission.class)),
            Set.of(), Set.of());
    private static final Access AGENT = new Access("agent", "Agent", Permission.AGENT_DEFAULTS, Set.of(), Set.of());

    public Access {
        java.util.Objects.requireNonNull(roleId, "roleId");
        permissions = Set.copyOf(permissions);
        teams = Set.copyOf(teams);
        regions = Set.copyOf(regions);
    }

    /**
     * The access of an account whose role id names no role (deleted meanwhile, or never there): no permission at all,
     * so its requests are refused rather than failing.
     */
    public static Access none(String roleId) {
        return new Access(roleId, "?", Set.of(), Set.of(), Set.of());
    }

    /** Whether this is a built-in role's access ({@link Role#AGENT}, {@link Role#ADMIN}), not a defined role's. */
    public boolean builtIn() {
        return roleId.equals(ADMIN.roleId) || roleId.equals(AGENT.roleId);
    }

    /** Whether the role may do more than the built-in agent role ({@link Permission#AGENT_DEFAULTS}). */
    public boolean beyondAgent() {
        return !Permission.AGENT_DEFAULTS.containsAll(permissions);
    }

    /** A built-in role's access: everything for admins, reading and answering customers for agents. */
    public static Access of(Role role) {
        return role == Role.ADMIN ? ADMIN : AGENT;
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /** {@link #may} by the permission's key, for templates; false for a key that names no permission. */
    public boolean can(String permissionKey) {
        return Permission.ofKey(permissionKey).map(permissions::contains).orElse(false);
    }

    /** Whether the role reads only some teams' or regions' customers. */
    public boolean scoped() {
        return !teams.isEmpty() || !regions.isEmpty();
    }

    /** Whether data homed in {@code region} (null: not known) is within the scope's regions. */
    public boolean coversRegion(String region) {
        return regions.isEmpty() || region != null && regions.contains(region);
    }

    /**
     * Whether a conversation of {@code team} (null: none yet) whose customer's home region is {@code region} (null:
     * not known) is within the scope. A conversation not yet in any team is outside a team-scoped role.
     */
    public boolean covers(String team, String region) {
        return (teams.isEmpty() || team != null && teams.contains(team)) && coversRegion(region);
    }
}
