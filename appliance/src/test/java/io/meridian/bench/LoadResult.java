package io.meridian.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The figures of one measured run.
 *
 * @param messages        visitor messages acknowledged
 * @param elapsedNanos    from the first send to the last acknowledgement
 * @param deliveryNanos   per message, send to its first arrival on an agent's live socket, sorted
 * @param ackNanos        per message, send to its acknowledgement, sorted
 * @param resends         messages sent again after a {@code not_stored} error
 */
record LoadResult(int messages, long elapsedNanos, long[] deliveryNanos, long[] ackNanos, int resends) {

    static long[] sorted(AtomicLongArray values, int count) {
        long[] copy = new long[count];
        for (int i = 0; i < count; i++) {
            copy[i] = values.get(i);
        }
        Arrays.sort(copy);
        return copy;
    }

    double messagesPerSecond() {
        return messages / (elapsedNanos / 1e9);
    }

    double deliveryP50Millis() {
        return percentileMillis(deliveryNanos, 0.50);
    }

    double deliveryP99Millis() {
        return percentileMillis(deliveryNanos, 0.99);
    }

    double ackP50Millis() {
        return percentileMillis(ackNanos, 0.50);
    }

    double ackP99Millis() {
        return percentileMillis(ackNanos, 0.99);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentileMillis(long[] sortedNanos, double fraction) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
