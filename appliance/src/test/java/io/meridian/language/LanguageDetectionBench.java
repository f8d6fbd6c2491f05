package io.meridian.language;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.meridian.console.Messages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Language detection on chat-length messages: how long the detector takes to build, how much heap its models keep,
 * and the latency and throughput of {@link LinguaLanguageDetector#detect} (cleaning, mixed-language check and script
 * heuristic included), in both accuracy modes with the 20 default languages. Only {@code mvn -Pbench} runs it.
 * Sizes: {@code bench.detections} timed single-thread calls (20,000), {@code bench.threads} for throughput (cores).
 * See docs/benchmarks.md.
 */
@Tag("bench")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LanguageDetectionBench {

    private final int detections = Integer.getInteger("bench.detections", 20_000);
    private final int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());

    /** Verifies that both modes answer the chat corpus and prints build time, retained heap, latency and throughput. */
    @Test
    void detectionCostInBothModes() throws Exception {
        List<ChatSentences> corpus = ChatSentences.all();
        double meanChars = corpus.stream().mapToInt(s -> s.text().length()).average().orElse(0);
        System.out.printf(Locale.ROOT, "BENCH language corpus: %d chat messages in %d languages, mean %.1f chars%n",
                corpus.size(), corpus.stream().map(ChatSentences::language).distinct().count(), meanChars);
        for (DetectionSettings.Accuracy accuracy : List.of(DetectionSettings.Accuracy.HIGH,
                DetectionSettings.Accuracy.LOW)) {
            DetectionSettings settings = new DetectionSettings(DetectionSettings.DEFAULT_LANGUAGES, accuracy, 0.05, 10);
            unloadAll(settings);
            long before = heapAfterGc();
            long started = System.nanoTime();
            LinguaLanguageDetector detector = LinguaLanguageDetector.withSettings(settings);
            long buildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long retained = heapAfterGc() - before;

            long correct = corpus.stream()
                    .filter(s -> detector.detect(s.text(), LanguageHints.none()).language().equals(s.language()))
                    .count();
            double[] latencies = latenciesMicros(detector, corpus);
            double throughput = throughput(detector, corpus);
            String mode = accuracy.name().toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "BENCH language %s: build=%d ms retainedHeap=%.0f MiB correct=%d/%d%n",
                    mode, buildMillis, retained / 1048576.0, correct, corpus.size());
            System.out.printf(Locale.ROOT, "BENCH language %s: detect p50=%.0f us p99=%.0f us max=%.0f us "
                    + "(%d calls, 1 thread); throughput=%.0f msg/s on %d threads%n", mode,
                    percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1],
                    latencies.length, throughput, threads);
            assertTrue(correct >= corpus.size() * (accuracy == DetectionSettings.Accuracy.HIGH ? 0.98 : 0.9),
                    mode + " mode answered " + correct + " of " + corpus.size());
            assertTrue(throughput > 0 && buildMillis >= 0);
            detector.unloadModels();
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "BENCH machine: cores=%d jvm=%s %s maxHeap=%d MiB os=%s %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), memory.getHeapMemoryUsage().getMax() / 1048576,
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private double[] latenciesMicros(LinguaLanguageDetector detector, List<ChatSentences> corpus) {
        LanguageHints hints = new LanguageHints("en", List.of("en-US", "de"));
        for (int i = 0; i < 5_000; i++) { // warm-up: let the JIT compile the detection path
            detector.detect(corpus.get(i % corpus.size()).text(), hints);
        }
        double[] micros = new double[detections];
        for (int i = 0; i < detections; i++) {
            String text = corpus.get(i % corpus.size()).text();
            long t0 = System.nanoTime();
            detector.detect(text, hints);
            micros[i] = (System.nanoTime() - t0) / 1000.0;
        }
        Arrays.sort(micros);
        return micros;
    }

    /** Messages per second with {@code threads} threads detecting at once, as the node's detection pool would. */
    private double throughput(LinguaLanguageDetector detector, List<ChatSentences> corpus) throws Exception {
        int perThread = Math.max(1, detections / threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        detector.detect(corpus.get((i + offset) % corpus.size()).text(), LanguageHints.none());
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.MINUTES);
            }
            return perThread * (double) threads / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Drops the languages' models from Lingua's JVM-wide cache (other tests in this JVM may have loaded them). */
    private static void unloadAll(DetectionSettings settings) {
        IsoCode639_1[] codes = settings.languages().stream().map(DetectionSettings::isoCode)
                .toArray(IsoCode639_1[]::new);
        LanguageDetectorBuilder.fromIsoCodes639_1(codes).build().unloadLanguageModels(); // built lazily: loads nothing
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            memory.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
