package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holiday calendars built to exhaust the node: recurrences are expanded only over the window routing needs and within
 * the bounds, and a calendar past a bound is refused naming the event (SUMMARY and UID) and its RRULE.
 */
@Timeout(60)
class HostileCalendarTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String calendar(String[]... events) {
        List<String> lines = new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN"));
        for (String[] event : events) {
            lines.addAll(List.of(event));
        }
        lines.add("END:VCALENDAR");
        lines.add("");
        return String.join("\r\n", lines);
    }

    private static String[] event(String uid, String summary, String start, String... more) {
        List<String> lines = new ArrayList<>(List.of("BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20250101T000000Z", start,
                "SUMMARY:" + summary));
        lines.addAll(List.of(more));
        lines.add("END:VEVENT");
        return lines.toArray(String[]::new);
    }

    /** Verifies that FREQ=SECONDLY with no end is refused at once, naming the event and the rule. */
    @Test
    void secondlyWithoutEndRefused() {
        String ics = calendar(event("tick@t", "Every second", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HolidayCalendar.parse("ticks.ics", ics, TODAY));
        assertEquals("the event 'Every second' (UID tick@t) has RRULE:FREQ=SECONDLY, refused: it repeats more than "
                + "10000 more times between 2025-01-01 and 2028-12-31; a holiday calendar may have at most 10000 "
                + "closures in that window", e.getMessage());
    }

    /** Verifies that a COUNT ical4j would have to walk from DTSTART, and huge BY-part products, are refused. */
    @Test
    void hugeCountAndByPartsRefused() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> HolidayCalendar.parse(
                "count.ics", calendar(event("c@t", "Counted", "DTSTART:20000101T000000Z",
                        "RRULE:FREQ=SECONDLY;COUNT=20000000")), TODAY));
        assertTrue(count.getMessage().startsWith("the event 'Counted' (UID c@t) has RRULE:FREQ=SECONDLY;COUNT=20000000"
                + ", refused: COUNT=20000000 is more than the 10000 closures"), count.getMessage());

        String rule = "RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13"
                + ";BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23";
        IllegalArgumentException by = assertThrows(IllegalArgumentException.class, () -> HolidayCalendar.parse(
                "by.ics", calendar(event("b@t", "Grid", "DTSTART:20260101T000000Z", rule)), TODAY));
        assertTrue(by.getMessage().contains("(UID b@t) has RRULE:FREQ=YEARLY;BYMONTH=1,2,3")
                && by.getMessage().endsWith("refused: its BY parts combine to 3744 dates per period; at most 1000 are "
                + "accepted"), by.getMessage());
    }

    /** Verifies that many events that each look harmless are refused together once they pass the closure cap. */
    @Test
    void manyDailyEventsPassTheCap() {
        String[][] events = new String[8][];
        for (int i = 0; i < events.length; i++) {
            events[i] = event("d" + i + "@t", "Daily " + i, "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=DAILY");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HolidayCalendar.parse("daily.ics", calendar(events), TODAY));
        // Four years are 1461 days: the seventh daily event passes 10000.
        assertTrue(e.getMessage().startsWith("the event 'Daily 6' (UID d6@t) has RRULE:FREQ=DAILY, refused: it repeats "
                + "more than 1234 more times"), e.getMessage());
    }

    /**
     * Verifies that a huge all-day span costs only the window's days, that a rule starting after the window costs
     * nothing, and that one daily rule and the yearly holidays fit.
     */
    @Test
    void windowBoundsTheWork() {
        HolidayCalendar c = HolidayCalendar.parse("spans.ics", calendar(
                event("century@t", "Century", "DTSTART;VALUE=DATE:19000101", "DTEND;VALUE=DATE:21000101"),
                event("later@t", "Later", "DTSTART:20990101T000000Z", "RRULE:FREQ=SECONDLY"),
                event("ny@t", "New Year", "DTSTART;VALUE=DATE:20200101", "RRULE:FREQ=YEARLY")), TODAY);
        assertEquals(LocalDate.parse("2025-01-01"), c.windowStart());
        assertEquals(LocalDate.parse("2029-01-01"), c.windowEnd());
        assertEquals("Century", c.closedOn(LocalDate.parse("2028-12-31"), BERLIN).orElseThrow().summary());
        assertTrue(c.closedOn(LocalDate.parse("2029-01-01"), BERLIN).isEmpty(), "past the window nothing is known");
        assertEquals(366, c.closures(2028, BERLIN).size());

        HolidayCalendar daily = HolidayCalendar.parse("sundays.ics", calendar(
                event("sun@t", "Sunday", "DTSTART;VALUE=DATE:20250105", "RRULE:FREQ=WEEKLY;BYDAY=SU"),
                event("lunch@t", "Lunch", "DTSTART;TZID=Europe/Berlin:20250101T120000",
                        "DTEND;TZID=Europe/Berlin:20250101T130000", "RRULE:FREQ=DAILY")), TODAY);
        assertTrue(daily.closedOn(LocalDate.parse("2027-06-06"), BERLIN).isPresent(), "a Sunday in 2027");
        assertEquals("Lunch", daily.closedAt(java.time.Instant.parse("2027-06-07T10:30:00Z"), BERLIN)
                .orElseThrow().summary());
        assertTrue(daily.closedAt(java.time.Instant.parse("2027-06-07T11:30:00Z"), BERLIN).isEmpty());
    }
}
