package io.meridian.plugin;

import java.util.Map;
import java.util.Set;

/**
 * A stored connector instance as its edit form needs it: the non-secret values, and the names of the secrets that
 * are set. Secret values never leave the host.
 */
public record StoredInstanceForm(String id, String pluginId, String factoryId, String displayName, boolean enabled,
        String source, Map<String, String> values, Set<String> secretsSet) {
}
