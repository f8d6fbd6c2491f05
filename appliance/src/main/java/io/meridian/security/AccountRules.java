package io.meridian.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** What makes a username, display name and password acceptable (docs/security.md, "Accounts and roles"). */
final class AccountRules {

    static final int MIN_PASSWORD_CHARS = 12;
    /** Argon2 would hash megabytes happily; a cap keeps one request from costing seconds of CPU. */
    static final int MAX_PASSWORD_CHARS = 1024;
    static final int MAX_USERNAME_CHARS = 64;
    static final int MAX_DISPLAY_NAME_CHARS = 100;

    /** The ids RoleCatalog gives roles: UUIDs. */
    private static final Pattern ROLE_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private AccountRules() {
    }

    /** Usernames are case-insensitive: stored and looked up in lower case. */
    static String normalizeUsername(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether a normalized name could belong to an account at all. */
    static boolean isWellFormed(String normalizedUsername) {
        return USERNAME.matcher(normalizedUsername).matches();
    }

    static String checkUsername(String username) {
        String normalized = normalizeUsername(username);
        if (normalized.isEmpty()) {
            throw new AccountInputException("username", "is required");
        }
        if (!isWellFormed(normalized)) {
            throw new AccountInputException("username", "must be 1-" + MAX_USERNAME_CHARS
                    + " characters: letters a-z, digits and . _ @ -, starting with a letter or digit");
        }
        return normalized;
    }

    static String checkDisplayName(String displayName) {
        String stripped = displayName == null ? "" : displayName.strip();
        if (stripped.isEmpty()) {
            throw new AccountInputException("displayName", "is required");
        }
        if (stripped.length() > MAX_DISPLAY_NAME_CHARS) {
            throw new AccountInputException("displayName", "must be at most " + MAX_DISPLAY_NAME_CHARS + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new AccountInputException("displayName", "must not contain control characters");
        }
        return stripped;
    }

    static Role checkRole(Role role) {
        if (role == null) {
            throw new AccountInputException("role", "is required (AGENT or ADMIN)");
        }
        return role;
    }

    /** Parses a role name as sent by a form or JSON body. */
    static Role parseRole(String name) {
        if (name == null || name.isBlank()) {
            throw new AccountInputException("role", "is required (AGENT or ADMIN)");
        }
        try {
            return Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AccountInputException("role", "must be AGENT or ADMIN");
        }
    }

    /**
     * A role as sent by a form or JSON body: {@code AGENT} or {@code ADMIN} (any case) for a built-in role, else the id
     * of an admin-defined role (whether it exists is checked where it is given).
     */
    static RoleChoice parseRoleChoice(String value) {
        if (value == null || value.isBlank()) {
            throw new AccountInputException("role", "is required (AGENT, ADMIN or a role id)");
        }
        String v = value.strip();
        for (Role role : Role.values()) {
            if (role.name().equalsIgnoreCase(v)) {
                return new RoleChoice(role, null);
            }
        }
        if (!ROLE_ID.matcher(v).matches()) {
            throw new AccountInputException("role", "must be AGENT, ADMIN or the id of a role (GET /api/v1/roles)");
        }
        return new RoleChoice(Role.AGENT, v);
    }

    static void checkPassword(String field, char[] password) {
        if (password == null || password.length < MIN_PASSWORD_CHARS) {
            throw new AccountInputException(field, "must be at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new AccountInputException(field, "must be at most " + MAX_PASSWORD_CHARS + " characters");
        }
    }

    /** The password given as the current one: too long to be anyone's, it is refused before it is hashed. */
    static void checkCurrentPassword(char[] current) {
        if (current != null && current.length > MAX_PASSWORD_CHARS) {
            throw new AccountInputException("current", "must be at most " + MAX_PASSWORD_CHARS + " characters");
        }
    }

    static void checkNewPassword(char[] current, char[] next) {
        checkPassword("new", next);
        if (current != null && Arrays.equals(current, next)) {
            throw new AccountInputException("new", "must differ from the current password");
        }
    }
}
