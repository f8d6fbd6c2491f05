package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.store.StoreTesting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's side of the chat path (issue 13): visitors' messages appended through {@link ConversationService}
 * exactly as the widget appends them — encrypted Derby, sealed bodies, durable group commit — with many conversations
 * at once, so the single writer is the limit. Reports messages per second and the writer thread's CPU per message,
 * the median of {@code bench.storeRuns} runs after one warm-up run. Run alone:
 * {@code mvn -B verify -Pbench -pl appliance -am -Dtest=MessageStoreBench -Dsurefire.failIfNoSpecifiedTests=false
 * -DskipITs}; the figures are the {@code BENCH} lines of its output (docs/benchmarks.md).
 */
@Tag("bench")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MessageStoreBench {

    private static final int CONTACTS = Integer.getInteger("bench.storeContacts", 400);
    private static final int MESSAGES = Integer.getInteger("bench.storeMessages", 10_000);
    private static final int IN_FLIGHT = Integer.getInteger("bench.storeInFlight", 400);
    private static final int RUNS = Integer.getInteger("bench.storeRuns", 5);

    @Test
    void appendsVisitorMessages(@TempDir Path dir) {
        Vertx vertx = Vertx.vertx();
        try (ConversationFixture fixture = new ConversationFixture(vertx, dir)) {
            ConversationService service = fixture.newService();
            List<String> contacts = new ArrayList<>();
            for (int i = 0; i < CONTACTS; i++) {
                contacts.add(ConversationFixture.newContact(service));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long writer = writerThreadId();
            run(vertx, service, contacts, MESSAGES, "warm-up");
            double[] rates = new double[RUNS];
            double[] cpu = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                long cpuBefore = threads.getThreadCpuTime(writer);
                long start = System.nanoTime();
                run(vertx, service, contacts, MESSAGES, "run " + r);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates[r] = MESSAGES / seconds;
                cpu[r] = (threads.getThreadCpuTime(writer) - cpuBefore) / 1e3 / MESSAGES;
                System.out.printf("BENCH MessageStoreBench run %d: %.0f messages/s, writer %.0f µs CPU/message%n", r,
                        rates[r], cpu[r]);
            }
            System.out.printf("BENCH MessageStoreBench (%d conversations, %d messages per run, %d in flight, %d "
                    + "cores): median %.0f messages/s, writer median %.0f µs CPU/message%n", CONTACTS, MESSAGES,
                    IN_FLIGHT, Runtime.getRuntime().availableProcessors(), median(rates), median(cpu));
        } finally {
            StoreTesting.await(vertx.close());
        }
    }

    /** Appends {@code total} messages round-robin over the contacts, at most {@link #IN_FLIGHT} waiting for commit. */
    private static void run(Vertx vertx, ConversationService service, List<String> contacts, int total, String name) {
        Promise<Void> done = Promise.promise();
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        vertx.runOnContext(v -> {
            for (int i = 0; i < Math.min(IN_FLIGHT, total); i++) {
                next(service, contacts, total, name, issued, committed, failed, done);
            }
        });
        try {
            done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not finish: " + committed.get() + " of " + total, e);
        }
        assertEquals(0, failed.get(), "appends failed in " + name);
    }

    private static void next(ConversationService service, List<String> contacts, int total, String name,
            AtomicInteger issued, AtomicInteger committed, AtomicInteger failed, Promise<Void> done) {
        int n = issued.getAndIncrement();
        if (n >= total) {
            return;
        }
        String contact = contacts.get(n % contacts.size());
        Future<Appended> appended = service.appendVisitorMessage(contact, name + "-" + n,
                "Hello, where is my order " + n + "? It was due on Monday.");
        appended.onComplete(ar -> {
            if (ar.failed()) {
                failed.incrementAndGet();
            }
            if (committed.incrementAndGet() == total) {
                done.tryComplete();
            } else {
                next(service, contacts, total, name, issued, committed, failed, done);
            }
        });
    }

    private static long writerThreadId() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("meridian-store-writer-"))
                .mapToLong(Thread::getId).max().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
