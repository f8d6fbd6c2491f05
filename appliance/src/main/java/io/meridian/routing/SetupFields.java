package io.meridian.routing;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reading the fields of a setup document for {@link SetupParser}: typed values, day names, business-hours intervals,
 * language codes and unknown keys, each problem as a {@link RoutingSetupException} naming the source, the field path
 * and what was expected.
 */
final class SetupFields {

    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");

    private final String source;

    SetupFields(String source) {
        this.source = source;
    }

    List<ShiftInterval> intervals(Object value, String field) {
        List<String> texts = new ArrayList<>();
        if (value instanceof String s) {
            if (!s.isBlank() && !s.strip().equalsIgnoreCase("closed")) {
                for (String part : s.split(",")) {
                    texts.add(part);
                }
            }
        } else {
            texts.addAll(strings(value, field));
        }
        List<ShiftInterval> out = new ArrayList<>();
        for (String text : texts) {
            try {
                out.add(ShiftInterval.parse(text));
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }
        return out;
    }

    List<DayOfWeek> days(String key, String field) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        if (k.equals("daily") || k.equals("every-day")) {
            return List.of(DayOfWeek.values());
        }
        String[] ends = k.split("-");
        if (ends.length > 2) {
            throw error(field, "expected a day (mon ... sun), a range such as mon-fri, or daily");
        }
        DayOfWeek from = day(ends[0], field);
        DayOfWeek to = ends.length == 2 ? day(ends[1], field) : from;
        List<DayOfWeek> out = new ArrayList<>();
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            out.add(d);
            if (d == to) {
                return out;
            }
        }
    }

    DayOfWeek day(String s, String field) {
        return switch (s) {
            case "mon" -> DayOfWeek.MONDAY;
            case "tue" -> DayOfWeek.TUESDAY;
            case "wed" -> DayOfWeek.WEDNESDAY;
            case "thu" -> DayOfWeek.THURSDAY;
            case "fri" -> DayOfWeek.FRIDAY;
            case "sat" -> DayOfWeek.SATURDAY;
            case "sun" -> DayOfWeek.SUNDAY;
            default -> throw error(field, "'" + s + "' is not a day; expected mon, tue, wed, thu, fri, sat or sun");
        };
    }

    String language(String tag, String field) {
        if (tag == null || !LANGUAGE.matcher(tag.strip()).matches()) {
            throw error(field, "expected a language code such as en, es or zh-CN, got '" + tag + "'");
        }
        return SetupParser.primaryLanguage(tag);
    }

    void unknownKeys(Map<String, Object> m, Set<String> known, String at) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw error(at.isEmpty() ? k : at + "." + k, "unknown field; expected one of "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String field) {
        if (!(value instanceof Map<?, ?> m)) {
            throw error(field, "expected a mapping of fields");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw error(field, "expected a list");
        }
        return (List<Object>) l;
    }

    List<String> strings(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list(value, field)) {
            if (!(o instanceof String) && !(o instanceof Number)) {
                throw error(field, "expected a list of words");
            }
            out.add(String.valueOf(o).strip());
        }
        return out;
    }

    String string(Object value, String field, boolean required) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                throw error(field, "is required");
            }
            return "";
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw error(field, "expected a text value");
        }
        return String.valueOf(value).strip();
    }

    int integer(Object value, String field, int dflt, int min, int max) {
        if (value == null) {
            return dflt;
        }
        int n;
        if (value instanceof Integer i) {
            n = i;
        } else if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            n = l.intValue();
        } else {
            try {
                n = Integer.parseInt(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                throw error(field, "expected a whole number from " + min + " to " + max + ", got '" + value + "'");
            }
        }
        if (n < min || n > max) {
            throw error(field, "expected a whole number from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    RoutingSetupException error(String field, String problem) {
        return new RoutingSetupException(source, field, problem);
    }
}
