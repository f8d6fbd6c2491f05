package io.meridian.routing;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.component.VEvent;

/**
 * A holiday calendar read from an iCalendar (.ics) file, as exported by Google Calendar, Outlook or a public holiday
 * feed. Every VEVENT is a closure: an all-day event closes the team on those dates (in the team's own time zone); a
 * timed event closes it from its start to its end. Recurring events (RRULE, RDATE, EXDATE) are expanded by ical4j,
 * one year at a time, on first use of that year.
 */
public final class HolidayCalendar {

    /** A closure found in the calendar: its summary and when. */
    public record Closure(String summary, LocalDate date, Instant from, Instant until) {
    }

    private final String name;
    private final String text;
    private final List<VEvent> events;
    private final Map<ZoneId, Map<Integer, YearIndex>> byYear = new ConcurrentHashMap<>();

    /** One year's closures, indexed for the lookups routing makes on every decision. */
    private record YearIndex(List<Closure> all, Map<LocalDate, Closure> byDate, List<Closure> timed) {
    }

    private HolidayCalendar(String name, String text, List<VEvent> events) {
        this.name = name;
        this.text = text;
        this.events = events;
    }

    /**
     * Parses {@code text}. Fails with {@link IllegalArgumentException} saying what is wrong (with the line where the
     * parser stopped) if it is not iCalendar, or has an event without a start.
     */
    public static HolidayCalendar parse(String name, String text) {
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
                    throw new IllegalArgumentException("the event '" + summary(event) + "' has an unusable DTSTART: "
                            + e.getMessage());
                }
                if (!hasStart) {
                    throw new IllegalArgumentException("the event '" + summary(event) + "' has no DTSTART");
                }
                events.add(event);
            }
        }
        HolidayCalendar parsed = new HolidayCalendar(name, text, List.copyOf(events));
        try {
            parsed.closures(LocalDate.now(ZoneOffset.UTC).getYear(), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its events cannot be expanded: " + e.getMessage());
        }
        return parsed;
    }

    public String name() {
        return name;
    }

    /** The iCalendar text as given. */
    public String text() {
        return text;
    }

    public int eventCount() {
        return events.size();
    }

    /** The all-day closure on {@code date}, if any. */
    public Optional<Closure> closedOn(LocalDate date, ZoneId zone) {
        return Optional.ofNullable(index(date.getYear(), zone).byDate().get(date));
    }

    /** The timed closure in force at {@code instant}, if any (all-day ones are found by {@link #closedOn}). */
    public Optional<Closure> closedAt(Instant instant, ZoneId zone) {
        int year = instant.atZone(zone).getYear();
        for (int y = year - 1; y <= year; y++) {
            for (Closure c : index(y, zone).timed()) {
                if (!instant.isBefore(c.from()) && instant.isBefore(c.until())) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** Every closure starting in {@code year}, all-day ones expanded to one per date. */
    public List<Closure> closures(int year, ZoneId zone) {
        return index(year, zone).all();
    }

    private YearIndex index(int year, ZoneId zone) {
        // All-day dates do not depend on the zone; timed closures are absolute. The zone only places all-day
        // closures on the time line, so the cache key includes it.
        Map<Integer, YearIndex> years = byYear.computeIfAbsent(zone, z -> new ConcurrentHashMap<>());
        YearIndex cached = years.get(year);
        if (cached != null) {
            return cached;
        }
        return years.computeIfAbsent(year, k -> {
            List<Closure> all = expand(year, zone);
            Map<LocalDate, Closure> byDate = new java.util.HashMap<>();
            List<Closure> timed = new ArrayList<>();
            for (Closure c : all) {
                if (c.date() != null) {
                    byDate.putIfAbsent(c.date(), c);
                } else {
                    timed.add(c);
                }
            }
            return new YearIndex(all, Map.copyOf(byDate), List.copyOf(timed));
        });
    }

    private List<Closure> expand(int year, ZoneId zone) {
        List<Closure> out = new ArrayList<>();
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate next = first.plusYears(1);
        for (VEvent event : events) {
            Temporal start = event.getStartDate().get().getDate();
            String summary = summary(event);
            if (start instanceof LocalDate) {
                // Look a little back so a multi-day holiday that began in December still covers early January.
                for (Period<LocalDate> p : event.<LocalDate>calculateRecurrenceSet(
                        new Period<>(first.minusDays(14), next))) {
                    LocalDate from = p.getStart();
                    LocalDate until = p.getEnd() == null || !p.getEnd().isAfter(from) ? from.plusDays(1) : p.getEnd();
                    for (LocalDate d = from; d.isBefore(until); d = d.plusDays(1)) {
                        if (d.getYear() == year) {
                            out.add(new Closure(summary, d, d.atStartOfDay(zone).toInstant(),
                                    d.plusDays(1).atStartOfDay(zone).toInstant()));
                        }
                    }
                }
            } else if (start instanceof LocalDateTime) {
                // A floating time: the team's own clock.
                for (Period<LocalDateTime> p : event.<LocalDateTime>calculateRecurrenceSet(
                        new Period<>(first.atStartOfDay(), next.atStartOfDay()))) {
                    Instant from = p.getStart().atZone(zone).toInstant();
                    Instant until = p.getEnd() == null ? from : p.getEnd().atZone(zone).toInstant();
                    out.add(new Closure(summary, null, from, until));
                }
            } else {
                ZonedDateTime from = first.atStartOfDay(ZoneOffset.UTC).minusDays(1);
                ZonedDateTime to = next.atStartOfDay(ZoneOffset.UTC).plusDays(1);
                for (Period<Temporal> p : event.<Temporal>calculateRecurrenceSet(new Period<>(from, to))) {
                    Instant s = Instant.from(p.getStart());
                    Instant e = p.getEnd() == null ? s : Instant.from(p.getEnd());
                    if (s.atZone(zone).getYear() == year) {
                        out.add(new Closure(summary, null, s, e));
                    }
                }
            }
        }
        out.sort((a, b) -> a.from().compareTo(b.from()));
        return List.copyOf(out);
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

    private static String summary(VEvent event) {
        return event.getSummary() == null ? "holiday" : event.getSummary().getValue();
    }
}
