package io.meridian.routing;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.RRule;

/**
 * A holiday calendar read from an iCalendar (.ics) file, as exported by Google Calendar, Outlook or a public holiday
 * feed. Every VEVENT is a closure: an all-day event closes the team on those dates (in the team's own time zone); a
 * timed event closes it from its start to its end.
 * <p>
 * Recurring events (RRULE, RDATE, EXDATE) are expanded by ical4j once, when the calendar is read, and only over the
 * window routing looks at: the calendar years from last year to two years ahead (routing looks at most
 * {@value BusinessCalendar#SEARCH_DAYS} days ahead). The expansion is bounded: at most {@value #MAX_CLOSURES} closures,
 * no RRULE with a COUNT above that or with more than {@value #MAX_RULE_COMBINATIONS} BY-part combinations, and at
 * most {@link #MAX_EXPANSION} of work. A calendar past a bound is refused naming the event (SUMMARY and UID) and its
 * RRULE, so a FREQ=SECONDLY rule with no end is a clear error, not hours of work and an exhausted heap. Reading is
 * blocking work: call {@link #parse} from a worker thread. Lookups afterwards only read the expanded closures.
 */
public final class HolidayCalendar {

    /** Most closures (days of all-day events, timed spans) one calendar may have in its window. */
    public static final int MAX_CLOSURES = 10_000;
    /** Most combinations of an RRULE's BY-part values (BYMONTH x BYMONTHDAY x BYHOUR ...) ical4j is asked to build. */
    public static final int MAX_RULE_COMBINATIONS = 1_000;
    /** Most time reading and expanding one calendar may take. */
    public static final Duration MAX_EXPANSION = Duration.ofSeconds(5);
    /** Calendar years before the current one that are expanded. */
    static final int YEARS_BACK = 1;
    /** Calendar years after the current one that are expanded. */
    static final int YEARS_AHEAD = 2;

    /** A closure found in the calendar: its summary and when. */
    public record Closure(String summary, LocalDate date, Instant from, Instant until) {
    }

    /** A timed closure on the floating local clock: placed on the time line by each team's own zone. */
    private record FloatingSpan(String summary, LocalDateTime from, LocalDateTime until) {
    }

    /** The timed closures for one zone, sorted by start, with the longest span to bound a backwards search. */
    private record Timed(List<Closure> byStart, Duration longest) {
    }

    private final String name;
    private final String text;
    private final int eventCount;
    private final LocalDate first;
    private final LocalDate end;
    private final Map<LocalDate, String> allDay;
    private final List<FloatingSpan> floating;
    private final List<Closure> absolute;
    private final Map<ZoneId, Timed> timedByZone = new ConcurrentHashMap<>();

    private HolidayCalendar(String name, String text, int eventCount, LocalDate first, LocalDate end,
            Map<LocalDate, String> allDay, List<FloatingSpan> floating, List<Closure> absolute) {
        this.name = name;
        this.text = text;
        this.eventCount = eventCount;
        this.first = first;
        this.end = end;
        this.allDay = allDay;
        this.floating = floating;
        this.absolute = absolute;
    }

    /**
     * Parses {@code text} and expands it around today (UTC). Fails with {@link IllegalArgumentException} saying what
     * is wrong: the line where the parser stopped if it is not iCalendar; the event if it has no usable start; the
     * event and its RRULE if expanding it passes a bound.
     */
    public static HolidayCalendar parse(String name, String text) {
        return parse(name, text, LocalDate.now(ZoneOffset.UTC));
    }

    /** As {@link #parse(String, String)}, expanding the years around {@code today}. */
    static HolidayCalendar parse(String name, String text, LocalDate today) {
        long deadline = System.nanoTime() + MAX_EXPANSION.toNanos();
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(text));
        } catch (ParserException e) {
            throw new IllegalArgumentException("not a valid iCalendar file: " + where(text, e));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid iCalendar file: " + e);
        }
        List<VEvent> events = new ArrayList<>();
        for (Object component : calendar.getComponents()) {
            if (component instanceof VEvent event) {
                boolean hasStart;
                try {
                    hasStart = event.getStartDate().isPresent();
                } catch (RuntimeException e) {
                    // e.g. a TZID that is not a time zone: ical4j fails only when the start is read.
                    throw new IllegalArgumentException("the event " + describe(event) + " has an unusable DTSTART: "
                            + e.getMessage());
                }
                if (!hasStart) {
                    throw new IllegalArgumentException("the event " + describe(event) + " has no DTSTART");
                }
                events.add(event);
            }
        }
        Expansion x = new Expansion(LocalDate.of(today.getYear() - YEARS_BACK, 1, 1),
                LocalDate.of(today.getYear() + YEARS_AHEAD + 1, 1, 1), deadline);
        for (VEvent event : events) {
            try {
                x.add(event);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the event " + describe(event) + " cannot be expanded: " + e);
            }
        }
        return new HolidayCalendar(name, text, events.size(), x.first, x.end, Map.copyOf(x.allDay),
                List.copyOf(x.floating), List.copyOf(x.absolute));
    }

    public String name() {
        return name;
    }

    /** The iCalendar text as given. */
    public String text() {
        return text;
    }

    public int eventCount() {
        return eventCount;
    }

    /** The first day of the expanded window. */
    public LocalDate windowStart() {
        return first;
    }

    /** The day after the expanded window: closures on or after it are not known. */
    public LocalDate windowEnd() {
        return end;
    }

    /** The all-day closure on {@code date}, if any. */
    public Optional<Closure> closedOn(LocalDate date, ZoneId zone) {
        String summary = allDay.get(date);
        return summary == null ? Optional.empty() : Optional.of(allDayClosure(summary, date, zone));
    }

    /** The timed closure in force at {@code instant}, if any (all-day ones are found by {@link #closedOn}). */
    public Optional<Closure> closedAt(Instant instant, ZoneId zone) {
        Timed timed = timed(zone);
        List<Closure> list = timed.byStart();
        // The last closure starting at or before the instant, then back as far as the longest span reaches.
        int lo = firstStartingAfter(list, instant);
        Instant reach = instant.minus(timed.longest());
        for (int i = lo - 1; i >= 0 && !list.get(i).from().isBefore(reach); i--) {
            if (instant.isBefore(list.get(i).until())) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }

    /** The first timed closure starting after {@code instant}, if any (all-day ones are found by {@link #closedOn}). */
    public Optional<Closure> nextTimedClosure(Instant instant, ZoneId zone) {
        List<Closure> list = timed(zone).byStart();
        int first = firstStartingAfter(list, instant);
        return first < list.size() ? Optional.of(list.get(first)) : Optional.empty();
    }

    /** The index of the first closure of {@code byStart} (sorted by start) that starts after {@code instant}. */
    private static int firstStartingAfter(List<Closure> byStart, Instant instant) {
        int lo = 0;
        int hi = byStart.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (byStart.get(mid).from().isAfter(instant)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Every closure starting in {@code year}, all-day ones expanded to one per date (none outside the window). */
    public List<Closure> closures(int year, ZoneId zone) {
        List<Closure> out = new ArrayList<>();
        allDay.forEach((date, summary) -> {
            if (date.getYear() == year) {
                out.add(allDayClosure(summary, date, zone));
            }
        });
        for (Closure c : timed(zone).byStart()) {
            if (c.from().atZone(zone).getYear() == year) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(Closure::from));
        return List.copyOf(out);
    }

    private static Closure allDayClosure(String summary, LocalDate date, ZoneId zone) {
        return new Closure(summary, date, date.atStartOfDay(zone).toInstant(),
                date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private Timed timed(ZoneId zone) {
        // Bounded by MAX_CLOSURES, so building one zone's list is cheap; cached because routing asks often.
        return timedByZone.computeIfAbsent(zone, z -> {
            List<Closure> all = new ArrayList<>(absolute);
            for (FloatingSpan f : floating) {
                all.add(new Closure(f.summary(), null, f.from().atZone(z).toInstant(), f.until().atZone(z).toInstant()));
            }
            all.sort(Comparator.comparing(Closure::from));
            Duration longest = Duration.ZERO;
            for (Closure c : all) {
                Duration d = Duration.between(c.from(), c.until());
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
            return new Timed(List.copyOf(all), longest);
        });
    }

    /** Expands events over [first, end), counting closures and time against the bounds. */
    private static final class Expansion {

        private final LocalDate first;
        private final LocalDate end;
        private final long deadline;
        private final Map<LocalDate, String> allDay = new HashMap<>();
        private final List<FloatingSpan> floating = new ArrayList<>();
        private final List<Closure> absolute = new ArrayList<>();
        private int closures;

        Expansion(LocalDate first, LocalDate end, long deadline) {
            this.first = first;
            this.end = end;
            this.deadline = deadline;
        }

        void add(VEvent event) {
            Temporal start = event.getStartDate().get().getDate();
            // Check every rule before asking ical4j for the recurrence set, which expands without bounds.
            for (Property p : event.getPropertyList().getProperties(Property.RRULE)) {
                checkRule(event, (RRule<?>) p, start);
            }
            String summary = summary(event);
            if (start instanceof LocalDate) {
                // Look a little back so a multi-day holiday that began in December still covers early January.
                for (Period<LocalDate> p : event.<LocalDate>calculateRecurrenceSet(
                        new Period<>(first.minusDays(14), end))) {
                    LocalDate from = p.getStart();
                    LocalDate until = p.getEnd() == null || !p.getEnd().isAfter(from) ? from.plusDays(1) : p.getEnd();
                    // Only the window's days: a DTEND a century later is not a century of work.
                    LocalDate d = from.isBefore(first) ? first : from;
                    LocalDate stop = until.isAfter(end) ? end : until;
                    for (; d.isBefore(stop); d = d.plusDays(1)) {
                        allDay.putIfAbsent(d, summary);
                        count(event, null);
                    }
                }
            } else if (start instanceof LocalDateTime) {
                // A floating time: the team's own clock.
                for (Period<LocalDateTime> p : event.<LocalDateTime>calculateRecurrenceSet(
                        new Period<>(first.minusDays(1).atStartOfDay(), end.atStartOfDay()))) {
                    LocalDateTime until = p.getEnd() == null ? p.getStart() : p.getEnd();
                    floating.add(new FloatingSpan(summary, p.getStart(), until));
                    count(event, null);
                }
            } else {
                ZonedDateTime from = first.atStartOfDay(ZoneOffset.UTC).minusDays(1);
                ZonedDateTime to = end.atStartOfDay(ZoneOffset.UTC).plusDays(1);
                for (Period<Temporal> p : event.<Temporal>calculateRecurrenceSet(new Period<>(from, to))) {
                    Instant s = Instant.from(p.getStart());
                    Instant e = p.getEnd() == null ? s : Instant.from(p.getEnd());
                    absolute.add(new Closure(summary, null, s, e));
                    count(event, null);
                }
            }
        }

        /**
         * Refuses a rule ical4j could not expand within the bounds: a COUNT it would have to walk from DTSTART, BY
         * parts it would build as one huge candidate set, or more instances in the window than a calendar may have.
         */
        @SuppressWarnings({"rawtypes", "unchecked"})
        private void checkRule(VEvent event, RRule<?> rule, Temporal start) {
            Recur<?> recur = rule.getRecur();
            if (recur.getCount() > MAX_CLOSURES) {
                throw refused(event, rule, "COUNT=" + recur.getCount() + " is more than the " + MAX_CLOSURES
                        + " closures a holiday calendar may have");
            }
            long combinations = (long) size(recur.getMonthList()) * size(recur.getWeekNoList())
                    * size(recur.getYearDayList()) * size(recur.getMonthDayList()) * size(recur.getDayList())
                    * size(recur.getHourList()) * size(recur.getMinuteList()) * size(recur.getSecondList());
            if (combinations > MAX_RULE_COMBINATIONS) {
                throw refused(event, rule, "its BY parts combine to " + combinations + " dates per period; at most "
                        + MAX_RULE_COMBINATIONS + " are accepted");
            }
            Temporal lo;
            Temporal hi;
            if (start instanceof LocalDate) {
                lo = first.minusDays(14);
                hi = end;
            } else if (start instanceof LocalDateTime) {
                lo = first.minusDays(1).atStartOfDay();
                hi = end.atStartOfDay();
            } else {
                lo = first.atStartOfDay(ZoneOffset.UTC).minusDays(1);
                hi = end.atStartOfDay(ZoneOffset.UTC).plusDays(1);
            }
            int room = MAX_CLOSURES - closures;
            Iterator<?> dates = ((Recur) recur).getDatesAsStream(start, lo, hi, room + 1).iterator();
            int n = 0;
            while (dates.hasNext()) {
                dates.next();
                if (++n > room) {
                    throw refused(event, rule, "it repeats more than " + room + " more times between " + first
                            + " and " + end.minusDays(1) + "; a holiday calendar may have at most " + MAX_CLOSURES
                            + " closures in that window");
                }
                checkTime(event, rule);
            }
        }

        private void count(VEvent event, RRule<?> rule) {
            if (++closures > MAX_CLOSURES) {
                throw new IllegalArgumentException("the calendar has more than " + MAX_CLOSURES + " closures between "
                        + first + " and " + end.minusDays(1) + " (the event " + describe(event)
                        + " passes the limit); split it or remove old or repeating events");
            }
            checkTime(event, rule);
        }

        private void checkTime(VEvent event, RRule<?> rule) {
            if (System.nanoTime() - deadline > 0) {
                String why = "expanding the calendar took longer than " + MAX_EXPANSION.toSeconds() + " s";
                throw rule == null ? new IllegalArgumentException("the event " + describe(event) + ": " + why)
                        : refused(event, rule, why);
            }
        }

        private static int size(List<?> values) {
            return values == null || values.isEmpty() ? 1 : values.size();
        }

        private static IllegalArgumentException refused(VEvent event, RRule<?> rule, String why) {
            return new IllegalArgumentException("the event " + describe(event) + " has RRULE:" + rule.getValue()
                    + ", refused: " + why);
        }
    }

    /**
     * Where and why ical4j stopped: "line 7 (DTSTART): Text '2025x101' could not be parsed at index 4". The property
     * is read from the line ical4j names (its logical line, if that one is a folded continuation).
     */
    static String where(String text, ParserException e) {
        String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getMessage().replaceFirst("^Error at line \\d+:\\s*", "");
        int line = e.getLineNo();
        if (line <= 0) {
            return why;
        }
        String[] lines = text.split("\\r?\\n", -1);
        int at = Math.min(line, lines.length) - 1;
        while (at > 0 && (lines[at].startsWith(" ") || lines[at].startsWith("\t"))) {
            at--;
        }
        String property = at >= 0 ? lines[at].split("[;:]", 2)[0].strip() : "";
        boolean named = property.matches("[A-Za-z][A-Za-z0-9-]{0,40}") && at >= 0 && lines[at].matches("^[^;:]+[;:].*");
        return "line " + line + (named ? " (" + property.toUpperCase(java.util.Locale.ROOT) + ")" : "") + ": " + why;
    }

    /** How errors name an event: 'New Year' (UID 1@example.com). */
    static String describe(VEvent event) {
        String uid = event.getUid().map(u -> " (UID " + u.getValue() + ")").orElse("");
        return "'" + summary(event) + "'" + uid;
    }

    private static String summary(VEvent event) {
        return event.getSummary() == null ? "holiday" : event.getSummary().getValue();
    }
}
