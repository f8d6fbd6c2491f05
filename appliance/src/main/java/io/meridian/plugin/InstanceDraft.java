package io.meridian.plugin;

import java.util.Map;

/**
 * A connector instance as the admin (console, API) or a conf/connectors file defines it. {@code values} maps property
 * names to values; a blank value of a secret property means "keep the stored secret". {@code source} is the file
 * that defines it, or null for the console.
 */
public record InstanceDraft(String id, String pluginId, String factoryId, String displayName, boolean enabled,
        String source, Map<String, String> values) {

    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,31}";

    public InstanceDraft {
        values = values == null ? Map.of() : Map.copyOf(values);
    }
}
