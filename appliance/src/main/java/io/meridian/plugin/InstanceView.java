package io.meridian.plugin;

import java.time.Instant;
import java.util.List;

/**
 * A connector instance as the console, the REST API and JMX show it (never its values). {@code setAsideCount} counts
 * the items its connector set aside since the instance was loaded; {@code setAside} holds the latest of them (with
 * sender and subject: for admins only).
 */
public record InstanceView(String id, String pluginId, String factoryId, String displayName, boolean enabled,
        String source, InstanceState state, String lastError, Instant since, long pendingOutbox, long failedOutbox,
        long sentOutbox, long setAsideCount, List<SetAsideItem> setAside) {
}
