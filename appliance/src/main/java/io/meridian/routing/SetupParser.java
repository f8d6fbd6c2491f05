package io.meridian.routing;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a routing setup from its document tree (YAML from conf/routing.yaml, or the JSON stored in the database:
 * the same tree) and checks it whole. Every problem names the source, the field path and what was expected; unknown
 * fields are refused, like in conf/meridian.yaml, so a typo cannot silently change routing.
 */
public final class SetupParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> TOP = Set.of("teams", "agents", "queue");
    private static final Set<String> TEAM = Set.of("id", "name", "region", "time-zone", "overflow-rank", "languages",
            "skills", "hours", "overrides", "holidays", "review-outgoing", "names");
    private static final Set<String> AGENT = Set.of("username", "teams", "languages", "skills", "max-conversations");
    private static final Set<String> QUEUE = Set.of("default-priority", "rules");
    private static final Set<String> RULE = Set.of("name", "tag", "channel", "keywords", "priority", "skill");
    static final int MAX_CONVERSATIONS = 100;

    private final SetupFields fields;
    private final Map<String, HolidayCalendar> calendars;

    private SetupParser(String source, Map<String, HolidayCalendar> calendars) {
        this.fields = new SetupFields(source);
        this.calendars = calendars;
    }

    /** Parses {@code document}; {@code source} names it in errors (a file path, or "console"). */
    public static RoutingSetup parse(String source, Map<String, Object> document, Map<String, HolidayCalendar> calendars) {
        return new SetupParser(source, calendars).setup(document == null ? Map.of() : document);
    }

    /** The primary language subtag in lower case: es-MX gives es, zh-Hant-TW gives zh. */
    public static String primaryLanguage(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.strip().replace('_', '-');
        int dash = t.indexOf('-');
        return (dash < 0 ? t : t.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    private RoutingSetup setup(Map<String, Object> doc) {
        fields.unknownKeys(doc, TOP, "");
        List<Team> teams = new ArrayList<>();
        Set<String> teamIds = new HashSet<>();
        List<Object> teamList = fields.list(doc.get("teams"), "teams");
        for (int i = 0; i < teamList.size(); i++) {
            Map<String, Object> t = fields.map(teamList.get(i), "teams[" + i + "]");
            Team team = team(t, i);
            if (!teamIds.add(team.id())) {
                throw fields.error("teams[" + team.id() + "].id", "the team id '" + team.id() + "' is used twice");
            }
            teams.add(team);
        }
        Map<String, AgentProfile> agents = new LinkedHashMap<>();
        List<Object> agentList = fields.list(doc.get("agents"), "agents");
        for (int i = 0; i < agentList.size(); i++) {
            AgentProfile a = agent(fields.map(agentList.get(i), "agents[" + i + "]"), i, teamIds);
            if (agents.put(a.username(), a) != null) {
                throw fields.error("agents[" + a.username() + "].username", "the agent '" + a.username() + "' is listed twice");
            }
        }
        int defaultPriority = 0;
        List<QueueRule> rules = new ArrayList<>();
        if (doc.get("queue") != null) {
            Map<String, Object> q = fields.map(doc.get("queue"), "queue");
            fields.unknownKeys(q, QUEUE, "queue");
            defaultPriority = fields.integer(q.get("default-priority"), "queue.default-priority", 0, -1000, 1000);
            List<Object> ruleList = fields.list(q.get("rules"), "queue.rules");
            for (int i = 0; i < ruleList.size(); i++) {
                rules.add(rule(fields.map(ruleList.get(i), "queue.rules[" + i + "]"), "queue.rules[" + i + "]"));
            }
        }
        Map<String, HolidayCalendar> used = new HashMap<>();
        teams.forEach(t -> t.calendarNames().forEach(n -> used.put(n, calendars.get(n))));
        return new RoutingSetup(teams, agents, rules, defaultPriority, used, doc);
    }

    private Team team(Map<String, Object> t, int index) {
        String id = fields.string(t.get("id"), "teams[" + index + "].id", true);
        String at = "teams[" + id + "]";
        if (!ID.matcher(id).matches()) {
            throw fields.error(at + ".id", "expected lower-case letters, digits, - and _ (at most 64), got '" + id + "'");
        }
        fields.unknownKeys(t, TEAM, at);
        String name = t.get("name") == null ? id : fields.string(t.get("name"), at + ".name", true);
        String region = t.get("region") == null ? "" : fields.string(t.get("region"), at + ".region", false);
        String zoneText = fields.string(t.get("time-zone"), at + ".time-zone", true);
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw fields.error(at + ".time-zone", "unknown time zone '" + zoneText
                    + "'; expected an IANA zone such as America/New_York or Europe/Berlin");
        }
        int rank = fields.integer(t.get("overflow-rank"), at + ".overflow-rank", 100, 0, 10_000);
        Set<String> languages = new LinkedHashSet<>();
        for (String l : fields.strings(t.get("languages"), at + ".languages")) {
            languages.add(fields.language(l, at + ".languages"));
        }
        Set<String> skills = new LinkedHashSet<>(fields.strings(t.get("skills"), at + ".skills"));
        Map<DayOfWeek, List<ShiftInterval>> weekly = new HashMap<>();
        if (t.get("hours") == null) {
            throw fields.error(at + ".hours", "is required: the team's weekly business hours, e.g. mon-fri: [\"09:00-17:00\"]");
        }
        Map<String, Object> hours = fields.map(t.get("hours"), at + ".hours");
        for (Map.Entry<String, Object> e : hours.entrySet()) {
            String field = at + ".hours." + e.getKey();
            List<ShiftInterval> intervals = fields.intervals(e.getValue(), field);
            for (DayOfWeek d : fields.days(e.getKey(), field)) {
                if (weekly.containsKey(d)) {
                    throw fields.error(field, d.toString().toLowerCase(Locale.ROOT) + " is given twice");
                }
                weekly.put(d, intervals);
            }
        }
        Map<LocalDate, List<ShiftInterval>> overrides = new HashMap<>();
        if (t.get("overrides") != null) {
            for (Map.Entry<String, Object> e : fields.map(t.get("overrides"), at + ".overrides").entrySet()) {
                String field = at + ".overrides." + e.getKey();
                LocalDate date;
                try {
                    date = LocalDate.parse(e.getKey());
                } catch (DateTimeParseException x) {
                    throw fields.error(field, "expected a date like 2026-12-24, got '" + e.getKey() + "'");
                }
                overrides.put(date, fields.intervals(e.getValue(), field));
            }
        }
        OpeningHours opening;
        try {
            opening = new OpeningHours(weekly, overrides);
        } catch (IllegalArgumentException e) {
            throw fields.error(at + ".hours", e.getMessage());
        }
        List<String> calendarNames = fields.strings(t.get("holidays"), at + ".holidays");
        List<HolidayCalendar> holidayCalendars = new ArrayList<>();
        for (String n : calendarNames) {
            HolidayCalendar c = calendars.get(n);
            if (c == null) {
                throw fields.error(at + ".holidays", "no holiday calendar named '" + n + "' (known: "
                        + (calendars.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(calendars.keySet())))
                        + "); put it in the calendars directory or upload it in the console");
            }
            holidayCalendars.add(c);
        }
        Boolean reviewOutgoing = reviewOutgoing(t.get("review-outgoing"), at + ".review-outgoing");
        return new Team(id, name, region, new BusinessCalendar(zone, opening, holidayCalendars), languages, skills, rank,
                List.copyOf(calendarNames), reviewOutgoing, names(t.get("names"), at + ".names"));
    }

    /** The team's name in other languages: a mapping of language tags (ja, zh-TW) to names of 1-100 characters. */
    private Map<String, String> names(Object value, String at) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw fields.error(at, "expected a mapping of language tags to names, e.g. {ja: アジア太平洋, de: Asien}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String tag = String.valueOf(e.getKey()).strip();
            if (!tag.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
                throw fields.error(at, "'" + tag + "' is not a language tag such as ja, de or zh-TW");
            }
            String name = fields.string(e.getValue(), at + "." + tag, true);
            if (name.length() > 100) {
                throw fields.error(at + "." + tag, "at most 100 characters");
            }
            out.put(tag, name);
        }
        return out;
    }

    /** A team's review choice: true or false (YAML booleans or the console form's text); absent: the node's. */
    private Boolean reviewOutgoing(Object value, String at) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw fields.error(at, "expected true or false (or leave it out for the node-wide translation.review-outgoing),"
                + " got '" + value + "'");
    }

    private AgentProfile agent(Map<String, Object> a, int index, Set<String> teamIds) {
        String username = fields.string(a.get("username"), "agents[" + index + "].username", true).toLowerCase(Locale.ROOT);
        String at = "agents[" + username + "]";
        fields.unknownKeys(a, AGENT, at);
        List<String> teams = fields.strings(a.get("teams"), at + ".teams");
        if (teams.isEmpty()) {
            throw fields.error(at + ".teams", "is required: at least one team id");
        }
        for (String t : teams) {
            if (!teamIds.contains(t)) {
                throw fields.error(at + ".teams", "no team '" + t + "' (teams: " + String.join(", ", teamIds) + ")");
            }
        }
        Map<String, Proficiency> languages = new LinkedHashMap<>();
        Object raw = a.get("languages");
        if (raw instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String field = at + ".languages." + e.getKey();
                try {
                    languages.put(fields.language(String.valueOf(e.getKey()), field), Proficiency.parse(String.valueOf(e.getValue())));
                } catch (IllegalArgumentException x) {
                    throw fields.error(field, x.getMessage());
                }
            }
        } else {
            for (String entry : fields.strings(raw, at + ".languages")) {
                String[] parts = entry.split(":", 2);
                Proficiency p;
                try {
                    p = parts.length == 2 ? Proficiency.parse(parts[1]) : Proficiency.FLUENT;
                } catch (IllegalArgumentException x) {
                    throw fields.error(at + ".languages", x.getMessage());
                }
                languages.put(fields.language(parts[0], at + ".languages"), p);
            }
        }
        if (languages.isEmpty()) {
            throw fields.error(at + ".languages", "is required: the languages the agent answers in, e.g. {en: native, es: fluent}");
        }
        Set<String> skills = new LinkedHashSet<>(fields.strings(a.get("skills"), at + ".skills"));
        if (a.get("max-conversations") == null) {
            throw fields.error(at + ".max-conversations", "is required: how many conversations the agent holds at once (1-"
                    + MAX_CONVERSATIONS + ")");
        }
        int max = fields.integer(a.get("max-conversations"), at + ".max-conversations", 0, 1, MAX_CONVERSATIONS);
        return new AgentProfile(username, List.copyOf(teams), languages, skills, max);
    }

    private QueueRule rule(Map<String, Object> r, String at) {
        fields.unknownKeys(r, RULE, at);
        String name = fields.string(r.get("name"), at + ".name", true);
        String tag = r.get("tag") == null ? null : fields.string(r.get("tag"), at + ".tag", true).toLowerCase(Locale.ROOT);
        String channel = r.get("channel") == null ? null : fields.string(r.get("channel"), at + ".channel", true);
        List<String> keywords = fields.strings(r.get("keywords"), at + ".keywords");
        if (tag == null && channel == null && keywords.isEmpty()) {
            throw fields.error(at, "a rule needs a tag, a channel or keywords to match");
        }
        int priority = fields.integer(r.get("priority"), at + ".priority", 0, -1000, 1000);
        String skill = r.get("skill") == null ? null : fields.string(r.get("skill"), at + ".skill", true);
        return new QueueRule(name, tag, channel, List.copyOf(keywords), priority, skill);
    }
}
