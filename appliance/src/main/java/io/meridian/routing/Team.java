package io.meridian.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A team that takes conversations: its region, calendar (zone, hours, holidays), the languages and skills it serves,
 * and its place in the overflow order (lower {@code overflowRank} is asked first; follow-the-sun setups rank the
 * regions so that whichever is open takes new work). {@code reviewOutgoing} is the team's choice whether its agents
 * check the outgoing translation of a reply before it is sent (null: the node-wide setting). {@code names} holds the
 * team's name in other languages (language tag to name), for customers and agents who read them.
 */
public record Team(String id, String name, String region, BusinessCalendar calendar, Set<String> languages,
        Set<String> skills, int overflowRank, List<String> calendarNames, Boolean reviewOutgoing,
        Map<String, String> names) {

    public Team {
        // In the admin's order, as the Teams form shows them again.
        names = names == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    /** A team with no names in other languages. */
    public Team(String id, String name, String region, BusinessCalendar calendar, Set<String> languages,
            Set<String> skills, int overflowRank, List<String> calendarNames, Boolean reviewOutgoing) {
        this(id, name, region, calendar, languages, skills, overflowRank, calendarNames, reviewOutgoing, Map.of());
    }

    /** A team that follows the node-wide {@code translation.review-outgoing}. */
    public Team(String id, String name, String region, BusinessCalendar calendar, Set<String> languages,
            Set<String> skills, int overflowRank, List<String> calendarNames) {
        this(id, name, region, calendar, languages, skills, overflowRank, calendarNames, null);
    }

    /**
     * The team's name for a reader of {@code language} (a tag such as ja or zh-TW): its name in that language (the
     * exact tag, else the same language), else its name.
     */
    public String nameIn(String language) {
        if (language == null || names.isEmpty()) {
            return name;
        }
        String exact = names.get(language);
        if (exact != null) {
            return exact;
        }
        String primary = language.split("-")[0];
        return names.entrySet().stream().filter(e -> e.getKey().split("-")[0].equalsIgnoreCase(primary))
                .map(Map.Entry::getValue).sorted().findFirst().orElse(name);
    }

    /**
     * Whether the team's agents check the outgoing translation of a reply before it is sent: the team's own
     * {@code review-outgoing}, else {@code nodeDefault}.
     */
    public boolean reviewsOutgoing(boolean nodeDefault) {
        return reviewOutgoing == null ? nodeDefault : reviewOutgoing;
    }

    /** The language the team reads first (its first listed language), or null if it lists none. */
    public String firstLanguage() {
        return languages.isEmpty() ? null : languages.iterator().next();
    }

    /** Whether the team serves {@code language} (a primary subtag such as es); an unknown language fits any team. */
    public boolean speaks(String language) {
        return language == null || language.isEmpty() || languages.isEmpty() || languages.contains(language);
    }

    public boolean hasSkill(String skill) {
        return skill == null || skill.isEmpty() || skills.contains(skill);
    }
}
