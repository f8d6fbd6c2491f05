package io.meridian.routing;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a stored {@link Reason} in a console's language: each sentence through the bundle, teams by their name in that
 * language, local times in its format. Text that is not a stored reason (rows from before) is shown as it is.
 */
public final class ReasonText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([0-9])\\}");

    private final Function<String, Optional<Team>> teams;

    /** {@code teams}: the setup's team by id, for its name in the reader's language (else the name stored). */
    ReasonText(Function<String, Optional<Team>> teams) {
        this.teams = teams;
    }

    /** {@code stored} in the language of {@code t}. */
    public String of(String stored, Messages t) {
        if (stored == null || !stored.startsWith("[")) {
            return stored;
        }
        JsonArray sentences;
        try {
            sentences = new JsonArray(stored);
        } catch (DecodeException e) {
            return stored;
        }
        List<String> out = new ArrayList<>();
        for (Object s : sentences) {
            if (s instanceof JsonObject sentence) {
                try {
                    out.add(value(sentence, t));
                } catch (RuntimeException e) {
                    out.add(sentence.encode()); // a damaged value shows as stored rather than failing the page
                }
            }
        }
        return String.join(cjk(t) ? "" : " ", out);
    }

    /** {@code stored} in English: for the REST API and the events, which scripts read. */
    String english(String stored) {
        return of(stored, Messages.of(ConsoleLanguage.EN, ZoneOffset.UTC));
    }

    private String value(Object v, Messages t) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("k")) {
                JsonArray args = o.getJsonArray("a", new JsonArray());
                String pattern = t.get("reason." + o.getString("k"));
                List<String> values = new ArrayList<>();
                for (Object a : args) {
                    values.add(value(a, t));
                }
                return fill(pattern, values);
            }
            if (o.containsKey("team")) {
                String stored = o.getString("n", o.getString("team"));
                return teams.apply(o.getString("team")).map(team -> team.nameIn(t.lang())).orElse(stored);
            }
            if (o.containsKey("t")) {
                ZoneId zone = ZoneId.of(o.getString("z", "UTC"));
                return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(t.language().locale())
                        .format(Instant.ofEpochMilli(o.getLong("t")).atZone(zone)) + " " + zone.getId();
            }
            if (o.containsKey("s")) {
                long s = o.getLong("s");
                if (s < 60) {
                    return t.get("reason.seconds", s);
                }
                return s < 3600 ? t.get("reason.minutes", s / 60) : t.get("reason.hours", s / 3600, s % 3600 / 60);
            }
            if (o.containsKey("list")) {
                List<String> items = new ArrayList<>();
                for (Object item : o.getJsonArray("list")) {
                    items.add(value(item, t));
                }
                return String.join(cjk(t) ? "、" : ", ", items);
            }
            return o.encode();
        }
        if (v instanceof Number n) {
            return NumberFormat.getIntegerInstance(t.language().locale()).format(n.longValue());
        }
        return String.valueOf(v);
    }

    /** Puts {@code values} in the pattern's {0}, {1}…: already shown, so no further formatting. */
    private static String fill(String pattern, List<String> values) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(index < values.size() ? values.get(index) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Chinese and Japanese sentences and lists run on without spaces, with their own comma. */
    private static boolean cjk(Messages t) {
        String lang = t.lang();
        return lang.startsWith("ja") || lang.startsWith("zh");
    }
}
