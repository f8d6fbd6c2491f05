package io.meridian.routing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A team's weekly business hours (several intervals a day, some crossing midnight) and its date overrides (a date
 * with other hours, or closed). Validated on construction: no interval may overlap another, including the part of a
 * midnight-crossing interval that runs into the next day.
 */
public final class OpeningHours {

    private final Map<DayOfWeek, List<ShiftInterval>> weekly;
    private final Map<LocalDate, List<ShiftInterval>> overrides;

    /** Fails with {@link IllegalArgumentException} naming the day whose hours overlap, or if the week is empty. */
    public OpeningHours(Map<DayOfWeek, List<ShiftInterval>> weekly, Map<LocalDate, List<ShiftInterval>> overrides) {
        EnumMap<DayOfWeek, List<ShiftInterval>> w = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            w.put(d, sorted(weekly.getOrDefault(d, List.of())));
        }
        if (w.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("the business hours are empty: give at least one interval on one day");
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            checkNoOverlap(d.toString().toLowerCase(java.util.Locale.ROOT), w.get(d), w.get(d.plus(1)));
        }
        TreeMap<LocalDate, List<ShiftInterval>> o = new TreeMap<>();
        overrides.forEach((date, list) -> {
            List<ShiftInterval> s = sorted(list);
            checkNoOverlap(date.toString(), s, List.of());
            o.put(date, s);
        });
        this.weekly = w;
        this.overrides = o;
    }

    /** The intervals that start on {@code date}: its override if it has one, else its weekday's hours. */
    public List<ShiftInterval> on(LocalDate date) {
        List<ShiftInterval> override = overrides.get(date);
        return override != null ? override : weekly.get(date.getDayOfWeek());
    }

    public Map<DayOfWeek, List<ShiftInterval>> weekly() {
        return weekly;
    }

    public Map<LocalDate, List<ShiftInterval>> overrides() {
        return overrides;
    }

    private static List<ShiftInterval> sorted(List<ShiftInterval> list) {
        List<ShiftInterval> s = new ArrayList<>(list);
        s.sort(Comparator.comparingInt(ShiftInterval::startMinute));
        return List.copyOf(s);
    }

    private static void checkNoOverlap(String day, List<ShiftInterval> today, List<ShiftInterval> tomorrow) {
        for (int i = 1; i < today.size(); i++) {
            if (today.get(i).startMinute() < today.get(i - 1).endMinute()) {
                throw new IllegalArgumentException("on " + day + " the intervals " + today.get(i - 1) + " and "
                        + today.get(i) + " overlap");
            }
        }
        if (!today.isEmpty()) {
            ShiftInterval last = today.get(today.size() - 1);
            if (last.endMinute() > 1440 && !tomorrow.isEmpty() && tomorrow.get(0).startMinute() < last.endMinute() - 1440) {
                throw new IllegalArgumentException("on " + day + " the interval " + last
                        + " runs past midnight into the next day's " + tomorrow.get(0));
            }
        }
    }
}
