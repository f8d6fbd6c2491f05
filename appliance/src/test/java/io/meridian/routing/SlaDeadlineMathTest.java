package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deadline arithmetic tickets' service levels are counted with ({@code ServiceLevels}: a target's due time is
 * {@link BusinessCalendar#afterOpenTime} of the open time left; pausing keeps {@link BusinessCalendar#openTimeBetween}
 * now and the due time; a handover counts that in the old team's hours and again from now in the new team's). Every
 * expected value is worked out by hand in the comment beside it.
 */
@Timeout(30)
class SlaDeadlineMathTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalDate READ_ON = LocalDate.parse("2026-06-01");
    private static final Duration EIGHT_HOURS = Duration.ofHours(8);

    /** Verifies eight open hours across both switches in Berlin and in New York (offices 09:00-17:00, weekdays). */
    @Test
    void eightOpenHoursAcrossEachDaylightSavingSwitch() {
        BusinessCalendar berlin = office(BERLIN, "09:00-17:00");
        BusinessCalendar newYork = office(NEW_YORK, "09:00-17:00");
        // Fri 27 Mar 15:00 CET (14:00Z): 2 h on Friday; Sunday 29th the clocks go forward; Mon 30th 09:00 CEST + 6 h
        // = 15:00 CEST = 13:00Z.
        assertEquals(at("2026-03-30T13:00:00Z"), berlin.afterOpenTime(at("2026-03-27T14:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
        // Fri 23 Oct 15:00 CEST (13:00Z): 2 h; Sunday 25th back; Mon 26th 09:00 CET + 6 h = 15:00 CET = 14:00Z.
        assertEquals(at("2026-10-26T14:00:00Z"), berlin.afterOpenTime(at("2026-10-23T13:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
        // Fri 6 Mar 15:00 EST (20:00Z): 2 h; Sunday 8th forward; Mon 9th 09:00 EDT + 6 h = 15:00 EDT = 19:00Z.
        assertEquals(at("2026-03-09T19:00:00Z"), newYork.afterOpenTime(at("2026-03-06T20:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
        // Fri 30 Oct 15:00 EDT (19:00Z): 2 h; Sunday 1 Nov back; Mon 2nd 09:00 EST + 6 h = 15:00 EST = 20:00Z.
        assertEquals(at("2026-11-02T20:00:00Z"), newYork.afterOpenTime(at("2026-10-30T19:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
        // And back: the open time between the start and the due time is the eight hours, across each switch.
        assertEquals(EIGHT_HOURS, newYork.openTimeBetween(at("2026-03-06T20:00:00Z"), at("2026-03-09T19:00:00Z")));
        assertEquals(EIGHT_HOURS, berlin.openTimeBetween(at("2026-10-23T13:00:00Z"), at("2026-10-26T14:00:00Z")));
    }

    /** Verifies a Tokyo office (09:00-18:00) closed on a holiday read from an iCalendar file. */
    @Test
    void tokyoSkipsAHolidayFromItsCalendar() {
        HolidayCalendar holidays = HolidayCalendar.parse("jp.ics", String.join("\r\n", "BEGIN:VCALENDAR",
                "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:kinro@test", "DTSTAMP:20250101T000000Z",
                "DTSTART;VALUE=DATE:20261123", "DTEND;VALUE=DATE:20261124", "SUMMARY:勤労感謝の日", "END:VEVENT",
                "END:VCALENDAR", ""), READ_ON);
        BusinessCalendar tokyo = new BusinessCalendar(TOKYO, new OpeningHours(weekdays("09:00-18:00"), Map.of()),
                List.of(holidays));
        // Fri 20 Nov 16:00 JST (07:00Z): 2 h on Friday; Monday 23rd is the holiday; Tue 24th 09:00 + 6 h = 15:00 JST
        // = 06:00Z.
        assertEquals(at("2026-11-24T06:00:00Z"), tokyo.afterOpenTime(at("2026-11-20T07:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
    }

    /** Verifies a night shift (22:00-06:00) counting across midnight and into the next day. */
    @Test
    void aShiftAcrossMidnight() {
        BusinessCalendar nights = new BusinessCalendar(BERLIN, new OpeningHours(weekdays("22:00-06:00"), Map.of()),
                List.of());
        // Mon 7 Dec 23:00 CET (22:00Z): 7 h to 06:00 Tuesday; Tuesday 22:00 + 1 h = 23:00 CET = 22:00Z.
        assertEquals(at("2026-12-08T22:00:00Z"), nights.afterOpenTime(at("2026-12-07T22:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
        // Fri 11 Dec 23:00: 7 h to Saturday 06:00 (Friday's shift runs into Saturday); then Monday 22:00 + 1 h.
        assertEquals(at("2026-12-14T22:00:00Z"), nights.afterOpenTime(at("2026-12-11T22:00:00Z"), EIGHT_HOURS)
                .orElseThrow());
    }

    /** Verifies a resolution target paused over a weekend keeps its open time left and resumes with it. */
    @Test
    void aPauseOverAWeekend() {
        BusinessCalendar berlin = office(BERLIN, "09:00-17:00");
        // Made Fri 4 Dec 13:00 CET (12:00Z), 8 h: 4 h on Friday, Mon 7th 09:00 + 4 h = 13:00 CET = 12:00Z.
        Instant due = berlin.afterOpenTime(at("2026-12-04T12:00:00Z"), EIGHT_HOURS).orElseThrow();
        assertEquals(at("2026-12-07T12:00:00Z"), due);
        // Pending at Fri 16:00 (15:00Z): 1 h left on Friday + 4 h on Monday = 5 h kept.
        Duration left = berlin.openTimeBetween(at("2026-12-04T15:00:00Z"), due);
        assertEquals(Duration.ofHours(5), left);
        // The customer answers Mon 11:00 CET (10:00Z): 5 h from then = 16:00 CET = 15:00Z.
        assertEquals(at("2026-12-07T15:00:00Z"), berlin.afterOpenTime(at("2026-12-07T10:00:00Z"), left)
                .orElseThrow());
    }

    /**
     * Verifies follow the sun: a 24-hour resolution made in Tokyo handed to Berlin when Tokyo closes and to New York
     * when Berlin closes, the time left counted in the old team's hours and again in the new team's at each step.
     */
    @Test
    void aHandoverFromTokyoToBerlinToNewYork() {
        BusinessCalendar tokyo = office(TOKYO, "09:00-18:00");
        BusinessCalendar berlin = office(BERLIN, "09:00-17:00");
        BusinessCalendar newYork = office(NEW_YORK, "09:00-17:00");
        // Made Mon 7 Dec 10:00 JST (01:00Z), 24 h: Mon 8 h, Tue 9 h, Wed 09:00 + 7 h = 16:00 JST = 07:00Z.
        Instant inTokyo = tokyo.afterOpenTime(at("2026-12-07T01:00:00Z"), Duration.ofHours(24)).orElseThrow();
        assertEquals(at("2026-12-09T07:00:00Z"), inTokyo);
        // Tokyo closes Mon 18:00 JST (09:00Z): 16 h left (Tue 9 + Wed 7). Berlin is open, 10:00 CET: Mon 7 h,
        // Tue 8 h, Wed 09:00 + 1 h = 10:00 CET = 09:00Z.
        Instant handedToBerlin = at("2026-12-07T09:00:00Z");
        Duration leftInTokyo = tokyo.openTimeBetween(handedToBerlin, inTokyo);
        assertEquals(Duration.ofHours(16), leftInTokyo);
        Instant inBerlin = berlin.afterOpenTime(handedToBerlin, leftInTokyo).orElseThrow();
        assertEquals(at("2026-12-09T09:00:00Z"), inBerlin);
        // Berlin closes Mon 17:00 CET (16:00Z): 9 h left (Tue 8 + Wed 1). New York is open, 11:00 EST: Mon 6 h,
        // Tue 09:00 + 3 h = 12:00 EST = 17:00Z.
        Instant handedToNewYork = at("2026-12-07T16:00:00Z");
        Duration leftInBerlin = berlin.openTimeBetween(handedToNewYork, inBerlin);
        assertEquals(Duration.ofHours(9), leftInBerlin);
        assertEquals(at("2026-12-08T17:00:00Z"), newYork.afterOpenTime(handedToNewYork, leftInBerlin).orElseThrow());
    }

    private static BusinessCalendar office(ZoneId zone, String hours) {
        return new BusinessCalendar(zone, new OpeningHours(weekdays(hours), Map.of()), List.of());
    }

    private static Map<DayOfWeek, List<ShiftInterval>> weekdays(String... intervals) {
        Map<DayOfWeek, List<ShiftInterval>> w = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            w.put(d, Arrays.stream(intervals).map(ShiftInterval::parse).toList());
        }
        return w;
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
