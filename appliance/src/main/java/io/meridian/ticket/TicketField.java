package io.meridian.ticket;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A custom field admins define for tickets ({@code conf/ticket-fields.yaml}): its key, type, label per console
 * language, the options of a drop-down (value and label per language), and the statuses a ticket may only take with
 * a value in it.
 */
public record TicketField(String key, Type type, Map<String, String> labels, List<Option> options,
        Set<String> requiredFor) {

    /** What a field holds. */
    public enum Type {
        TEXT, NUMBER, DROPDOWN, DATE, CHECKBOX;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One choice of a drop-down. */
    public record Option(String value, Map<String, String> labels) {

        public String label(String language) {
            return TicketField.in(labels, language, value);
        }
    }

    /** Longest text value. */
    public static final int MAX_TEXT_CHARS = 200;

    public TicketField {
        labels = Map.copyOf(labels);
        options = List.copyOf(options);
        requiredFor = Set.copyOf(requiredFor);
    }

    /** Whether {@code value} is one of a drop-down's options now (a value stored before may no longer be). */
    public boolean hasOption(String value) {
        return options.stream().anyMatch(o -> o.value().equals(value));
    }

    /** The label in {@code language} (a console language tag), else English, else the key. */
    public String label(String language) {
        return in(labels, language, key);
    }

    /** How {@code value} reads in {@code language}: a drop-down's option label, a checkbox's yes/no code as given. */
    public String shown(String value, String language) {
        if (value == null) {
            return "";
        }
        if (type == Type.DROPDOWN) {
            return options.stream().filter(o -> o.value().equals(value)).findFirst().map(o -> o.label(language))
                    .orElse(value);
        }
        return value;
    }

    /**
     * The value as stored, or null for an empty one; fails with {@link IllegalArgumentException} naming the field
     * for a value of the wrong kind.
     */
    public String normalised(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        switch (type) {
            case TEXT -> {
                if (v.codePointCount(0, v.length()) > MAX_TEXT_CHARS || v.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException(key + " must be one line of at most " + MAX_TEXT_CHARS
                            + " characters");
                }
                return v;
            }
            case NUMBER -> {
                try {
                    BigDecimal n = new BigDecimal(v);
                    if (n.precision() > 30) {
                        throw new NumberFormatException();
                    }
                    return n.stripTrailingZeros().toPlainString();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a number, got '" + cut(v) + "'");
                }
            }
            case DATE -> {
                try {
                    return LocalDate.parse(v).toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + " must be a date as 2026-12-24, got '" + cut(v) + "'");
                }
            }
            case CHECKBOX -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw new IllegalArgumentException(key + " must be true or false");
                }
                return v;
            }
            default -> {
                if (options.stream().noneMatch(o -> o.value().equals(v))) {
                    throw new IllegalArgumentException(key + " must be one of " + String.join(", ",
                            options.stream().map(Option::value).toList()));
                }
                return v;
            }
        }
    }

    private static String cut(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    static String in(Map<String, String> labels, String language, String fallback) {
        if (language != null) {
            String exact = labels.get(language);
            if (exact != null) {
                return exact;
            }
            String base = labels.get(language.split("-")[0]);
            if (base != null) {
                return base;
            }
        }
        return labels.getOrDefault("en", fallback);
    }
}
