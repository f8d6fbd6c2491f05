package io.meridian.plugin;

import java.util.Map;
import java.util.Set;

/**
 * A connector instance as stored. {@code plainValues} holds the non-secret values; {@code secretsSet} names the
 * secret properties that have a value, which is never shown. {@code secrets} is filled only when the host loads the
 * instance to create its connector, and is never rendered or logged.
 */
record StoredInstance(String id, String pluginId, String factoryId, String displayName, boolean enabled,
        String source, Map<String, String> plainValues, Set<String> secretsSet, Map<String, String> secrets) {

    /** Every value, secrets included: only for {@code ConnectorConfig.of}. */
    Map<String, String> allValues() {
        Map<String, String> all = new java.util.LinkedHashMap<>(plainValues);
        all.putAll(secrets);
        return all;
    }

    @Override
    public String toString() {
        return "StoredInstance[" + id + " " + pluginId + "/" + factoryId + " " + plainValues + " secrets set: "
                + secretsSet + "]";
    }
}
