package io.meridian.ticket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service-level policy: which tickets it is for (each condition an allowed set; empty: any) and its targets
 * ({@code first-reply}, {@code next-reply}, {@code resolution}), counted in the open hours of the ticket's team
 * ({@code businessHours}) or in calendar hours; the statuses in which the clocks pause; when to warn (the share of a
 * target used up); and what a breach does (raise the priority, give the ticket to a team; null: nothing; and
 * mail {@code escalateMail} (the file's {@code notify}): addresses, or {@link #TEAM_LEAD} for the leads of the ticket's team).
 * {@code fields} are conditions on custom fields: a field's key to the values (codes) it may have.
 */
public record SlaPolicy(String name, Set<String> priorities, Set<String> teams, Set<String> channels,
        Set<String> tags, Set<String> regions, Map<String, Set<String>> fields, Map<String, Duration> targets,
        boolean businessHours, Set<String> pauseWhen, int warnAtPercent, String escalatePriority,
        String escalateTeam, List<String> escalateMail) {

    /** In {@code notify}: the leads of the ticket's team, as {@code team-leads} in the policy file names them. */
    public static final String TEAM_LEAD = "team-lead";

    public static final String FIRST_REPLY = "first-reply";
    public static final String NEXT_REPLY = "next-reply";
    public static final String RESOLUTION = "resolution";

    public SlaPolicy {
        priorities = Set.copyOf(priorities);
        teams = Set.copyOf(teams);
        channels = Set.copyOf(channels);
        tags = Set.copyOf(tags);
        regions = Set.copyOf(regions);
        fields = Map.copyOf(fields);
        targets = Map.copyOf(targets);
        pauseWhen = Set.copyOf(pauseWhen);
        escalateMail = List.copyOf(escalateMail);
    }

    /** What a policy is chosen by; {@code fields} the ticket's custom field values by key. */
    public record Facts(String priority, String teamId, String channel, Set<String> tags, String region,
            Map<String, String> fields) {

        /** The same ticket after a change of its priority, team or fields. */
        Facts with(String priority, String teamId, Map<String, String> fields) {
            return new Facts(priority, teamId, channel, tags, region, fields);
        }
    }

    /** Whether the ticket described by {@code facts} is one this policy is for. */
    public boolean matches(Facts facts) {
        return allows(priorities, facts.priority()) && allows(teams, facts.teamId())
                && allows(channels, facts.channel()) && allows(regions, facts.region())
                && (tags.isEmpty() || facts.tags().stream().anyMatch(tags::contains))
                && fields.entrySet().stream().allMatch(f -> f.getValue().contains(facts.fields().get(f.getKey())));
    }

    private static boolean allows(Set<String> allowed, String value) {
        return allowed.isEmpty() || value != null && allowed.contains(value);
    }
}
