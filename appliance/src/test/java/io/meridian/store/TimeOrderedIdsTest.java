package io.meridian.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Message ids that sort by creation time as text, so inserts append to the primary-key index. */
class TimeOrderedIdsTest {

    /** Verifies the RFC 9562 layout: version 7, the IETF variant, the milliseconds in the first 48 bits. */
    @Test
    void layoutIsUuidVersion7() {
        UUID id = TimeOrderedIds.of(0x0123_4567_89ABL, -1L, -1L);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertTrue(id.toString().startsWith("01234567-89ab-7fff-bfff-"), id.toString());
        UUID parsed = UUID.fromString(TimeOrderedIds.next());
        assertEquals(7, parsed.version());
        long millis = parsed.getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(millis - System.currentTimeMillis()) < 60_000, "the id carries now: " + millis);
    }

    /** Verifies that ids of later milliseconds sort after earlier ones as strings, whatever their random bits. */
    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        String earlier = TimeOrderedIds.of(1_700_000_000_000L, -1L, -1L).toString();
        String later = TimeOrderedIds.of(1_700_000_000_001L, 0L, 0L).toString();
        assertTrue(earlier.compareTo(later) < 0, earlier + " before " + later);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next());
        }
        assertEquals(10_000, ids.size(), "no two ids alike");
    }
}
