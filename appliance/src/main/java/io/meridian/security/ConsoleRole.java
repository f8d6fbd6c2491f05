package io.meridian.security;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role an admin defined ({@link RoleCatalog}): its permissions from the fixed list, and the teams and customers'
 * home regions it reads (empty: all). Public for the console's templates.
 */
public record ConsoleRole(String id, String name, String description, Set<Permission> permissions, Set<String> teams,
        Set<String> regions, Instant createdAt, Instant updatedAt) {

    public ConsoleRole {
        permissions = permissions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        teams = Collections.unmodifiableSet(new TreeSet<>(teams));
        regions = Collections.unmodifiableSet(new TreeSet<>(regions));
    }

    /** What an account holding this role may do and see. */
    public Access access() {
        return new Access(id, name, permissions, teams, regions);
    }

    /** The permissions' keys in the list's order, for the API and the console. */
    public Set<String> permissionKeys() {
        Set<String> keys = new LinkedHashSet<>();
        permissions.stream().sorted().forEach(p -> keys.add(p.key()));
        return keys;
    }

    /** Whether the role grants the permission named {@code key}, for the console's checkboxes. */
    public boolean grants(String key) {
        return Permission.ofKey(key).map(permissions::contains).orElse(false);
    }
}
