package io.meridian.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.cluster.ClusterMembers.OpenTeam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which of another region's open teams would take a conversation, as that region's routing chooses. */
@Timeout(10)
class FollowTheSunTest {

    private static final OpenTeam AMERICAS = new OpenTeam(List.of("en", "es"), List.of("billing"), 2);
    private static final OpenTeam ANY = new OpenTeam(List.of(), List.of(), 1);
    private static final OpenTeam JAPAN = new OpenTeam(List.of("ja"), List.of(), 3);

    /** Verifies language first (every team when none serves it), then the skill, with no team if none has it. */
    @Test
    void teamsForTheLanguageThenTheSkill() {
        assertEquals(List.of(AMERICAS, ANY), FollowTheSun.fitting(List.of(AMERICAS, ANY, JAPAN), "es", null));
        assertEquals(List.of(AMERICAS, ANY, JAPAN), FollowTheSun.fitting(List.of(AMERICAS, ANY, JAPAN), null, null));
        assertEquals(List.of(JAPAN), FollowTheSun.fitting(List.of(AMERICAS, JAPAN), "ja", null));
        assertEquals(List.of(AMERICAS, JAPAN), FollowTheSun.fitting(List.of(AMERICAS, JAPAN), "fr", null),
                "nobody serves French: every team, as that region's routing would");
        assertEquals(List.of(AMERICAS), FollowTheSun.fitting(List.of(AMERICAS, ANY), "en", "billing"));
        assertEquals(List.of(), FollowTheSun.fitting(List.of(AMERICAS, ANY), "en", "legal"),
                "no team with the skill: none, as that region's routing would assign nobody");
    }
}
