package io.meridian.search;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * A search as the API and the console's search form ask for it: {@code q}, and the filters {@code status}
 * ({@code open} or {@code closed}), {@code team}, {@code channel}, {@code language}, {@code region}, {@code agent},
 * {@code tag}, {@code from} and {@code to} (days, {@code YYYY-MM-DD}, in the asker's time zone; both included). An
 * empty parameter is no filter.
 */
final class SearchParameters {

    static final int MAX_QUERY_CHARS = 500;
    /** Most words and phrases in {@code q}, and most words in one phrase: each costs a pass over the index. */
    static final int MAX_CLAUSES = 16;
    private static final int MAX_VALUE_CHARS = 200;

    private SearchParameters() {
    }

    /** The query, or an IllegalArgumentException saying which parameter is wrong and why. */
    static ConversationQuery parse(MultiMap params, ZoneId zone) {
        String q = value(params, "q", MAX_QUERY_CHARS);
        if (q != null) {
            List<String> clauses = new ConversationQuery(q, null, null, null, null, null, null, null, null, null)
                    .clauses();
            if (clauses.size() > MAX_CLAUSES) {
                throw new IllegalArgumentException("q must have at most " + MAX_CLAUSES + " words and phrases");
            }
            if (clauses.stream().anyMatch(c -> c.strip().split("\\s+").length > MAX_CLAUSES)) {
                throw new IllegalArgumentException("a phrase in q must have at most " + MAX_CLAUSES + " words");
            }
        }
        String status = value(params, "status", MAX_VALUE_CHARS);
        if (status != null) {
            status = status.toUpperCase(Locale.ROOT);
            if (!status.equals("OPEN") && !status.equals("CLOSED")) {
                throw new IllegalArgumentException("status must be 'open' or 'closed'");
            }
        }
        Instant from = day(params, "from", zone, 0);
        Instant to = day(params, "to", zone, 1);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
        return new ConversationQuery(q, status, value(params, "team", MAX_VALUE_CHARS),
                value(params, "channel", MAX_VALUE_CHARS), value(params, "language", MAX_VALUE_CHARS),
                value(params, "region", MAX_VALUE_CHARS), value(params, "agent", MAX_VALUE_CHARS),
                tag(value(params, "tag", MAX_VALUE_CHARS)), from, to);
    }

    /** Tags are kept in lower case (routing's contact tags). */
    private static String tag(String tag) {
        return tag == null ? null : tag.toLowerCase(Locale.ROOT);
    }

    private static String value(MultiMap params, String name, int maxChars) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > maxChars) {
            throw new IllegalArgumentException(name + " must be at most " + maxChars + " characters");
        }
        return v.strip();
    }

    private static Instant day(MultiMap params, String name, ZoneId zone, int plusDays) {
        String v = value(params, name, 10);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v).plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a day as YYYY-MM-DD");
        }
    }
}
