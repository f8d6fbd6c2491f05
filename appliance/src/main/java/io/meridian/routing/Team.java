package io.meridian.routing;

import java.util.List;
import java.util.Set;

/**
 * A team that takes conversations: its region, calendar (zone, hours, holidays), the languages and skills it serves,
 * and its place in the overflow order (lower {@code overflowRank} is asked first; follow-the-sun setups rank the
 * regions so that whichever is open takes new work).
 */
public record Team(String id, String name, String region, BusinessCalendar calendar, Set<String> languages,
        Set<String> skills, int overflowRank, List<String> calendarNames) {

    /** Whether the team serves {@code language} (a primary subtag such as es); an unknown language fits any team. */
    public boolean speaks(String language) {
        return language == null || language.isEmpty() || languages.isEmpty() || languages.contains(language);
    }

    public boolean hasSkill(String skill) {
        return skill == null || skill.isEmpty() || skills.contains(skill);
    }
}
