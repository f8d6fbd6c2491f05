package io.meridian.routing;

import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The team and agent-profile forms of the Teams page, to and from the setup document's shape: business hours as one
 * line per day or range ({@code mon-fri: 09:00-12:00, 13:00-17:00}), overrides as one line per date.
 */
final class TeamForms {

    private static final Pattern LINE = Pattern.compile("^([A-Za-z]+(?:-[A-Za-z0-9]+)?|\\d{4}-\\d{2}-\\d{2})\\s*:\\s*(.*)$");

    private TeamForms() {
    }

    /** A team's entry of the setup document from the posted form. */
    static Map<String, Object> team(RoutingContext ctx) {
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("id", ConsolePage.field(ctx, "id").strip());
        putIfGiven(team, "name", ConsolePage.field(ctx, "name"));
        putIfGiven(team, "region", ConsolePage.field(ctx, "region"));
        team.put("time-zone", ConsolePage.field(ctx, "timeZone").strip());
        putIfGiven(team, "overflow-rank", ConsolePage.field(ctx, "overflowRank"));
        putIfGiven(team, "languages", ConsolePage.field(ctx, "languages"));
        putIfGiven(team, "skills", ConsolePage.field(ctx, "skills"));
        putIfGiven(team, "holidays", ConsolePage.field(ctx, "holidays"));
        String review = ConsolePage.field(ctx, "reviewOutgoing").strip();
        if (!review.isEmpty()) { // empty: the node-wide setting; anything but true/false is named by the parser
            team.put("review-outgoing", review.equals("true") || review.equals("false") ? Boolean.valueOf(review) : review);
        }
        team.put("hours", lines(ConsolePage.field(ctx, "hours")));
        Map<String, Object> overrides = lines(ConsolePage.field(ctx, "overrides"));
        if (!overrides.isEmpty()) {
            team.put("overrides", overrides);
        }
        Map<String, Object> names = lines(ConsolePage.field(ctx, "names"));
        if (!names.isEmpty()) {
            team.put("names", names);
        }
        return team;
    }

    /** An agent profile's entry of the setup document from the posted form. */
    static Map<String, Object> profile(RoutingContext ctx) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("username", ConsolePage.field(ctx, "username").strip());
        profile.put("teams", ConsolePage.field(ctx, "teams"));
        profile.put("languages", ConsolePage.field(ctx, "languages"));
        putIfGiven(profile, "skills", ConsolePage.field(ctx, "skills"));
        profile.put("max-conversations", ConsolePage.field(ctx, "maxConversations").strip());
        return profile;
    }

    /** "mon-fri: 09:00-12:00, 13:00-17:00" lines into a mapping; a line of another shape is kept for the parser to name. */
    /** The team's names in other languages as the form shows them: "ja: アジア太平洋", one per line. */
    static String namesText(Map<String, String> names) {
        StringBuilder out = new StringBuilder();
        names.forEach((tag, name) -> out.append(tag).append(": ").append(name).append('\n'));
        return out.toString();
    }

    static Map<String, Object> lines(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                out.put(m.group(1), m.group(2).strip());
            } else {
                out.put(l, "");
            }
        }
        return out;
    }

    static String hoursText(OpeningHours hours) {
        StringBuilder b = new StringBuilder();
        for (DayOfWeek d : DayOfWeek.values()) {
            List<ShiftInterval> list = hours.weekly().get(d);
            if (!list.isEmpty()) {
                b.append(d.toString().substring(0, 3).toLowerCase(Locale.ROOT)).append(": ")
                        .append(list.stream().map(ShiftInterval::toString).collect(Collectors.joining(", "))).append('\n');
            }
        }
        return b.toString().strip();
    }

    static String overridesText(OpeningHours hours) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<LocalDate, List<ShiftInterval>> e : hours.overrides().entrySet()) {
            b.append(e.getKey()).append(": ").append(e.getValue().isEmpty() ? "closed"
                    : e.getValue().stream().map(ShiftInterval::toString).collect(Collectors.joining(", "))).append('\n');
        }
        return b.toString().strip();
    }

    private static void putIfGiven(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value.strip());
        }
    }
}
