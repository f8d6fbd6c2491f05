package io.meridian.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search at 100,000 conversations (docs/benchmarks.md "Search"): fills an index with conversations of synthetic
 * messages (a Zipf-distributed vocabulary, one order number in 20 messages, Japanese in one conversation in ten),
 * then times queries of each kind, many times, and prints medians and 95th percentiles. Only the index is measured:
 * the page of results is then read from the store by primary key (at most 200 rows).
 */
@Tag("bench")
class SearchBench {

    private static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 100_000);
    private static final int MESSAGES = Integer.getInteger("bench.messagesPerConversation", 10);
    private static final int QUERIES = Integer.getInteger("bench.queries", 200);
    private static final int VOCABULARY = 20_000;
    private static final String[] JAPANESE = {"注文番号", "届きません", "返金してください", "商品が壊れていました",
        "配送状況を教えてください", "ありがとうございます", "交換できますか", "支払い方法"};

    @TempDir
    Path dir;

    @Test
    void searchAtOneHundredThousandConversations() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            words[i] = word(random);
        }
        double[] zipf = zipf(VOCABULARY);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<String> orders = new ArrayList<>();
        long started = System.nanoTime();
        try (ConversationIndex index = new ConversationIndex(dir,
                new SecretKeySpec(new byte[32], "HmacSHA256"))) {
            List<IndexedConversation> conversations = new ArrayList<>();
            List<IndexedMessage> messages = new ArrayList<>();
            for (int c = 0; c < CONVERSATIONS; c++) {
                String id = "c" + c;
                Instant at = t0.plusSeconds(300L * c);
                conversations.add(new IndexedConversation(id, "contact" + c, c % 7 == 0 ? "OPEN" : "CLOSED",
                        c % 3 == 0 ? "mail" : "web", "team" + c % 4, "agent" + c % 40, c % 10 == 0 ? "ja" : "en",
                        c % 2 == 0 ? "eu" : "us", "Customer " + words[c % VOCABULARY], at, at.plusSeconds(240)));
                for (int m = 0; m < MESSAGES; m++) {
                    StringBuilder text = new StringBuilder();
                    if (c % 10 == 0) {
                        text.append(JAPANESE[random.nextInt(JAPANESE.length)]).append('。')
                                .append(JAPANESE[random.nextInt(JAPANESE.length)]);
                    } else {
                        int length = 8 + random.nextInt(13);
                        for (int w = 0; w < length; w++) {
                            text.append(words[pick(zipf, random)]).append(' ');
                        }
                    }
                    if (random.nextInt(20) == 0) {
                        String order = String.format(Locale.ROOT, "ORD-%06d", random.nextInt(1_000_000));
                        orders.add(order);
                        text.append(" order ").append(order);
                    }
                    messages.add(new IndexedMessage(id + "-" + m, id, text.toString(), at.plusSeconds(20L * m)));
                }
                if (messages.size() >= 20_000) {
                    index.addMessages(messages);
                    messages.clear();
                }
            }
            index.addMessages(messages);
            index.putConversations(conversations);
            index.commit(Instant.now());
            index.refresh();
            double buildSeconds = (System.nanoTime() - started) / 1e9;
            long messageCount = (long) CONVERSATIONS * MESSAGES;
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "BENCH search index: %d conversations, %d messages, built in %.1f s "
                    + "(%.0f messages/s), %.0f MB on disk", CONVERSATIONS, messageCount, buildSeconds,
                    messageCount / buildSeconds, size(dir) / 1e6));

            lines.add(time(index, "order number", i -> query(orders.get(i % orders.size()), null, null)));
            lines.add(time(index, "common word", i -> query(words[i % 20], null, null)));
            lines.add(time(index, "rare word", i -> query(words[5_000 + i], null, null)));
            lines.add(time(index, "two words", i -> query(words[i % 20] + " " + words[100 + i], null, null)));
            lines.add(time(index, "phrase", i -> query("\"" + words[i % 10] + " " + words[i % 10 + 1] + "\"",
                    null, null)));
            lines.add(time(index, "word + status open", i -> query(words[i % 50], "OPEN", null)));
            lines.add(time(index, "filters only (open, mail)", i -> query("", "OPEN", "mail")));
            lines.add(time(index, "Japanese word", i -> query(JAPANESE[i % JAPANESE.length], null, null)));
            lines.add(time(index, "contact name", i -> query("customer " + words[i], null, null)));
            lines.add(String.format(Locale.ROOT, "BENCH machine: cores=%d load=%.1f jvm=%s %s heap-max=%d MB",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20));
            lines.forEach(System.out::println);
            assertTrue(index.conversationCount() == CONVERSATIONS, "every conversation indexed");
        }
    }

    private static ConversationQuery query(String text, String status, String channel) {
        return new ConversationQuery(text, status, null, channel, null, null, null, null, null, null);
    }

    /** Runs {@code QUERIES} queries of a kind after as many to warm up; the median and 95th percentile in ms. */
    private static String time(ConversationIndex index, String kind, IntFunction<ConversationQuery> queries)
            throws IOException {
        for (int i = 0; i < QUERIES; i++) {
            index.search(queries.apply(i + QUERIES), null, null, 50);
        }
        double[] millis = new double[QUERIES];
        long totalFound = 0;
        for (int i = 0; i < QUERIES; i++) {
            long start = System.nanoTime();
            totalFound += index.search(queries.apply(i), null, null, 50).total();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "BENCH search %-26s median %7.2f ms  p95 %7.2f ms  max %7.2f ms  "
                + "(mean %.0f conversations found)", kind, millis[QUERIES / 2], millis[(int) (QUERIES * 0.95)],
                millis[QUERIES - 1], (double) totalFound / QUERIES);
    }

    private static String word(SplittableRandom random) {
        int length = 3 + random.nextInt(7);
        char[] letters = new char[length];
        for (int i = 0; i < length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }

    private static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int pick(double[] cumulative, SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, at >= 0 ? at : -at - 1);
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
