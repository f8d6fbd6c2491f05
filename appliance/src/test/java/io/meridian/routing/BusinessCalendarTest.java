package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Business hours and holidays on the time line: DST switches, midnight-crossing intervals, overrides, iCalendar. */
@Timeout(30)
class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The day the calendars are read: every date checked lies in the window of years around it. */
    private static final LocalDate READ_ON = LocalDate.parse("2026-06-01");

    /** Verifies that 09:00 Berlin is 08:00Z before the March switch and 07:00Z after it. */
    @Test
    void berlinMarchSwitchKeepsLocalOpeningTime() {
        BusinessCalendar c = calendar(BERLIN, daily("09:00-17:00"));
        assertFalse(c.isOpen(at("2026-03-28T07:59:59Z")));
        assertTrue(c.isOpen(at("2026-03-28T08:00:00Z")));
        assertFalse(c.isOpen(at("2026-03-30T06:59:59Z")));
        assertTrue(c.isOpen(at("2026-03-30T07:00:00Z")));
        assertTrue(c.isOpen(at("2026-03-30T14:59:59Z")));
        assertFalse(c.isOpen(at("2026-03-30T15:00:00Z")));
        assertEquals(at("2026-03-30T07:00:00Z"), c.nextOpening(at("2026-03-29T16:00:00Z")).orElseThrow());
    }

    /** Verifies that an interval spanning the spring-forward hour is an hour shorter, and one starting in the gap moves. */
    @Test
    void berlinSpringForwardGap() {
        BusinessCalendar spans = calendar(BERLIN, daily("01:00-04:00"));
        assertTrue(spans.isOpen(at("2026-03-29T00:00:00Z")));
        assertTrue(spans.isOpen(at("2026-03-29T01:59:59Z")));
        assertFalse(spans.isOpen(at("2026-03-29T02:00:00Z")), "04:00 CEST is 02:00Z: two hours, not three");
        BusinessCalendar inGap = calendar(BERLIN, daily("02:30-05:00"));
        assertEquals(at("2026-03-29T01:30:00Z"), inGap.nextOpening(at("2026-03-29T00:00:00Z")).orElseThrow(),
                "02:30 does not exist on that day; opening moves to 03:30 CEST");
    }

    /** Verifies the October switch in Berlin: 09:00 local is 07:00Z before and 08:00Z after. */
    @Test
    void berlinOctoberSwitch() {
        BusinessCalendar c = calendar(BERLIN, daily("09:00-17:00"));
        assertTrue(c.isOpen(at("2026-10-24T07:00:00Z")));
        assertFalse(c.isOpen(at("2026-10-26T07:30:00Z")));
        assertTrue(c.isOpen(at("2026-10-26T08:00:00Z")));
        BusinessCalendar night = calendar(BERLIN, daily("00:00-06:00"));
        // 00:00 CEST (22:00Z) to 06:00 CET (05:00Z): seven hours on the long night.
        assertTrue(night.isOpen(at("2026-10-24T22:00:00Z")));
        assertTrue(night.isOpen(at("2026-10-25T04:59:59Z")));
        assertFalse(night.isOpen(at("2026-10-25T05:00:00Z")));
    }

    /** Verifies New York in March: Friday 09:00 EST is 14:00Z, Monday 09:00 EDT is 13:00Z. */
    @Test
    void newYorkMarchSwitch() {
        BusinessCalendar c = calendar(NEW_YORK, weekdays("09:00-17:00"));
        assertTrue(c.isOpen(at("2026-03-06T14:00:00Z")));
        assertFalse(c.isOpen(at("2026-03-06T13:59:00Z")));
        assertEquals(at("2026-03-09T13:00:00Z"), c.nextOpening(at("2026-03-06T22:30:00Z")).orElseThrow());
        assertFalse(c.isOpen(at("2026-03-09T12:59:59Z")));
    }

    /** Verifies New York in November: a 00:00-03:00 interval on the fall-back night lasts four hours. */
    @Test
    void newYorkNovemberSwitch() {
        BusinessCalendar night = calendar(NEW_YORK, daily("00:00-03:00"));
        assertTrue(night.isOpen(at("2026-11-01T04:00:00Z")));
        assertTrue(night.isOpen(at("2026-11-01T07:30:00Z")), "02:30 EST exists after 01:59 EDT repeats");
        assertFalse(night.isOpen(at("2026-11-01T08:00:00Z")));
        BusinessCalendar day = calendar(NEW_YORK, weekdays("09:00-17:00"));
        assertTrue(day.isOpen(at("2026-10-30T13:00:00Z")));
        assertFalse(day.isOpen(at("2026-11-02T13:30:00Z")));
        assertTrue(day.isOpen(at("2026-11-02T14:00:00Z")));
    }

    /** Verifies an interval that crosses midnight belongs to its starting day and runs into the next. */
    @Test
    void midnightCrossingInterval() {
        Map<DayOfWeek, List<ShiftInterval>> w = new EnumMap<>(DayOfWeek.class);
        w.put(DayOfWeek.FRIDAY, List.of(ShiftInterval.parse("22:00-02:00")));
        BusinessCalendar c = calendar(NEW_YORK, w);
        // Friday 2026-03-13, EDT (-4).
        assertFalse(c.isOpen(at("2026-03-14T01:59:00Z")), "21:59 Friday");
        assertTrue(c.isOpen(at("2026-03-14T02:00:00Z")), "22:00 Friday");
        assertTrue(c.isOpen(at("2026-03-14T05:59:00Z")), "01:59 Saturday");
        assertFalse(c.isOpen(at("2026-03-14T06:00:00Z")), "02:00 Saturday");
        assertEquals(at("2026-03-21T02:00:00Z"), c.nextOpening(at("2026-03-14T06:00:00Z")).orElseThrow());
        BusinessCalendar always = calendar(BERLIN, daily("00:00-24:00"));
        assertTrue(always.isOpen(at("2026-03-29T01:30:00Z")));
        assertTrue(always.isOpen(at("2026-10-25T01:30:00Z")));
    }

    /** Verifies that date overrides replace the weekday's hours, or close the day. */
    @Test
    void dateOverrides() {
        Map<LocalDate, List<ShiftInterval>> o = Map.of(
                LocalDate.parse("2026-12-24"), List.of(ShiftInterval.parse("09:00-12:00")),
                LocalDate.parse("2026-12-31"), List.of());
        BusinessCalendar c = new BusinessCalendar(BERLIN, new OpeningHours(weekdays("09:00-17:00"), o), List.of());
        assertTrue(c.isOpen(at("2026-12-24T10:59:00Z")));
        assertFalse(c.isOpen(at("2026-12-24T11:00:00Z")));
        assertFalse(c.isOpen(at("2026-12-31T10:00:00Z")));
        assertEquals(at("2027-01-01T08:00:00Z"), c.nextOpening(at("2026-12-30T17:00:00Z")).orElseThrow());
    }

    /** Verifies that recurring holidays (RRULE) from the shipped US calendar expand to the right dates. */
    @Test
    void holidaysFromRealWorldCalendar() throws IOException {
        HolidayCalendar us = HolidayCalendar.parse("us-holidays.ics",
                Files.readString(Path.of("../conf/calendars/us-holidays.ics"), StandardCharsets.UTF_8), READ_ON);
        BusinessCalendar c = new BusinessCalendar(NEW_YORK, new OpeningHours(weekdays("08:00-20:00"), Map.of()),
                List.of(us));
        // Thanksgiving: 4th Thursday of November: 2026-11-26, 2027-11-25.
        assertFalse(c.isOpen(at("2026-11-26T15:00:00Z")));
        assertTrue(c.isOpen(at("2026-11-27T15:00:00Z")));
        assertFalse(c.isOpen(at("2027-11-25T15:00:00Z")));
        assertTrue(c.isOpen(at("2027-11-26T15:00:00Z")));
        // MLK day: 3rd Monday of January 2027 is the 18th; Memorial Day 2026 (last Monday of May) the 25th.
        assertFalse(c.isOpen(at("2027-01-18T15:00:00Z")));
        assertFalse(c.isOpen(at("2026-05-25T15:00:00Z")));
        assertTrue(c.isOpen(at("2026-05-26T15:00:00Z")));
        // After hours on 24 December 2026 (Thursday): Christmas (Friday) and the weekend are skipped.
        assertEquals(at("2026-12-28T13:00:00Z"), c.nextOpening(at("2026-12-25T02:00:00Z")).orElseThrow());
        assertEquals("Thanksgiving Day", c.holidayOn(LocalDate.parse("2026-11-26")).orElseThrow().summary());
    }

    /** Verifies that a multi-day holiday (DTEND) closes every day, and a timed holiday only its hours. */
    @Test
    void multiDayAndTimedHolidays() {
        HolidayCalendar ics = HolidayCalendar.parse("mixed.ics", String.join("\r\n",
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                "BEGIN:VEVENT", "UID:a@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20251225",
                "DTEND;VALUE=DATE:20251227", "RRULE:FREQ=YEARLY", "SUMMARY:Weihnachten", "END:VEVENT",
                "BEGIN:VEVENT", "UID:b@test", "DTSTAMP:20250101T000000Z",
                "DTSTART;TZID=Europe/Berlin:20261223T140000", "DTEND;TZID=Europe/Berlin:20261223T180000",
                "SUMMARY:Team party", "END:VEVENT", "END:VCALENDAR", ""), READ_ON);
        BusinessCalendar c = new BusinessCalendar(BERLIN, new OpeningHours(daily("09:00-17:00"), Map.of()), List.of(ics));
        assertFalse(c.isOpen(at("2026-12-25T10:00:00Z")));
        assertFalse(c.isOpen(at("2026-12-26T10:00:00Z")));
        assertTrue(c.isOpen(at("2026-12-27T10:00:00Z")));
        assertTrue(c.isOpen(at("2026-12-23T12:59:00Z")));
        assertFalse(c.isOpen(at("2026-12-23T13:00:00Z")), "14:00 Berlin: the party");
        assertEquals(at("2026-12-24T08:00:00Z"), c.nextOpening(at("2026-12-23T13:30:00Z")).orElseThrow());
    }

    /**
     * Verifies open-time arithmetic, what SLA targets in business hours are counted in: eight open hours from Friday
     * 15:00 Berlin end Monday 15:00 (the weekend does not count); across Christmas (two all-day holidays) and around a
     * timed one (the party's four hours are skipped); a night shift across midnight; across the switch to summer time;
     * and the open time between two moments, the inverse.
     */
    @Test
    void openTimeIsCountedInTheTeamsHours() {
        BusinessCalendar office = calendar(BERLIN, weekdays("09:00-17:00"));
        assertEquals(at("2026-12-07T14:00:00Z"), office.afterOpenTime(at("2026-12-04T14:00:00Z"),
                java.time.Duration.ofHours(8)).orElseThrow(), "Friday 15:00 + 8 open hours: Monday 15:00");
        assertEquals(java.time.Duration.ofHours(8), office.openTimeBetween(at("2026-12-04T14:00:00Z"),
                at("2026-12-07T14:00:00Z")));
        assertEquals(at("2026-12-07T08:01:00Z"), office.afterOpenTime(at("2026-12-05T10:00:00Z"),
                java.time.Duration.ofMinutes(1)).orElseThrow(), "Saturday + 1 open minute: Monday 09:01");
        assertEquals(java.time.Duration.ZERO, office.openTimeBetween(at("2026-12-05T10:00:00Z"),
                at("2026-12-06T10:00:00Z")), "a weekend has no open time");

        HolidayCalendar ics = HolidayCalendar.parse("mixed.ics", String.join("\r\n",
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                "BEGIN:VEVENT", "UID:a@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20251225",
                "DTEND;VALUE=DATE:20251227", "RRULE:FREQ=YEARLY", "SUMMARY:Weihnachten", "END:VEVENT",
                "BEGIN:VEVENT", "UID:b@test", "DTSTAMP:20250101T000000Z",
                "DTSTART;TZID=Europe/Berlin:20261223T140000", "DTEND;TZID=Europe/Berlin:20261223T180000",
                "SUMMARY:Team party", "END:VEVENT", "END:VCALENDAR", ""), READ_ON);
        BusinessCalendar daily = new BusinessCalendar(BERLIN, new OpeningHours(daily("09:00-17:00"), Map.of()),
                List.of(ics));
        // Wednesday 23 December, 12:00 Berlin: two hours until the party at 14:00, which closes the rest of the day;
        // Thursday 24th gives eight; Christmas (25th, 26th) none; the last two hours on Sunday 27th, 09:00-11:00.
        assertEquals(at("2026-12-27T10:00:00Z"), daily.afterOpenTime(at("2026-12-23T11:00:00Z"),
                java.time.Duration.ofHours(12)).orElseThrow(), "11:00 Berlin on Sunday 27th");
        assertEquals(java.time.Duration.ofHours(12), daily.openTimeBetween(at("2026-12-23T11:00:00Z"),
                at("2026-12-27T10:00:00Z")));

        Map<DayOfWeek, List<ShiftInterval>> nights = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            nights.put(d, List.of(ShiftInterval.parse("22:00-06:00")));
        }
        BusinessCalendar night = calendar(ZoneId.of("UTC"), nights);
        assertEquals(at("2026-12-08T01:00:00Z"), night.afterOpenTime(at("2026-12-07T12:00:00Z"),
                java.time.Duration.ofHours(3)).orElseThrow(), "from noon: 22:00 + 3 h is 01:00 the next day");
        assertEquals(at("2026-12-08T23:00:00Z"), night.afterOpenTime(at("2026-12-08T05:00:00Z"),
                java.time.Duration.ofHours(2)).orElseThrow(), "one hour before 06:00, one after 22:00");

        // Sunday 29 March 2026: Berlin's clocks go from 02:00 to 03:00; a shift 00:00-06:00 is five hours long.
        BusinessCalendar early = calendar(BERLIN, daily("00:00-06:00"));
        assertEquals(java.time.Duration.ofHours(5), early.openTimeBetween(at("2026-03-28T23:00:00Z"),
                at("2026-03-29T06:00:00Z")));
        assertEquals(java.time.Duration.ofHours(6), early.openTimeBetween(at("2026-03-27T23:00:00Z"),
                at("2026-03-28T06:00:00Z")));
    }

    /** Verifies that a file that is not iCalendar is refused with the parser's reason. */
    @Test
    void unparsableCalendarRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HolidayCalendar.parse("broken.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"));
        assertTrue(e.getMessage().contains("not a valid iCalendar file"), e.getMessage());
    }

    /** Verifies that overlapping and empty hours are refused with the day named. */
    @Test
    void overlappingAndEmptyHoursRefused() {
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> new OpeningHours(weekdays("09:00-13:00", "12:00-17:00"), Map.of()));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        Map<DayOfWeek, List<ShiftInterval>> w = new EnumMap<>(DayOfWeek.class);
        w.put(DayOfWeek.FRIDAY, List.of(ShiftInterval.parse("22:00-03:00")));
        w.put(DayOfWeek.SATURDAY, List.of(ShiftInterval.parse("02:00-06:00")));
        IllegalArgumentException pastMidnight = assertThrows(IllegalArgumentException.class,
                () -> new OpeningHours(w, Map.of()));
        assertTrue(pastMidnight.getMessage().contains("friday"), pastMidnight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShiftInterval.parse("09:00-09:00"));
        assertThrows(IllegalArgumentException.class, () -> new OpeningHours(Map.of(), Map.of()));
    }

    private static BusinessCalendar calendar(ZoneId zone, Map<DayOfWeek, List<ShiftInterval>> weekly) {
        return new BusinessCalendar(zone, new OpeningHours(weekly, Map.of()), List.of());
    }

    private static Map<DayOfWeek, List<ShiftInterval>> daily(String... intervals) {
        Map<DayOfWeek, List<ShiftInterval>> w = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            w.put(d, Arrays.stream(intervals).map(ShiftInterval::parse).toList());
        }
        return w;
    }

    private static Map<DayOfWeek, List<ShiftInterval>> weekdays(String... intervals) {
        Map<DayOfWeek, List<ShiftInterval>> w = daily(intervals);
        w.remove(DayOfWeek.SATURDAY);
        w.remove(DayOfWeek.SUNDAY);
        return w;
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
