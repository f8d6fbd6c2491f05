package io.meridian.routing;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.time.Duration;

/**
 * Routing's clocks: how long a lost console connection leaves an agent online ({@code awayAfter}: long enough to
 * cover moving from one console page to the next), when the agent then counts as offline ({@code offlineAfter},
 * counted from the loss), and how often the node sweeps the queues for waiting work as a safety net
 * ({@code sweepEvery}; pulls are otherwise driven by events).
 */
public record RoutingTimings(Duration awayAfter, Duration offlineAfter, Duration sweepEvery) {

    public RoutingTimings {
        if (awayAfter.isNegative() || offlineAfter.compareTo(awayAfter) < 0 || sweepEvery.toMillis() < 1) {
            throw new IllegalArgumentException("expected 0 <= awayAfter <= offlineAfter and a positive sweep, got "
                    + awayAfter + ", " + offlineAfter + ", " + sweepEvery);
        }
    }

    /** The defaults of the configuration keys: away after 15 s, offline after 120 s, a sweep every 15 s. */
    public static RoutingTimings defaults() {
        return new RoutingTimings(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofSeconds(15));
    }

    /** From the routing.* keys; fails naming both keys if the agent would go offline before going away. */
    public static RoutingTimings from(MeridianConfig config) {
        int away = config.integer(ConfigKeys.ROUTING_AWAY_AFTER_SECONDS);
        int offline = config.integer(ConfigKeys.ROUTING_OFFLINE_AFTER_SECONDS);
        if (offline < away) {
            throw new ConfigException("configuration: key '" + ConfigKeys.ROUTING_OFFLINE_AFTER_SECONDS.name()
                    + "' (" + offline + ") must be at least key '" + ConfigKeys.ROUTING_AWAY_AFTER_SECONDS.name()
                    + "' (" + away + "): an agent goes away first, then offline");
        }
        return new RoutingTimings(Duration.ofSeconds(away), Duration.ofSeconds(offline),
                Duration.ofSeconds(config.integer(ConfigKeys.ROUTING_QUEUE_SWEEP_SECONDS)));
    }
}
