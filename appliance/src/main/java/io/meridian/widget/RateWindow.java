package io.meridian.widget;

import java.util.ArrayDeque;

/** Counts events in the last minute for one connection; touched only from that connection's event loop. */
final class RateWindow {

    private static final long WINDOW_NANOS = 60_000_000_000L;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /** Records an event now and returns how many fell within the last minute, this one included. */
    int record(long nowNanos) {
        while (!times.isEmpty() && nowNanos - times.peekFirst() > WINDOW_NANOS) {
            times.pollFirst();
        }
        times.addLast(nowNanos);
        return times.size();
    }
}
