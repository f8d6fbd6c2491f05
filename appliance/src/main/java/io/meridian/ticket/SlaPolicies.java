package io.meridian.ticket;

import io.meridian.staffmail.StaffMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service-level policies of {@code conf/sla.yaml}, in order: the first that matches a ticket is its policy. A
 * missing file means no policies. Anything wrong is refused at start, naming the file, the policy and the key.
 */
public final class SlaPolicies {

    private static final Set<String> KEYS = Set.of("name", "priorities", "teams", "channels", "tags", "regions", "fields",
            "first-reply", "next-reply", "resolution", "hours", "pause-when", "warn-at-percent", "escalate");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,3})d)?(?:(\\d{1,4})h)?(?:(\\d{1,5})m)?");

    private final List<SlaPolicy> policies;
    private final Map<String, List<String>> handover;
    private final Map<String, List<String>> teamLeads;

    public SlaPolicies(List<SlaPolicy> policies) {
        this(policies, Map.of(), Map.of());
    }

    /**
     * With {@code handover}: for a team, the teams its open tickets go to when its day ends, in that order; and
     * {@code teamLeads}: for a team, the addresses a policy's {@code notify: [team-lead]} mails.
     */
    public SlaPolicies(List<SlaPolicy> policies, Map<String, List<String>> handover,
            Map<String, List<String>> teamLeads) {
        this.policies = List.copyOf(policies);
        this.handover = Map.copyOf(handover);
        this.teamLeads = Map.copyOf(teamLeads);
    }

    /** The addresses of a team's leads; none for a team without. */
    public List<String> teamLeads(String teamId) {
        return teamId == null ? List.of() : teamLeads.getOrDefault(teamId, List.of());
    }

    /** Team id to the teams its tickets are handed to at the end of its day, first choice first. */
    public Map<String, List<String>> handover() {
        return handover;
    }

    public List<SlaPolicy> all() {
        return policies;
    }

    /** The first policy for {@code facts}, if any. */
    public Optional<SlaPolicy> of(SlaPolicy.Facts facts) {
        return policies.stream().filter(p -> p.matches(facts)).findFirst();
    }

    /**
     * Reads {@code file}. Blocking. Fails with {@link IllegalArgumentException} naming the file and what is wrong.
     */
    public static SlaPolicies read(Path file) {
        Map<?, ?> top = AdminFile.top(file, Set.of("policies", "handover", "team-leads"));
        Map<String, List<String>> handover = handover(file, top.get("handover"));
        Map<String, List<String>> leads = teamLeads(file, top.get("team-leads"));
        List<?> items = AdminFile.list(file, top, "policies", 500);
        List<SlaPolicy> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(policy(file, i, items.get(i)));
        }
        return new SlaPolicies(out, handover, leads);
    }

    /** {@code team-leads: {emea: lead.emea@example.com, americas: [a@example.com, b@example.com]}}. */
    private static Map<String, List<String>> teamLeads(Path file, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ", key 'team-leads': expected a mapping of team to an address "
                    + "or a list of addresses, e.g. emea: lead.emea@example.com");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String where = file + ", key 'team-leads." + e.getKey() + "'";
            List<?> given = e.getValue() instanceof List<?> list ? list : List.of(String.valueOf(e.getValue()));
            List<String> addresses = new ArrayList<>();
            for (Object a : given) {
                if (!StaffMail.isAddress(String.valueOf(a))) {
                    throw new IllegalArgumentException(where + ": expected e-mail addresses, got '" + a + "'");
                }
                addresses.add(String.valueOf(a));
            }
            if (addresses.isEmpty() || addresses.size() > 20) {
                throw new IllegalArgumentException(where + ": expected 1-20 addresses");
            }
            out.put(String.valueOf(e.getKey()), addresses);
        }
        return out;
    }

    private static Map<String, List<String>> handover(Path file, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ", key 'handover': expected a mapping of team to a list of "
                    + "teams, e.g. emea: [americas, apac]");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String team = String.valueOf(e.getKey());
            List<String> to = strings(file + ", key 'handover'", map, team);
            if (to.isEmpty() || to.contains(team)) {
                throw new IllegalArgumentException(file + ", key 'handover." + team + "': expected other teams");
            }
            out.put(team, to);
        }
        return out;
    }

    private static SlaPolicy policy(Path file, int index, Object item) {
        String where = file + ", policy " + (index + 1);
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": expected a mapping");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ", key '" + key + "': unknown; known keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String name = text(where, map, "name");
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException(where + ", key 'name': expected 1-100 characters");
        }
        return policy(file + ", policy '" + name + "'", name, map);
    }

    private static SlaPolicy policy(String where, String name, Map<?, ?> map) {
        Map<String, Duration> targets = new LinkedHashMap<>();
        for (String target : List.of(SlaPolicy.FIRST_REPLY, SlaPolicy.NEXT_REPLY, SlaPolicy.RESOLUTION)) {
            String value = text(where, map, target);
            if (value != null) {
                targets.put(target, duration(where + ", key '" + target + "'", value));
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(where + ": give at least one of first-reply, next-reply, resolution");
        }
        String hours = Optional.ofNullable(text(where, map, "hours")).orElse("business");
        if (!hours.equals("business") && !hours.equals("calendar")) {
            throw new IllegalArgumentException(where + ", key 'hours': expected business or calendar, got '"
                    + hours + "'");
        }
        List<String> priorities = strings(where, map, "priorities");
        priorities.forEach(p -> check(where + ", key 'priorities'", () -> TicketPriority.parse(p)));
        List<String> pauseWhen = map.containsKey("pause-when") ? strings(where, map, "pause-when")
                : List.of("pending", "on-hold");
        for (String s : pauseWhen) {
            if (!s.equals("pending") && !s.equals("on-hold")) {
                throw new IllegalArgumentException(where + ", key 'pause-when': expected pending and/or on-hold, got '"
                        + s + "'");
            }
        }
        int warnAt = 75;
        if (map.containsKey("warn-at-percent")) {
            if (!(map.get("warn-at-percent") instanceof Integer n) || n < 1 || n > 99) {
                throw new IllegalArgumentException(where + ", key 'warn-at-percent': expected a whole number 1-99");
            }
            warnAt = n;
        }
        String escalatePriority = null;
        String escalateTeam = null;
        List<String> notify = List.of();
        if (map.containsKey("escalate")) {
            if (!(map.get("escalate") instanceof Map<?, ?> escalate)
                    || !escalate.keySet().stream().allMatch(k -> Set.of("priority", "team", "notify").contains(k))) {
                throw new IllegalArgumentException(where + ", key 'escalate': expected a mapping of priority, team "
                        + "and/or notify");
            }
            notify = strings(where, escalate, "notify");
            for (String n : notify) {
                if (!SlaPolicy.TEAM_LEAD.equals(n) && !StaffMail.isAddress(n)) {
                    throw new IllegalArgumentException(where + ", key 'escalate.notify': expected team-lead or "
                            + "e-mail addresses, got '" + n + "'");
                }
            }
            escalatePriority = text(where, escalate, "priority");
            if (escalatePriority != null) {
                String p = escalatePriority;
                check(where + ", key 'escalate.priority'", () -> TicketPriority.parse(p));
            }
            escalateTeam = text(where, escalate, "team");
        }
        return new SlaPolicy(name, Set.copyOf(priorities), Set.copyOf(strings(where, map, "teams")),
                Set.copyOf(strings(where, map, "channels")), Set.copyOf(strings(where, map, "tags")),
                Set.copyOf(strings(where, map, "regions")), fieldConditions(where, map.get("fields")), targets, hours.equals("business"), Set.copyOf(pauseWhen),
                warnAt, escalatePriority, escalateTeam, notify);
    }

    /** {@code fields: {product: [washer, dryer], warranty: true}}: a field's key to the values it may have. */
    private static Map<String, Set<String>> fieldConditions(String where, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ", key 'fields': expected a mapping of custom field keys to "
                    + "a value or a list of values, e.g. {product: [washer, dryer]}");
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            List<?> values = v instanceof List<?> list ? list : v == null ? List.of() : List.of(v);
            if (values.isEmpty() || !values.stream().allMatch(x -> x instanceof String || x instanceof Number
                    || x instanceof Boolean)) {
                throw new IllegalArgumentException(where + ", key 'fields." + e.getKey() + "': expected a value or "
                        + "a list of values");
            }
            out.put(String.valueOf(e.getKey()), Set.copyOf(values.stream().map(String::valueOf).toList()));
        }
        return out;
    }

    /**
     * Checks the policies' field conditions against the custom fields: each must name a field that is not free text
     * (text is sealed personal data) and give values it can hold. Fails naming the file, the policy and the key.
     */
    void checkFields(Path file, TicketFields fields) {
        for (SlaPolicy p : policies) {
            for (Map.Entry<String, Set<String>> f : p.fields().entrySet()) {
                String where = file + ", policy '" + p.name() + "', key 'fields." + f.getKey() + "'";
                TicketField field = fields.field(f.getKey()).orElseThrow(() -> new IllegalArgumentException(where
                        + ": no custom field '" + f.getKey() + "'"));
                if (field.type() == TicketField.Type.TEXT) {
                    throw new IllegalArgumentException(where + ": a text field cannot choose a policy; use a "
                            + "drop-down or checkbox");
                }
                for (String v : f.getValue()) {
                    check(where, () -> field.normalised(v));
                }
            }
        }
    }

    /** {@code 30m}, {@code 4h}, {@code 2d}, {@code 1h30m}: at least a minute, at most a year. */
    static Duration duration(String where, String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException(where + ": expected a duration such as 30m, 4h, 2d or 1h30m, got '"
                    + text + "'");
        }
        Duration d = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3)));
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException(where + ": expected from 1 minute to 365 days, got '" + text + "'");
        }
        return d;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static String text(String where, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw new IllegalArgumentException(where + ", key '" + key + "': expected text");
        }
        return String.valueOf(value);
    }

    private static List<String> strings(String where, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
            throw new IllegalArgumentException(where + ", key '" + key + "': expected a list of text");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static void check(String where, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
