package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.config.ConfigException;
import io.meridian.config.MeridianConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Routing's clocks from the configuration: defaults, overrides, and a contradiction named by its two keys. */
@Timeout(30)
class RoutingTimingsTest {

    @TempDir
    Path home;

    /** Verifies the defaults: away after 15 s, offline after 120 s, a sweep every 15 s. */
    @Test
    void defaults() {
        assertEquals(RoutingTimings.defaults(), RoutingTimings.from(config(Map.of())));
        assertEquals(new RoutingTimings(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofSeconds(15)),
                RoutingTimings.defaults());
    }

    /** Verifies that the sweep and the presence periods follow their keys. */
    @Test
    void overrides() {
        RoutingTimings t = RoutingTimings.from(config(Map.of("MERIDIAN_ROUTING_QUEUE_SWEEP_SECONDS", "60",
                "MERIDIAN_ROUTING_PRESENCE_AWAY_AFTER_SECONDS", "30")));
        assertEquals(Duration.ofSeconds(60), t.sweepEvery());
        assertEquals(Duration.ofSeconds(30), t.awayAfter());
    }

    /** Verifies that going offline before going away is refused, naming both keys. */
    @Test
    void offlineBeforeAwayIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> RoutingTimings.from(config(Map.of(
                "MERIDIAN_ROUTING_PRESENCE_AWAY_AFTER_SECONDS", "300"))));
        assertTrue(e.getMessage().contains("'routing.presence.offline-after-seconds' (120) must be at least key "
                + "'routing.presence.away-after-seconds' (300)"), e.getMessage());
    }

    private MeridianConfig config(Map<String, String> env) {
        return MeridianConfig.load(home, null, env, new Properties());
    }
}
