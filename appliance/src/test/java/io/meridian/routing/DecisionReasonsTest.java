package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reason lines' counts read as English does: one agent, two agents. */
class DecisionReasonsTest {

    /** Verifies "1 agent" and "2 agents" in the line that says why nobody in an open team could take a conversation. */
    @Test
    void staffCountsAgreeWithTheirNumber() {
        AgentState ana = new AgentState("a", "ana", "Ana");
        ana.presence = Presence.ONLINE;
        AgentState ben = new AgentState("b", "ben", "Ben");
        assertEquals("1 agent, 1 online, 0 at capacity", DecisionReasons.staff(List.of(ana)));
        assertEquals("2 agents, 1 online, 0 at capacity", DecisionReasons.staff(List.of(ana, ben)));
        assertEquals("0 agents, 0 online, 0 at capacity", DecisionReasons.staff(List.of()));
    }
}
