package io.meridian.plugin;

import java.time.Instant;

/** A connector instance as the console, the REST API and JMX show it (never its values). */
public record InstanceView(String id, String pluginId, String factoryId, String displayName, boolean enabled,
        String source, InstanceState state, String lastError, Instant since, long pendingOutbox, long failedOutbox,
        long sentOutbox) {
}
