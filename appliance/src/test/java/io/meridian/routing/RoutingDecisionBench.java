package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing decision time on in-memory state: 1,000 agents across 20 teams in 20 time zones (each with a recurring
 * holiday calendar), 10 languages, and 10,000 conversations already queued. Measures a new conversation's decision
 * when everybody is busy (the worst case: every open team and agent is looked at, then the conversation is queued),
 * and the pull of an agent who comes free (the best waiting conversation it can take, out of 10,000+). Both are
 * warmed up first (not measured); samples during which a garbage collection ran are reported apart as well.
 * Target: p99 under 1 ms. Persistence of the outcome is separate (one group-committed write) and not measured here.
 */
@Tag("bench")
@Timeout(600)
class RoutingDecisionBench {

    private static final int TEAMS = 20;
    private static final int AGENTS = 1000;
    private static final int QUEUED = 10_000;
    private static final int SAMPLES = 20_000;
    private static final int WARM_UP = 20_000;
    private static final String[] LANGUAGES = {"en", "es", "de", "fr", "ja", "zh", "pt", "it", "ko", "nl"};
    private static final String[] ZONES = {"Asia/Tokyo", "Asia/Shanghai", "Asia/Kolkata", "Asia/Dubai", "Europe/Moscow",
        "Europe/Berlin", "Europe/London", "Europe/Madrid", "Africa/Lagos", "America/Sao_Paulo", "America/New_York",
        "America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Auckland", "Australia/Sydney",
        "Asia/Singapore", "Asia/Seoul", "Europe/Paris", "America/Mexico_City"};

    /** Verifies the decision's p99 stays under 1 ms at 1,000 agents, 20 teams and 10,000 queued conversations. */
    @Test
    void decisionTime() throws Exception {
        String ics = Files.readString(Path.of("../conf/calendars/us-holidays.ics"), StandardCharsets.UTF_8);
        Map<String, HolidayCalendar> calendars = Map.of("holidays.ics", HolidayCalendar.parse("holidays.ics", ics,
                java.time.LocalDate.parse("2026-03-10")));
        List<Object> teams = new ArrayList<>();
        for (int t = 0; t < TEAMS; t++) {
            Map<String, Object> team = new LinkedHashMap<>();
            team.put("id", "team" + t);
            team.put("time-zone", ZONES[t]);
            team.put("overflow-rank", t);
            team.put("languages", List.of(LANGUAGES[t % 10], LANGUAGES[(t + 3) % 10], "en"));
            team.put("skills", List.of("billing", "technical"));
            team.put("hours", Map.of("mon-fri", List.of("08:00-12:30", "13:30-20:00"), "sat", List.of("22:00-02:00")));
            team.put("holidays", List.of("holidays.ics"));
            teams.add(team);
        }
        List<Object> agents = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            int t = a % TEAMS;
            agents.add(Map.of("username", "agent" + a, "teams", List.of("team" + t),
                    "languages", List.of(LANGUAGES[t % 10], LANGUAGES[(t + 3) % 10], LANGUAGES[a % 10]),
                    "skills", a % 3 == 0 ? List.of("billing") : List.of("billing", "technical"),
                    "max-conversations", 4));
        }
        RoutingEngine engine = new RoutingEngine();
        engine.apply(SetupParser.parse("bench", Map.of("teams", teams, "agents", agents), calendars));
        // Tuesday 14:00Z: Europe and Africa open, Asia closing, the Americas opening: a realistic mix.
        Instant now = Instant.parse("2026-03-10T14:00:00Z");
        for (int a = 0; a < AGENTS; a++) {
            engine.knowAgent("id" + a, "agent" + a, "Agent " + a);
            engine.setPresence("id" + a, Presence.ONLINE, now.minusSeconds(a));
            engine.setLoad("id" + a, 4);
        }
        for (int i = 0; i < QUEUED; i++) {
            engine.decide(inquiry("q" + i, i, now.minusSeconds(QUEUED - i)), now);
        }
        assertTrue(engine.queuedCount() >= QUEUED);

        // Warm-up, not measured: both operations until the JIT has compiled them. The warm-up decisions are taken
        // out of the queues again, so the measured ones start from the same 10,000 waiting conversations.
        for (int i = 0; i < WARM_UP; i++) {
            engine.decide(inquiry("w" + i, i * 7, now), now);
            engine.remove("w" + i);
            String agent = "id" + (i * 37 % AGENTS);
            engine.released(agent, now);
            engine.claimFor(agent, now).ifPresent(c -> engine.enqueue(c.entry()));
            engine.setLoad(agent, 4);
        }
        assertTrue(engine.queuedCount() >= QUEUED);

        Samples decide = new Samples("new conversation, all busy -> queued");
        for (int i = 0; i < SAMPLES; i++) {
            Inquiry q = inquiry("n" + i, i * 7, now);
            long gc = Samples.collections();
            long start = System.nanoTime();
            RoutingDecision d = engine.decide(q, now);
            decide.add(System.nanoTime() - start, gc);
            if (i == 0) {
                assertInstanceOf(RoutingDecision.Queued.class, d, "everybody is busy: " + d.reason());
            }
        }
        Samples pull = new Samples("agent frees up -> claims best waiting");
        for (int i = 0; i < SAMPLES; i++) {
            String agent = "id" + (i * 37 % AGENTS);
            long gc = Samples.collections();
            long start = System.nanoTime();
            engine.released(agent, now);
            engine.claimFor(agent, now);
            pull.add(System.nanoTime() - start, gc);
        }
        String report = String.format(Locale.ROOT,
                "RoutingDecisionBench (%d agents, %d teams, %d+ queued, %d samples each after %d warm-up rounds, "
                        + "%d processors)%n%s%s",
                AGENTS, TEAMS, QUEUED, SAMPLES, WARM_UP, Runtime.getRuntime().availableProcessors(),
                decide.report(), pull.report());
        System.out.println(report);
        assertTrue(decide.percentile(99) < 1_000_000, report);
        assertTrue(pull.percentile(99) < 1_000_000, report);
    }

    private static Inquiry inquiry(String id, int n, Instant at) {
        return new Inquiry(id, "web", LANGUAGES[n % 10], n % 5 == 0 ? "billing" : null, n % 7 == 0 ? 50 : 0,
                List.of(), at);
    }

    /**
     * The timings of one operation. A sample during which a garbage collection ran (the collectors' count changed)
     * is also counted apart, so a GC pause is told from the routing code's own time.
     */
    private static final class Samples {

        private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
        private final String name;
        private final long[] all = new long[SAMPLES];
        private final boolean[] duringGc = new boolean[SAMPLES];
        private final long gcCountAtStart = collections();
        private final long gcMillisAtStart = collectionMillis();
        private int n;

        Samples(String name) {
            this.name = name;
        }

        static long collections() {
            long total = 0;
            for (GarbageCollectorMXBean gc : COLLECTORS) {
                total += Math.max(0, gc.getCollectionCount());
            }
            return total;
        }

        static long collectionMillis() {
            long total = 0;
            for (GarbageCollectorMXBean gc : COLLECTORS) {
                total += Math.max(0, gc.getCollectionTime());
            }
            return total;
        }

        void add(long nanos, long collectionsBefore) {
            duringGc[n] = collections() != collectionsBefore;
            all[n++] = nanos;
        }

        long percentile(int p) {
            return percentile(Arrays.copyOf(all, n), p);
        }

        String report() {
            long[] sorted = Arrays.copyOf(all, n);
            Arrays.sort(sorted);
            long over = Arrays.stream(sorted).filter(v -> v >= 1_000_000).count();
            long[] withGc = select(true);
            long[] noGc = select(false);
            long overWithGc = Arrays.stream(withGc).filter(v -> v >= 1_000_000).count();
            return String.format(Locale.ROOT, "  %s: p50 %s  p99 %s  max %s  samples >= 1 ms: %d (%d of them during a GC)%n"
                    + "    GC: %d collections, %d ms in total, during %d samples (max %s); without those: p99 %s  max %s%n",
                    name, us(percentile(sorted, 50)), us(percentile(sorted, 99)), us(sorted[n - 1]), over, overWithGc,
                    collections() - gcCountAtStart, collectionMillis() - gcMillisAtStart, withGc.length,
                    withGc.length == 0 ? "-" : us(Arrays.stream(withGc).max().orElse(0)),
                    us(percentile(noGc, 99)), us(Arrays.stream(noGc).max().orElse(0)));
        }

        /** The samples taken during a garbage collection ({@code gc} true), or the others. */
        private long[] select(boolean gc) {
            return java.util.stream.IntStream.range(0, n).filter(i -> duringGc[i] == gc).mapToLong(i -> all[i]).toArray();
        }

        private static long percentile(long[] values, int p) {
            if (values.length == 0) {
                return 0;
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1000.0);
    }
}
