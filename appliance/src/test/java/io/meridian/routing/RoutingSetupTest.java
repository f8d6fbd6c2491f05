package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.StoreTesting;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad routing input (files reloaded, console edits, uploads) is refused with the file or form and the field named,
 * and the setup in force, in memory and stored, stays as it was.
 */
@Timeout(120)
class RoutingSetupTest {

    private static final String GOOD = """
            teams:
              - id: desk
                name: Desk
                time-zone: Europe/Berlin
                languages: [en, de]
                hours:
                  mon-fri: ["09:00-17:00"]
                holidays: [de.ics]
            agents:
              - {username: ana, teams: [desk], languages: {en: native}, max-conversations: 2}
            """;
    private static final String ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN",
            "BEGIN:VEVENT", "UID:1@t", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY",
            "SUMMARY:Neujahr", "END:VEVENT", "END:VCALENDAR", "");

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private RoutingService routing;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup(GOOD, Map.of("de.ics", ICS));
        routing = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("desk"), RoutingFixture.teamIds(routing));
    }

    @AfterEach
    void tearDown() {
        routing.stop();
        fixture.close();
    }

    /** Verifies that an .ics that does not parse is refused naming its file, and the old setup stays. */
    @Test
    void unparsableCalendarFile() throws Exception {
        fixture.writeSetup(GOOD.replace("id: desk", "id: other"), Map.of("de.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"));
        assertRefused("calendars/de.ics", "not a valid iCalendar file");
    }

    /** Verifies that overlapping business hours are refused naming file and field. */
    @Test
    void overlappingHours() throws Exception {
        fixture.writeSetup(GOOD.replace("\"09:00-17:00\"", "\"09:00-13:00\", \"12:00-17:00\""), Map.of());
        assertRefused("routing.yaml, teams[desk].hours", "overlap");
    }

    /** Verifies that an empty interval is refused naming the day. */
    @Test
    void emptyHours() throws Exception {
        fixture.writeSetup(GOOD.replace("\"09:00-17:00\"", "\"09:00-09:00\""), Map.of());
        assertRefused("routing.yaml, teams[desk].hours.mon-fri", "empty");
    }

    /** Verifies that an unknown time zone is refused naming the field and what is expected. */
    @Test
    void unknownZone() throws Exception {
        fixture.writeSetup(GOOD.replace("Europe/Berlin", "Mars/Olympus_Mons"), Map.of());
        assertRefused("routing.yaml, teams[desk].time-zone", "unknown time zone 'Mars/Olympus_Mons'");
    }

    /** Verifies that an agent with capacity 0 is refused naming the agent and field. */
    @Test
    void capacityZero() throws Exception {
        fixture.writeSetup(GOOD.replace("max-conversations: 2", "max-conversations: 0"), Map.of());
        assertRefused("routing.yaml, agents[ana].max-conversations", "from 1 to 100, got 0");
    }

    /** Verifies that a console edit with a bad zone is refused, and a valid one applies and is stored. */
    @Test
    void consoleEdits() {
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("id", "night");
        team.put("time-zone", "America/Nowhere");
        team.put("hours", Map.of("daily", "22:00-06:00"));
        Throwable e = StoreTesting.failureOf(routing.putTeam(team, "admin"));
        assertInstanceOf(RoutingSetupException.class, e);
        assertTrue(e.getMessage().startsWith("console: team night, teams[night].time-zone"), e.getMessage());
        assertEquals(List.of("desk"), RoutingFixture.teamIds(routing));
        team.put("time-zone", "America/Chicago");
        StoreTesting.await(routing.putTeam(team, "admin"));
        assertEquals(List.of("desk", "night"), RoutingFixture.teamIds(routing));
        RoutingService restarted = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("desk", "night"), restarted.engine().setup().teams().stream().map(Team::id).toList(),
                "the accepted edit was stored");
        Throwable upload = StoreTesting.failureOf(routing.putCalendar("broken.ics", "not a calendar", "admin"));
        assertTrue(upload.getMessage().startsWith("uploaded broken.ics: not a valid iCalendar file"), upload.getMessage());
        restarted.stop();
    }

    private void assertRefused(String where, String what) {
        Throwable e = StoreTesting.failureOf(routing.reloadFromFiles("admin"));
        assertInstanceOf(RoutingSetupException.class, e);
        assertTrue(e.getMessage().contains(where), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertEquals(List.of("desk"), RoutingFixture.teamIds(routing), "the setup in force stays");
        assertEquals(2, routing.engine().setup().agents().get("ana").maxConversations());
        RoutingService restarted = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        assertEquals(List.of("desk"), restarted.engine().setup().teams().stream().map(Team::id).toList(),
                "the stored setup stays");
        restarted.stop();
    }
}
