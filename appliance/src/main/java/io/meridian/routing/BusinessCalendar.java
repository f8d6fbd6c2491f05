package io.meridian.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a team is open: its weekly hours and date overrides in its own IANA time zone, minus its holidays.
 * <p>
 * Every check goes through java.time: an interval's local start and end are placed on the time line with the zone's
 * rules of that date, so a 09:00-17:00 day is 09:00-17:00 local on both sides of a daylight-saving change (seven
 * hours on the short day if an interval spans the change). A start inside a spring-forward gap moves forward by the
 * gap, as {@link ZonedDateTime#of} does; an end in the autumn overlap takes the earlier offset.
 * A holiday date closes the intervals that start on that date; a timed holiday closes exactly its own span.
 */
public final class BusinessCalendar {

    /** How far {@link #nextOpening} looks ahead before giving up. */
    static final int SEARCH_DAYS = 400;

    private final ZoneId zone;
    private final OpeningHours hours;
    private final List<HolidayCalendar> holidays;

    public BusinessCalendar(ZoneId zone, OpeningHours hours, List<HolidayCalendar> holidays) {
        this.zone = zone;
        this.hours = hours;
        this.holidays = List.copyOf(holidays);
    }

    public ZoneId zone() {
        return zone;
    }

    public OpeningHours hours() {
        return hours;
    }

    public List<HolidayCalendar> holidays() {
        return holidays;
    }

    /**
     * Whether {@code other} keeps the same hours: the same zone, weekly hours, date overrides and holiday calendars
     * (by name and text; a window expanded again for a new year is the same calendar).
     */
    public boolean sameHoursAs(BusinessCalendar other) {
        return other != null && zone.equals(other.zone) && hours.weekly().equals(other.hours.weekly())
                && hours.overrides().equals(other.hours.overrides())
                && holidays.stream().map(h -> List.of(h.name(), h.text())).toList()
                        .equals(other.holidays.stream().map(h -> List.of(h.name(), h.text())).toList());
    }

    /** Whether the team is open at {@code at}. */
    public boolean isOpen(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        // An interval that crossed midnight yesterday may still be running.
        return openIn(today.minusDays(1), at) || openIn(today, at);
    }

    private boolean openIn(LocalDate day, Instant at) {
        if (holidayOn(day).isPresent()) {
            return false;
        }
        for (ShiftInterval i : hours.on(day)) {
            Instant start = start(day, i);
            if (!at.isBefore(start) && at.isBefore(end(day, i)) && closedAt(at).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first moment at or after {@code from} when the team is open: {@code from} itself when open now; empty if it
     * does not open within {@value #SEARCH_DAYS} days.
     */
    public Optional<Instant> nextOpening(Instant from) {
        if (isOpen(from)) {
            return Optional.of(from);
        }
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        for (int n = 0; n < SEARCH_DAYS; n++, day = day.plusDays(1)) {
            if (holidayOn(day).isPresent()) {
                continue;
            }
            for (ShiftInterval i : hours.on(day)) {
                Instant start = start(day, i);
                Instant end = end(day, i);
                if (!end.isAfter(from)) {
                    continue;
                }
                Instant candidate = start.isBefore(from) ? from : start;
                // A timed holiday may cover the start: open when it ends, if still inside the interval.
                Optional<HolidayCalendar.Closure> closure = closedAt(candidate);
                while (closure.isPresent() && candidate.isBefore(end)) {
                    candidate = closure.get().until();
                    closure = closedAt(candidate);
                }
                if (candidate.isBefore(end)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The moment when {@code amount} of open time (hours, less holidays) has passed from {@code from}: how a target
     * "in business hours" is due. Empty if the team does not open for that long within {@value #SEARCH_DAYS} days.
     */
    public Optional<Instant> afterOpenTime(Instant from, Duration amount) {
        if (amount.isNegative() || amount.isZero()) {
            return Optional.of(from);
        }
        Duration left = amount;
        Instant cursor = from;
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        for (int n = 0; n < SEARCH_DAYS; n++, day = day.plusDays(1)) {
            for (Instant[] piece : openPieces(day, cursor)) {
                Duration length = Duration.between(piece[0], piece[1]);
                if (length.compareTo(left) >= 0) {
                    return Optional.of(piece[0].plus(left));
                }
                left = left.minus(length);
                cursor = piece[1];
            }
        }
        return Optional.empty();
    }

    /** The open time between {@code from} and {@code to} (zero if {@code to} is not after {@code from}). */
    public Duration openTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        Instant cursor = from;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Instant[] piece : openPieces(day, cursor)) {
                if (!piece[0].isBefore(to)) {
                    return total;
                }
                total = total.plus(Duration.between(piece[0], piece[1].isAfter(to) ? to : piece[1]));
                cursor = piece[1];
            }
        }
        return total;
    }

    /**
     * The open pieces of the intervals that start on {@code day}, from {@code notBefore} on, in order: a holiday of
     * the whole day closes them all, a timed one cuts them.
     */
    private List<Instant[]> openPieces(LocalDate day, Instant notBefore) {
        if (holidayOn(day).isPresent()) {
            return List.of();
        }
        List<Instant[]> out = new ArrayList<>();
        Instant cursor = notBefore;
        List<ShiftInterval> intervals = new ArrayList<>(hours.on(day));
        intervals.sort(Comparator.comparing(ShiftInterval::start));
        for (ShiftInterval i : intervals) {
            Instant start = start(day, i);
            Instant end = end(day, i);
            Instant s = start.isBefore(cursor) ? cursor : start;
            while (s.isBefore(end)) {
                Optional<HolidayCalendar.Closure> closed = closedAt(s);
                if (closed.isPresent()) {
                    s = closed.get().until();
                    continue;
                }
                Instant pieceEnd = end;
                for (HolidayCalendar h : holidays) {
                    Optional<HolidayCalendar.Closure> next = h.nextTimedClosure(s, zone);
                    if (next.isPresent() && next.get().from().isBefore(pieceEnd)) {
                        pieceEnd = next.get().from();
                    }
                }
                out.add(new Instant[] {s, pieceEnd});
                s = pieceEnd;
            }
            if (end.isAfter(cursor)) {
                cursor = end;
            }
        }
        return out;
    }

    /** The holiday that closes {@code date} (all-day), if any. */
    public Optional<HolidayCalendar.Closure> holidayOn(LocalDate date) {
        for (HolidayCalendar h : holidays) {
            Optional<HolidayCalendar.Closure> c = h.closedOn(date, zone);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private Optional<HolidayCalendar.Closure> closedAt(Instant at) {
        for (HolidayCalendar h : holidays) {
            Optional<HolidayCalendar.Closure> c = h.closedAt(at, zone);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private Instant start(LocalDate day, ShiftInterval i) {
        return ZonedDateTime.of(day, i.start(), zone).toInstant();
    }

    private Instant end(LocalDate day, ShiftInterval i) {
        LocalDate endDay = i.crossesMidnight() ? day.plusDays(1) : day;
        return ZonedDateTime.of(endDay, i.end(), zone).toInstant();
    }
}
