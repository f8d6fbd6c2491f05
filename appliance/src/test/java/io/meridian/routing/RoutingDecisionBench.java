package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing decision time on in-memory state: 1,000 agents across 20 teams in 20 time zones (each with a recurring
 * holiday calendar), 10 languages, and 10,000 conversations already queued. Measures a new conversation's decision
 * when everybody is busy (the worst case: every open team and agent is looked at, then the conversation is queued),
 * and the pull of an agent who comes free (the best waiting conversation it can take, out of 10,000+).
 * Target: p99 under 1 ms. Persistence of the outcome is separate (one group-committed write) and not measured here.
 */
@Tag("bench")
@Timeout(600)
class RoutingDecisionBench {

    private static final int TEAMS = 20;
    private static final int AGENTS = 1000;
    private static final int QUEUED = 10_000;
    private static final int SAMPLES = 20_000;
    private static final String[] LANGUAGES = {"en", "es", "de", "fr", "ja", "zh", "pt", "it", "ko", "nl"};
    private static final String[] ZONES = {"Asia/Tokyo", "Asia/Shanghai", "Asia/Kolkata", "Asia/Dubai", "Europe/Moscow",
        "Europe/Berlin", "Europe/London", "Europe/Madrid", "Africa/Lagos", "America/Sao_Paulo", "America/New_York",
        "America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Auckland", "Australia/Sydney",
        "Asia/Singapore", "Asia/Seoul", "Europe/Paris", "America/Mexico_City"};

    /** Verifies the decision's p99 stays under 1 ms at 1,000 agents, 20 teams and 10,000 queued conversations. */
    @Test
    void decisionTime() throws Exception {
        String ics = Files.readString(Path.of("../conf/calendars/us-holidays.ics"), StandardCharsets.UTF_8);
        Map<String, HolidayCalendar> calendars = Map.of("holidays.ics", HolidayCalendar.parse("holidays.ics", ics));
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

        long[] decide = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            Inquiry q = inquiry("n" + i, i * 7, now);
            long start = System.nanoTime();
            RoutingDecision d = engine.decide(q, now);
            decide[i] = System.nanoTime() - start;
            if (i == 0) {
                assertInstanceOf(RoutingDecision.Queued.class, d, "everybody is busy: " + d.reason());
            }
        }
        long[] pull = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            String agent = "id" + (i * 37 % AGENTS);
            long start = System.nanoTime();
            engine.released(agent, now);
            engine.claimFor(agent, now);
            pull[i] = System.nanoTime() - start;
        }
        String report = String.format(java.util.Locale.ROOT,
                "RoutingDecisionBench (%d agents, %d teams, %d+ queued, %d samples each, after %d warm-up decisions)%n"
                        + "  new conversation, all busy -> queued: p50 %s  p99 %s  max %s%n"
                        + "  agent frees up -> claims best waiting:  p50 %s  p99 %s  max %s%n",
                AGENTS, TEAMS, QUEUED, SAMPLES, QUEUED,
                us(percentile(decide, 50)), us(percentile(decide, 99)), us(max(decide)),
                us(percentile(pull, 50)), us(percentile(pull, 99)), us(max(pull)));
        System.out.println(report);
        assertTrue(percentile(decide, 99) < 1_000_000, report);
        assertTrue(percentile(pull, 99) < 1_000_000, report);
    }

    private static Inquiry inquiry(String id, int n, Instant at) {
        return new Inquiry(id, "web", LANGUAGES[n % 10], n % 5 == 0 ? "billing" : null, n % 7 == 0 ? 50 : 0,
                List.of(), at);
    }

    private static long percentile(long[] samples, int p) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long max(long[] samples) {
        return Arrays.stream(samples).max().orElse(0);
    }

    private static String us(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f µs", nanos / 1000.0);
    }
}
