package io.meridian.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What one reader of another region may cost the home region, on a clock the test sets. */
class ReaderBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    /** Verifies the requests a minute per reader, each reader on its own, and the window moving on. */
    @Test
    void requestsPerMinutePerReader() {
        ReaderBudget budget = new ReaderBudget();
        for (int i = 0; i < ReaderBudget.MAX_PER_MINUTE; i++) {
            assertTrue(budget.admit("us", "uma", i * 100_000_000L), "request " + i);
        }
        assertFalse(budget.admit("us", "uma", 13 * SECOND), "one over the minute's budget");
        assertTrue(budget.admit("us", "sam", 13 * SECOND), "another reader has a budget of their own");
        assertTrue(budget.admit("apac", "uma", 13 * SECOND), "so has a reader of the same id in another region");
        assertTrue(budget.admit("us", "uma", 61 * SECOND), "a minute later the first requests have left the window");
    }

    /** Verifies that a listing is recorded once per reader and conversation every ten minutes. */
    @Test
    void listingsRecordedOncePerTenMinutes() {
        ReaderBudget budget = new ReaderBudget();
        assertEquals(List.of("c1", "c2"), budget.toRecord("us", "uma", List.of("c1", "c2"), 0));
        assertEquals(List.of("c3"), budget.toRecord("us", "uma", List.of("c1", "c2", "c3"), 60 * SECOND));
        assertEquals(List.of("c1"), budget.toRecord("us", "sam", List.of("c1"), 60 * SECOND));
        assertEquals(List.of("c1", "c2"), budget.toRecord("us", "uma", List.of("c1", "c2"), 601 * SECOND));
    }
}
