package io.meridian.security;

import java.util.List;

/**
 * A defined role as the console's roles page lists it: how many accounts hold it, and its teams by name (a team id the
 * routing setup no longer has is shown as the id). Public for the templates.
 */
public record RoleSummary(ConsoleRole role, int accounts, List<String> teamLabels) {
}
