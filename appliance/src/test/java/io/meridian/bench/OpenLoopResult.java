package io.meridian.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * The figures of one open-loop window. Latencies count from each message's scheduled send time. Percentiles are over
 * every scheduled message: one that was not acknowledged (or did not reach an agent) in time counts as slower than
 * all the others, so a node that drops or stalls cannot look fast.
 *
 * @param targetRate   messages per second asked for
 * @param scheduled    messages scheduled in the window
 * @param sent         messages the generator sent (all of them unless the window was cut short)
 * @param acked        messages acknowledged (committed) before the window ended
 * @param delivered    messages that reached an agent's live socket before the window ended
 * @param elapsedNanos from the first scheduled send to the last acknowledgement
 * @param ackNanos     per acknowledged message, scheduled send to ack, sorted
 * @param deliveryNanos per delivered message, scheduled send to its first arrival on an agent socket, sorted
 * @param lagNanos     per sent message, how late the generator sent it after its scheduled time, sorted
 * @param resends      messages sent again after a {@code not_stored} error
 * @param disconnects  visitor connections the node closed during the window
 * @param errors       error frames by code, other than {@code not_stored}
 * @param leftOver     messages still unacknowledged when the next window could start (the settle time passed)
 */
record OpenLoopResult(double targetRate, int scheduled, int sent, int acked, int delivered, long elapsedNanos,
        long[] ackNanos, long[] deliveryNanos, long[] lagNanos, int resends, int disconnects, Map<String, Integer> errors,
        int leftOver) {

    OpenLoopResult withLeftOver(int count) {
        return new OpenLoopResult(targetRate, scheduled, sent, acked, delivered, elapsedNanos, ackNanos, deliveryNanos,
                lagNanos, resends, disconnects, errors, count);
    }

    /** The non-zero values (a zero is a message without that event), sorted. */
    static long[] present(AtomicLongArray values) {
        return IntStream.range(0, values.length()).mapToLong(values::get).filter(v -> v > 0).sorted().toArray();
    }

    /** Acknowledged messages per second over the window, drain included. */
    double achievedRate() {
        return elapsedNanos <= 0 ? 0 : acked / (elapsedNanos / 1e9);
    }

    int timeouts() {
        return scheduled - acked;
    }

    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Scheduled send to ack, in ms, at {@code fraction}; infinite when that rank falls on a message never acked. */
    double ackMillis(double fraction) {
        return percentileMillis(ackNanos, scheduled, fraction);
    }

    /** Scheduled send to an agent socket, in ms, at {@code fraction}; infinite as for {@link #ackMillis}. */
    double deliveryMillis(double fraction) {
        return percentileMillis(deliveryNanos, scheduled, fraction);
    }

    /** The generator's lateness, in ms, at {@code fraction} of the messages it sent. */
    double lagMillis(double fraction) {
        return percentileMillis(lagNanos, lagNanos.length, fraction);
    }

    double maxLagMillis() {
        return lagNanos.length == 0 ? Double.NaN : lagNanos[lagNanos.length - 1] / 1e6;
    }

    /** Nearest-rank percentile of {@code count} values of which {@code sortedNanos} are the known ones, the rest slower. */
    static double percentileMillis(long[] sortedNanos, int count, double fraction) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = Math.max(1, (int) Math.ceil(fraction * count));
        return rank > sortedNanos.length ? Double.POSITIVE_INFINITY : sortedNanos[rank - 1] / 1e6;
    }
}
