package io.meridian.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How routing sees one console account (by username): its teams, languages with proficiency, skills and the most
 * conversations it holds at once.
 */
public record AgentProfile(String username, List<String> teams, Map<String, Proficiency> languages, Set<String> skills,
        int maxConversations) {

    public boolean speaks(String language) {
        return language == null || language.isEmpty() || languages.containsKey(language);
    }

    public boolean hasSkill(String skill) {
        return skill == null || skill.isEmpty() || skills.contains(skill);
    }
}
