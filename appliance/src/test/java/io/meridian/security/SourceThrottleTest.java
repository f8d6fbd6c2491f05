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

    /**
     * Verifies that checks still running count against the limit: with 19 failures and one check running, the next is
     * refused for a second; the running check, once released as a success, frees its place without adding a failure.
     */
    @Test
    void runningChecksCountAgainstTheLimitUntilReleased() {
        for (int i = 0; i < SourceThrottle.REFUSE_AFTER - 1; i++) {
            throttle.recordFailure("10.0.0.5");
        }
        assertEquals(Optional.empty(), throttle.reserve("10.0.0.5"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.reserve("10.0.0.5"), "refused while the check runs");

        assertEquals(Optional.empty(), throttle.reserve("10.0.0.6"));
        assertEquals(0, throttle.delayMillis("10.0.0.6"), "a running check alone does not slow the address down");

        throttle.release("10.0.0.5", false);
        assertEquals(Optional.empty(), throttle.reserve("10.0.0.5"), "a success gave its place back");
        throttle.release("10.0.0.5", true);
        Optional<Duration> refused = throttle.refusal("10.0.0.5");
        assertTrue(refused.isPresent() && refused.get().compareTo(Duration.ofMinutes(1)) > 0,
                "a failure is counted for the window: " + refused);
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
