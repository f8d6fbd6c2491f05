package io.meridian.residency;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reader of another region may cost the home region: at most {@value #MAX_PER_MINUTE} requests a minute (an
 * open page asks every 5 seconds: 12), and a listing recorded once per reader and conversation every
 * {@link #LISTING_RECORDED_EVERY} (the same previews again are not a new disclosure), so that no reader can flood the
 * home region's store with access records. Both are kept in memory for the most recent {@value #MAX_TRACKED}
 * readers and pairs. Thread-safe.
 */
final class ReaderBudget {

    static final int MAX_PER_MINUTE = 120;
    static final Duration LISTING_RECORDED_EVERY = Duration.ofMinutes(10);
    static final int MAX_TRACKED = 10_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Map<String, ArrayDeque<Long>> requests = lru();
    private final Map<String, Long> listed = lru();

    /** Counts a request of {@code readerRegion}/{@code readerId} now; false when it is over the minute's budget. */
    synchronized boolean admit(String readerRegion, String readerId, long nowNanos) {
        ArrayDeque<Long> times = requests.computeIfAbsent(readerRegion + "/" + readerId, k -> new ArrayDeque<>());
        while (!times.isEmpty() && nowNanos - times.peekFirst() > MINUTE_NANOS) {
            times.pollFirst();
        }
        if (times.size() >= MAX_PER_MINUTE) {
            return false;
        }
        times.addLast(nowNanos);
        return true;
    }

    /** Of the conversations listed to the reader now, those whose listing is to be recorded (and notes them). */
    synchronized List<String> toRecord(String readerRegion, String readerId, List<String> conversationIds,
            long nowNanos) {
        long every = LISTING_RECORDED_EVERY.toNanos();
        return conversationIds.stream().filter(id -> {
            String key = readerRegion + "/" + readerId + "/" + id;
            Long last = listed.get(key);
            if (last != null && nowNanos - last < every) {
                return false;
            }
            listed.put(key, nowNanos);
            return true;
        }).toList();
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }
}
