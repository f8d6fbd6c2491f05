package io.meridian.plugin;

import java.time.Instant;
import java.util.List;

/**
 * A plugin as the console, the REST API and JMX show it. {@code signature} is verified, unsigned, invalid or
 * "not checked"; {@code stuckThreads} counts threads still inside a plugin call whose deadline passed.
 */
public record PluginView(String id, String version, String provider, String description, String requires,
        String file, String sha256, PluginState state, String lastError, Instant since, String signature,
        String signatureDetail, int stuckThreads, List<FactoryView> factories) {

    /** A connector factory of the plugin: its kind, its data egress and its capabilities. */
    public record FactoryView(String id, String kind, String displayName, String description, String egress,
            List<String> capabilities) {
    }
}
