package io.meridian.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A role as an admin typed it, checked against the rules of docs/security.md ("Roles and permissions"): name 1-64
 * characters, description at most 500, permissions from the fixed list, team ids of {@code A-Z a-z 0-9 _ -} (1-64),
 * region codes of {@code a-z 0-9 -} (1-32). {@link #of} refuses anything else with {@link RoleRefusal}.
 */
public record RoleDraft(String name, String description, Set<Permission> permissions, Set<String> teams,
        Set<String> regions) {

    static final int MAX_NAME_CHARS = 64;
    static final int MAX_DESCRIPTION_CHARS = 500;
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    /** The columns' widths (V36): a list that would not fit is refused, never cut. */
    private static final int MAX_TEAMS_CHARS = 4000;
    private static final int MAX_REGIONS_CHARS = 1000;

    public RoleDraft {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(permissions);
        teams = Set.copyOf(teams);
        regions = Set.copyOf(regions);
    }

    /** Checks and normalises what was typed (names stripped, lists without blanks and repeats). */
    public static RoleDraft of(String name, String description, Collection<String> permissionKeys,
            Collection<String> teams, Collection<String> regions) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw RoleRefusal.invalid("name", "is required", "The role name is required.");
        }
        if (n.length() > MAX_NAME_CHARS) {
            throw RoleRefusal.invalid("name", "must be at most " + MAX_NAME_CHARS + " characters",
                    "The role name must be at most " + MAX_NAME_CHARS + " characters.");
        }
        if (n.chars().anyMatch(Character::isISOControl) || n.contains(",")) {
            throw RoleRefusal.invalid("name", "must not contain control characters or commas",
                    "The role name must not contain control characters or commas.");
        }
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION_CHARS) {
            throw RoleRefusal.invalid("description", "must be at most " + MAX_DESCRIPTION_CHARS + " characters",
                    "The description must be at most " + MAX_DESCRIPTION_CHARS + " characters.");
        }
        if (d.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\r' && ch != '\t')) {
            throw RoleRefusal.invalid("description", "must not contain control characters",
                    "The description must not contain control characters.");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String key : cleaned(permissionKeys)) {
            permissions.add(Permission.ofKey(key).orElseThrow(() -> RoleRefusal.invalid("permissions",
                    "unknown permission '" + key + "' (GET /api/v1/permissions lists them)",
                    "There is no permission " + key + ".")));
        }
        Set<String> teamIds = cleaned(teams);
        for (String team : teamIds) {
            if (!TEAM.matcher(team).matches()) {
                throw RoleRefusal.invalid("teams", "'" + team + "' is no team id (1-64 of A-Z a-z 0-9 _ -)",
                        team + " is no team id: use 1-64 of A-Z a-z 0-9 _ -.");
            }
        }
        if (String.join(",", teamIds).length() > MAX_TEAMS_CHARS) {
            throw RoleRefusal.invalid("teams", "too many teams", "The role names too many teams.");
        }
        Set<String> regionCodes = cleaned(regions);
        for (String region : regionCodes) {
            if (!REGION.matcher(region).matches()) {
                throw RoleRefusal.invalid("regions", "'" + region + "' is no region code (1-32 of a-z 0-9 -)",
                        region + " is no region code: use 1-32 of a-z 0-9 -.");
            }
        }
        if (String.join(",", regionCodes).length() > MAX_REGIONS_CHARS) {
            throw RoleRefusal.invalid("regions", "too many regions", "The role names too many regions.");
        }
        return new RoleDraft(n, d, permissions, teamIds, regionCodes);
    }

    private static Set<String> cleaned(Collection<String> values) {
        Set<String> out = new TreeSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(v.strip());
                }
            }
        }
        return out;
    }
}
