package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The expected wait a waiting customer is told: the team's recent pace times their place, or nothing. */
class QueuePaceTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    /** Verifies no estimate from fewer than three takes in the last hour, and place × mean interval from three. */
    @Test
    void paceTimesPlace() {
        QueuePace pace = new QueuePace();
        pace.taken("desk", T0);
        pace.taken("desk", T0.plusSeconds(120));
        assertNull(pace.expectedWait("desk", 1, T0.plusSeconds(130)), "two takes are not a pace");
        pace.taken("desk", T0.plusSeconds(240));
        assertEquals(Duration.ofMinutes(6), pace.expectedWait("desk", 3, T0.plusSeconds(250)));
        assertEquals(Duration.ofMinutes(2), pace.expectedWait("desk", 1, T0.plusSeconds(250)));
        assertNull(pace.expectedWait("night", 1, T0.plusSeconds(250)), "another team's pace is not this one's");
    }

    /** Verifies that takes older than an hour no longer count, and that only the last ten are kept. */
    @Test
    void onlyRecentTakesCount() {
        QueuePace pace = new QueuePace();
        for (int i = 0; i < 3; i++) {
            pace.taken("desk", T0.plusSeconds(60L * i));
        }
        assertNull(pace.expectedWait("desk", 1, T0.plus(Duration.ofMinutes(90))), "an hour later: no pace");
        for (int i = 0; i < 20; i++) {
            pace.taken("desk", T0.plus(Duration.ofHours(2)).plusSeconds(30L * i));
        }
        // The last ten takes are 30 s apart.
        assertEquals(Duration.ofSeconds(30), pace.expectedWait("desk", 1, T0.plus(Duration.ofHours(2)).plusSeconds(600)));
    }
}
