package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's side of following the sun across regions: in a cluster a node serves its own region's teams only,
 * offers what none of them can take to a region that may answer it, says when the only open regions may not read it,
 * and picks an agent for another region's offer with the capacity counted.
 */
@Timeout(30)
class CrossRegionRoutingTest {

    private static final String DOC = """
            teams:
              - {id: emea, name: EMEA, region: eu, time-zone: Europe/Berlin, languages: [de, en],
                 hours: {mon-fri: "09:00-18:00"}}
              - {id: amer, name: AMER, region: us, time-zone: America/New_York, languages: [en, de],
                 hours: {mon-fri: "09:00-18:00"}}
            agents:
              - {username: lena, teams: [emea], languages: [de, en], max-conversations: 2}
              - {username: bob, teams: [amer], languages: [en, de], max-conversations: 1}
            """;
    /** Tuesday 2026-03-10 20:00Z: Berlin 21:00 (closed), New York 16:00 (open). */
    private static final Instant EUROPE_EVENING = Instant.parse("2026-03-10T20:00:00Z");

    /** Verifies that a node alone serves every team, as before: Bob of AMER takes it. */
    @Test
    void aNodeAloneServesEveryTeam() {
        RoutingEngine alone = engine();
        RoutingDecision d = alone.decide(inquiry("c1", "de"), EUROPE_EVENING);
        assertEquals("id-bob", assertInstanceOf(RoutingDecision.Assigned.class, d).agentId());
    }

    /** Verifies that the eu node never assigns AMER (us's team) and, with no region to offer it to, waits off hours. */
    @Test
    void anotherRegionsTeamIsNeverOpenHere() {
        RoutingEngine eu = engine();
        eu.followTheSunAcross(new Regions("eu", List.of(), List.of()));
        RoutingDecision.OffHours off = assertInstanceOf(RoutingDecision.OffHours.class,
                eu.decide(inquiry("c1", "de"), EUROPE_EVENING));
        assertEquals("emea", off.entry().teamId(), "it waits with its own region's team");
        assertFalse(off.reason().toString().contains("AMER"), "AMER is not closed, only not here: " + off.reason());
        assertFalse(eu.availability("de", EUROPE_EVENING).open());
        assertEquals(List.of("c1"), eu.waitingWhileClosed(EUROPE_EVENING, 10, q -> true).stream()
                .map(QueuedConversation::conversationId).toList());
        assertEquals(List.of(), eu.waitingWhileClosed(EUROPE_EVENING, 10, q -> false), "only those it may offer");
    }

    /** Verifies the offer: it waits in EMEA's queue, the reason names the region, the widget sees an open desk. */
    @Test
    void whatNoTeamHereCanTakeIsOfferedToARegionThatMayAnswer() {
        RoutingEngine eu = engine();
        Regions us = new Regions("eu", List.of("us"), List.of());
        eu.followTheSunAcross(us);
        RoutingDecision.Offered offered = assertInstanceOf(RoutingDecision.Offered.class,
                eu.decide(inquiry("c1", "de"), EUROPE_EVENING));
        assertEquals(List.of("us"), offered.regions());
        assertEquals(Instant.parse("2026-03-11T08:00:00Z"), offered.opensAt(), "EMEA's next opening, if none takes it");
        assertEquals("emea", offered.entry().teamId());
        assertTrue(offered.reason().toString().contains("offered-to-region"), offered.reason().toString());
        assertEquals(1, eu.queuedCount(), "it keeps waiting here until the region takes it");
        assertTrue(eu.availability("de", EUROPE_EVENING).open());
    }

    /** Verifies that when the only open regions may not read it, it waits off hours and the reason says why. */
    @Test
    void underDenyTheReasonNamesTheRegionThatMayNotRead() {
        RoutingEngine eu = engine();
        eu.followTheSunAcross(new Regions("eu", List.of(), List.of("us")));
        RoutingDecision.OffHours off = assertInstanceOf(RoutingDecision.OffHours.class,
                eu.decide(inquiry("c1", "de"), EUROPE_EVENING));
        String reason = off.reason().toString();
        assertTrue(reason.contains("regions-may-not-read") && reason.contains("us"), reason);
    }

    /** Verifies the offered side: the agent is reserved, counted once taken, and freed by the home regions' count. */
    @Test
    void anOfferReservesTheAgentAndTheHomeRegionsCountKeepsIt() {
        RoutingEngine us = engine();
        us.followTheSunAcross(new Regions("us", List.of(), List.of()));
        assertTrue(us.reserveForRegion("de", null, EUROPE_EVENING).isPresent());
        assertTrue(us.reserveForRegion("de", null, EUROPE_EVENING).isEmpty(), "Bob (1 at most) is reserved");
        us.offerSettled("id-bob", false);
        assertEquals("id-bob", us.reserveForRegion("de", null, EUROPE_EVENING).orElseThrow().id(),
                "a refused offer frees him");
        us.offerSettled("id-bob", true);
        assertEquals(1, us.agentView("id-bob").orElseThrow().active(), "the given conversation counts");
        assertTrue(us.reserveForRegion("de", null, EUROPE_EVENING).isEmpty());
        assertTrue(us.decide(inquiry("c2", "en"), EUROPE_EVENING) instanceof RoutingDecision.Queued,
                "nor does his own region's work reach him");
        us.setElsewhere(Map.of());
        assertEquals("id-bob", us.reserveForRegion("de", null, EUROPE_EVENING).orElseThrow().id(),
                "the home region no longer counts it with him (closed)");
        assertTrue(us.reserveForRegion("de", null, Instant.parse("2026-03-11T02:00:00Z")).isEmpty(),
                "nobody of a closed team is offered work");
    }

    private static RoutingEngine engine() {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) SetupFiles.plain(new org.yaml.snakeyaml.Yaml().load(DOC));
        RoutingEngine e = new RoutingEngine();
        e.apply(SetupParser.parse("test", doc, Map.of()));
        for (String u : List.of("lena", "bob")) {
            e.knowAgent("id-" + u, u, u);
            e.setPresence("id-" + u, Presence.ONLINE, Instant.parse("2026-03-10T08:00:00Z"));
        }
        return e;
    }

    private static Inquiry inquiry(String id, String language) {
        return new Inquiry(id, "web", language, null, 0, List.of(), EUROPE_EVENING);
    }

    /** Other regions as a test sets them: which may answer, which may not read. */
    private record Regions(String region, List<String> answering, List<String> unreadable) implements OtherRegions {

        @Override
        public List<String> mayAnswer(String language, String skill) {
            return answering;
        }

        @Override
        public List<String> mayNotRead(String language, String skill) {
            return unreadable;
        }

        @Override
        public io.vertx.core.Future<Boolean> offer(QueuedConversation waiting) {
            throw new AssertionError("the engine decides; the router offers what it stored");
        }
    }
}
