package io.meridian.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-address throttle of failed sign-ins, on a clock the test controls. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SourceThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SourceThrottle throttle = new SourceThrottle(SourceThrottle.WINDOW, SourceThrottle.REFUSE_AFTER,
            SourceThrottle.FIRST_DELAY_MILLIS, SourceThrottle.MAX_DELAY_MILLIS, now::get);

    /** Verifies that an address without failures is answered at once, and each failure doubles the wait up to 5 s. */
    @Test
    void eachFailureDoublesTheDelayUpToTheCap() {
        assertEquals(0, throttle.delayMillis("10.0.0.1"));
        long[] expected = {250, 500, 1000, 2000, 4000, 5000, 5000};
        for (long delay : expected) {
            throttle.recordFailure("10.0.0.1");
            assertEquals(delay, throttle.delayMillis("10.0.0.1"));
        }
        assertEquals(0, throttle.delayMillis("10.0.0.2"), "another address is not slowed down");
    }

    /** Verifies that the 20th failure within 15 minutes refuses the address until the oldest failure ages out. */
    @Test
    void twentyFailuresRefuseTheAddressUntilTheWindowPasses() {
        for (int i = 0; i < SourceThrottle.REFUSE_AFTER - 1; i++) {
            throttle.recordFailure("10.0.0.3");
            now.addAndGet(1_000);
        }
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.3"));
        throttle.recordFailure("10.0.0.3");
        Optional<Duration> refused = throttle.refusal("10.0.0.3");
        assertTrue(refused.isPresent());
        assertEquals(SourceThrottle.WINDOW.minusSeconds(SourceThrottle.REFUSE_AFTER - 1), refused.get());

        now.addAndGet(refused.get().toMillis());
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.3"), "the oldest failure left the window");
    }

    /** Verifies that failures older than the window no longer slow anything down. */
    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        throttle.recordFailure("10.0.0.4");
        throttle.recordFailure("10.0.0.4");
        now.addAndGet(SourceThrottle.WINDOW.toMillis() + 1);
        assertEquals(0, throttle.delayMillis("10.0.0.4"));
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.4"));
    }
}
