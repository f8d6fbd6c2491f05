package io.meridian.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A customer who writes at a steady pace while a bench's work runs: each message's time to its acknowledgement
 * (committed) is what says whether chat keeps its latency meanwhile (docs/benchmarks.md).
 */
public final class ChatPace {

    private final Vertx vertx;
    private final long everyMillis;
    private final Supplier<Future<Void>> send;

    /** {@code send} writes one message and completes at its acknowledgement; one every {@code everyMillis}. */
    public ChatPace(Vertx vertx, long everyMillis, Supplier<Future<Void>> send) {
        this.vertx = vertx;
        this.everyMillis = everyMillis;
        this.send = send;
    }

    /** The acknowledgement times (µs) of the messages sent while {@code work} ran (at most 30 minutes). */
    public List<Long> during(Supplier<Future<Void>> work) throws Exception {
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<?>> pending = Collections.synchronizedList(new ArrayList<>());
        long timer = vertx.setPeriodic(everyMillis, t -> {
            if (running.get()) {
                long start = System.nanoTime();
                pending.add(send.get().onSuccess(v -> micros.add((System.nanoTime() - start) / 1_000)));
            }
        });
        try {
            work.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
        } finally {
            running.set(false);
            vertx.cancelTimer(timer);
        }
        Await.result(Future.all(new ArrayList<>(pending)), "the last chat messages");
        return new ArrayList<>(micros);
    }

    /** A bench line: how many messages, and their acknowledgement times' p50, p99 and worst. */
    public static String line(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "BENCH %s: %d messages, ack p50 %.1f ms, p99 %.1f ms, worst %.1f ms", what,
                sorted.size(), percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3,
                percentile(sorted, 100) / 1e3);
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
