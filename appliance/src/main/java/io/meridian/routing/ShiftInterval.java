package io.meridian.routing;

import java.time.LocalTime;

/**
 * One stretch of business hours within a day, in the team's local time: from {@code start} to {@code end}. An end at
 * or before the start (22:00-02:00) crosses midnight and closes on the next day; "24:00" is written as end
 * {@link LocalTime#MIDNIGHT} with {@code crossesMidnight}. The interval belongs to the day it starts on.
 */
public record ShiftInterval(LocalTime start, LocalTime end) {

    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    /** Minutes from the start of its day to the start / to the end (past 1440 when crossing midnight). */
    int startMinute() {
        return start.getHour() * 60 + start.getMinute();
    }

    int endMinute() {
        int e = end.getHour() * 60 + end.getMinute();
        return crossesMidnight() ? e + 1440 : e;
    }

    /**
     * Parses "HH:MM-HH:MM" (24-hour clock; "24:00" allowed as an end). Fails with a sentence saying what was expected.
     */
    public static ShiftInterval parse(String text) {
        String t = text == null ? "" : text.strip();
        int dash = t.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("expected an interval like 09:00-17:30, got '" + t + "'");
        }
        LocalTime start = time(t.substring(0, dash).strip(), false, t);
        LocalTime end = time(t.substring(dash + 1).strip(), true, t);
        if (start.equals(end) && !t.substring(dash + 1).strip().equals("24:00")) {
            throw new IllegalArgumentException("the interval '" + t + "' is empty (it starts where it ends)");
        }
        return new ShiftInterval(start, end);
    }

    private static LocalTime time(String s, boolean endOfDayAllowed, String whole) {
        if (endOfDayAllowed && s.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        if (!s.matches("\\d{1,2}:\\d{2}")) {
            throw new IllegalArgumentException("expected an interval like 09:00-17:30, got '" + whole + "'");
        }
        int h = Integer.parseInt(s.substring(0, s.indexOf(':')));
        int m = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("'" + s + "' in '" + whole + "' is not a time of day");
        }
        return LocalTime.of(h, m);
    }

    @Override
    public String toString() {
        String e = end.equals(LocalTime.MIDNIGHT) && start.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString();
        return start + "-" + e;
    }
}
