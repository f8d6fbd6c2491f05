package io.meridian.security;

/**
 * One choice of the console's role selects: {@code value} is what the form sends (AGENT, ADMIN or a role id); a
 * built-in role's label is translated by the page ({@code role.AGENT}), a defined role's is its name. Public for the
 * templates.
 */
public record RoleOption(String value, String label, boolean builtIn) {

    /** Whether this is the role {@code agent} holds now. */
    public boolean heldBy(SignedInAgent agent) {
        return builtIn ? agent.customRoleId() == null && agent.role().name().equals(value)
                : value.equals(agent.customRoleId());
    }
}
