package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory decision: follow the sun, language and skill, least loaded then longest idle, queue order. */
@Timeout(30)
class RoutingEngineTest {

    private static final String DOC = """
            teams:
              - {id: apac, name: APAC, time-zone: Asia/Tokyo, overflow-rank: 1, languages: [ja, en],
                 hours: {mon-fri: "09:00-18:00"}}
              - {id: emea, name: EMEA, time-zone: Europe/Berlin, overflow-rank: 2, languages: [de, en, es],
                 skills: [billing], hours: {mon-fri: "09:00-18:00"}}
              - {id: amer, name: AMER, time-zone: America/New_York, overflow-rank: 3, languages: [en, es],
                 hours: {mon-fri: "09:00-18:00"}}
            agents:
              - {username: kenji, teams: [apac], languages: [ja, en], max-conversations: 2}
              - {username: lena, teams: [emea], languages: [de, en], skills: [billing], max-conversations: 2}
              - {username: ana, teams: [emea], languages: [es, en], skills: [billing], max-conversations: 2}
              - {username: bob, teams: [amer], languages: [en], max-conversations: 1}
            """;
    // Tuesday 2026-03-10 10:00Z: Tokyo 19:00 (closed), Berlin 11:00 (open), New York 06:00 (closed).
    private static final Instant EUROPE_MORNING = Instant.parse("2026-03-10T10:00:00Z");
    // Tuesday 2026-03-10 01:00Z: Tokyo 10:00 (open), Berlin 02:00, New York 21:00 Monday (closed).
    private static final Instant ASIA_MORNING = Instant.parse("2026-03-10T01:00:00Z");

    private final RoutingEngine engine = engine();

    /** Verifies follow the sun: English goes to APAC in Asia's morning and to EMEA in Europe's. */
    @Test
    void followTheSun() {
        RoutingDecision asia = engine.decide(inquiry("c1", "en", null, 0), ASIA_MORNING);
        assertEquals("kenji", agentOf(asia));
        RoutingDecision europe = engine.decide(inquiry("c2", "en", null, 0), EUROPE_MORNING);
        assertInstanceOf(RoutingDecision.Assigned.class, europe);
        assertEquals("emea", ((RoutingDecision.Assigned) europe).teamId());
    }

    /** Verifies that the language decides the agent, then least loaded, then longest idle. */
    @Test
    void languageThenLoadThenIdle() {
        assertEquals("ana", agentOf(engine.decide(inquiry("c1", "es", null, 0), EUROPE_MORNING)));
        // ana now holds one, lena none: lena is less loaded (and idle since 08:00 anyway).
        assertEquals("lena", agentOf(engine.decide(inquiry("c2", "en", null, 0), EUROPE_MORNING)));
        // Both free again with equal load; the one who came free earlier has been idle longer.
        engine.released(id("lena"), Instant.parse("2026-03-10T09:59:00Z"));
        engine.released(id("ana"), Instant.parse("2026-03-10T09:30:00Z"));
        assertEquals("ana", agentOf(engine.decide(inquiry("c3", "en", null, 0), EUROPE_MORNING)),
                "equal load: ana has been idle longer");
    }

    /** Verifies the queue: priority first, then oldest; a freed agent takes the best waiting conversation it can. */
    @Test
    void priorityQueueThenClaim() {
        engine.setPresence(id("lena"), Presence.OFFLINE, EUROPE_MORNING);
        engine.setPresence(id("ana"), Presence.OFFLINE, EUROPE_MORNING);
        RoutingDecision low = engine.decide(inquiry("old-low", "en", null, 0, Instant.parse("2026-03-10T09:00:00Z")),
                EUROPE_MORNING);
        assertInstanceOf(RoutingDecision.Queued.class, low);
        engine.decide(inquiry("new-high", "en", null, 50, Instant.parse("2026-03-10T09:50:00Z")), EUROPE_MORNING);
        engine.decide(inquiry("old-high", "en", null, 50, Instant.parse("2026-03-10T09:40:00Z")), EUROPE_MORNING);
        engine.decide(inquiry("german", "de", null, 99, Instant.parse("2026-03-10T09:00:00Z")), EUROPE_MORNING);
        assertEquals(4, engine.queuedCount());
        engine.setPresence(id("ana"), Presence.ONLINE, EUROPE_MORNING);
        // ana speaks no German: the highest-priority conversation she can take is old-high.
        assertEquals("old-high", engine.claimFor(id("ana"), EUROPE_MORNING).orElseThrow().entry().conversationId());
        assertEquals("new-high", engine.claimFor(id("ana"), EUROPE_MORNING).orElseThrow().entry().conversationId());
        assertTrue(engine.claimFor(id("ana"), EUROPE_MORNING).isEmpty(), "ana is full (2)");
        engine.setPresence(id("lena"), Presence.ONLINE, EUROPE_MORNING);
        assertEquals("german", engine.claimFor(id("lena"), EUROPE_MORNING).orElseThrow().entry().conversationId());
    }

    /** Verifies that when every matching team is closed, the conversation waits for the team that opens first. */
    @Test
    void offHoursQueuesForFirstOpening() {
        // Saturday 2026-03-14 12:00Z: all closed. Spanish: EMEA opens Monday 08:00Z, AMER Monday 13:00Z.
        RoutingDecision d = engine.decide(inquiry("c1", "es", null, 0), Instant.parse("2026-03-14T12:00:00Z"));
        RoutingDecision.OffHours off = assertInstanceOf(RoutingDecision.OffHours.class, d);
        assertEquals("emea", off.entry().teamId());
        assertEquals(Instant.parse("2026-03-16T08:00:00Z"), off.opensAt());
    }

    /** Verifies that a required skill narrows the teams, and that an agent's capacity is never exceeded. */
    @Test
    void skillAndCapacity() {
        // Asia's morning: APAC is open but lacks billing; EMEA (billing) is closed: off hours for EMEA.
        RoutingDecision d = engine.decide(inquiry("c1", "en", "billing", 0), ASIA_MORNING);
        assertEquals("emea", assertInstanceOf(RoutingDecision.OffHours.class, d).entry().teamId());
        assertEquals("kenji", agentOf(engine.decide(inquiry("c2", "en", null, 0), ASIA_MORNING)));
        assertEquals("kenji", agentOf(engine.decide(inquiry("c3", "en", null, 0), ASIA_MORNING)));
        assertInstanceOf(RoutingDecision.Queued.class, engine.decide(inquiry("c4", "en", null, 0), ASIA_MORNING),
                "kenji holds his maximum of 2");
    }

    /** Verifies keyword rules in several languages, without regard to case or accents. */
    @Test
    void keywordRules() {
        QueueRule complaint = new QueueRule("complaint", null, null,
                List.of("refund", "reclamación", "Beschwerde", "返金"), 50, null);
        assertTrue(complaint.matches(java.util.Set.of(), "web", QueueRule.normalize("I want a REFUND now")));
        assertTrue(complaint.matches(java.util.Set.of(), "web", QueueRule.normalize("Tengo una reclamacion")));
        assertTrue(complaint.matches(java.util.Set.of(), "web", QueueRule.normalize("Ich habe eine Beschwerde")));
        assertTrue(complaint.matches(java.util.Set.of(), "web", QueueRule.normalize("返金してください")));
        assertTrue(!complaint.matches(java.util.Set.of(), "web", QueueRule.normalize("refundable tickets?")),
                "a longer word is not the keyword");
        QueueRule vip = new QueueRule("vip", "vip", null, List.of(), 100, null);
        assertTrue(vip.matches(java.util.Set.of("vip"), "web", ""));
        assertTrue(!vip.matches(java.util.Set.of(), "web", "vip"));
    }

    /** Verifies that the shipped conf/routing.yaml and calendars are a valid setup. */
    @Test
    void shippedSetupIsValid() {
        SetupFiles files = new SetupFiles(java.nio.file.Path.of("../conf/routing.yaml"),
                java.nio.file.Path.of("../conf/calendars"));
        SetupFiles.Contents contents = files.read();
        RoutingSetup setup = SetupParser.parse("conf/routing.yaml", contents.document(),
                SetupFiles.parseCalendars(contents.calendars(), "conf/calendars",
                        EUROPE_MORNING.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
        assertEquals(List.of("apac", "emea", "americas"), setup.teams().stream().map(Team::id).toList());
        assertEquals(3, setup.rules().size());
    }

    @SuppressWarnings("unchecked")
    private RoutingEngine engine() {
        Map<String, Object> doc = (Map<String, Object>) SetupFiles.plain(
                new org.yaml.snakeyaml.Yaml().load(DOC));
        RoutingEngine e = new RoutingEngine();
        e.apply(SetupParser.parse("test", doc, Map.of()));
        for (String u : List.of("kenji", "lena", "ana", "bob")) {
            e.knowAgent("id-" + u, u, u);
        }
        e.setPresence("id-kenji", Presence.ONLINE, Instant.parse("2026-03-10T00:00:00Z"));
        e.setPresence("id-lena", Presence.ONLINE, Instant.parse("2026-03-10T08:00:00Z"));
        e.setPresence("id-ana", Presence.ONLINE, Instant.parse("2026-03-10T09:00:00Z"));
        e.setPresence("id-bob", Presence.ONLINE, Instant.parse("2026-03-10T09:00:00Z"));
        return e;
    }

    private static String id(String username) {
        return "id-" + username;
    }

    private static String agentOf(RoutingDecision d) {
        return assertInstanceOf(RoutingDecision.Assigned.class, d, d.reason().toString()).agentId().substring(3);
    }

    private static Inquiry inquiry(String id, String language, String skill, int priority) {
        return inquiry(id, language, skill, priority, EUROPE_MORNING);
    }

    private static Inquiry inquiry(String id, String language, String skill, int priority, Instant at) {
        return new Inquiry(id, "web", language, skill, priority, List.of(), at);
    }
}
