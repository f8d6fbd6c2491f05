package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.StoreTesting;
import io.meridian.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holiday calendars are expanded over a window of years around the day they are read; once the year turns the window
 * moves on, so a node that runs for years still knows the holidays routing looks ahead to. A calendar that passes a
 * bound in the new window leaves the calendars in force as they were.
 */
@Timeout(60)
class CalendarRenewalTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, overflow-rank: 1, languages: [en], hours: {daily: "00:00-24:00"},
                 holidays: [new-year.ics, later.ics]}
            """;
    private static final String NEW_YEAR = ics("ny@t", "New Year", "DTSTART;VALUE=DATE:20200101", "RRULE:FREQ=YEARLY");
    /** Harmless until its window reaches 2029: then an endless FREQ=SECONDLY rule. */
    private static final String LATER = ics("later@t", "Flood", "DTSTART:20290601T000000Z", "RRULE:FREQ=SECONDLY");
    private static final LocalDate NEW_YEAR_2029 = LocalDate.parse("2029-01-01");

    @TempDir
    Path dir;
    private RoutingFixture fixture;

    private static String ics(String uid, String summary, String start, String rule) {
        return String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:" + uid,
                "DTSTAMP:20250101T000000Z", start, rule, "SUMMARY:" + summary, "END:VEVENT", "END:VCALENDAR", "");
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * Verifies that turning the year from 2026 to 2027 is refused while a calendar would pass a bound in the new
     * window (the calendars in force stay, 2029 unknown), and once that calendar is replaced moves the window so that
     * New Year 2029 closes the team.
     */
    @Test
    void windowMovesWithTheYear() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup(SETUP, Map.of("new-year.ics", NEW_YEAR, "later.ics", LATER));
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        RoutingService routing = fixture.service(clock, RoutingFixture.ENGLISH);
        assertEquals(LocalDate.parse("2025-01-01"), routing.calendar("new-year.ics").orElseThrow().windowStart());
        assertFalse(StoreTesting.await(routing.renewCalendars()), "nothing to do within the same year");
        assertTrue(deskClosedOn(routing, LocalDate.parse("2028-01-01")));
        assertFalse(deskClosedOn(routing, NEW_YEAR_2029), "2029 is past the window");

        clock.set(Instant.parse("2027-01-02T00:00:00Z"));
        assertFalse(StoreTesting.await(routing.renewCalendars()), "later.ics floods 2029: refused");
        assertEquals(LocalDate.parse("2025-01-01"), routing.calendar("new-year.ics").orElseThrow().windowStart(),
                "the calendars in force stay");
        assertEquals(LATER, routing.calendar("later.ics").orElseThrow().text());

        Throwable upload = StoreTesting.failureOf(routing.putCalendar("later.ics", LATER, "admin"));
        assertTrue(upload.getMessage().startsWith("uploaded later.ics: the event 'Flood' (UID later@t) has "
                + "RRULE:FREQ=SECONDLY, refused: it repeats more than"), upload.getMessage());
        StoreTesting.await(routing.putCalendar("later.ics", NEW_YEAR.replace("ny@t", "ny2@t"), "admin"));
        assertTrue(StoreTesting.await(routing.renewCalendars()), "now the window moves");
        assertEquals(LocalDate.parse("2026-01-01"), routing.calendar("new-year.ics").orElseThrow().windowStart());
        assertTrue(deskClosedOn(routing, NEW_YEAR_2029));
    }

    private static boolean deskClosedOn(RoutingService routing, LocalDate date) {
        Team desk = routing.engine().setup().teams().stream().filter(t -> t.id().equals("desk")).findFirst()
                .orElseThrow();
        return desk.calendar().holidayOn(date).isPresent();
    }
}
