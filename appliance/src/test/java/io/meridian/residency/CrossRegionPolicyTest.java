package io.meridian.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.residency.CrossRegionPolicy.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What another region's agent reads under each policy. */
class CrossRegionPolicyTest {

    /**
     * Verifies the policy per pair of regions: listed pairs as configured (spaces and case allowed), one region
     * always allowed to itself, and the default for other pairs.
     */
    @Test
    void policyPerPairOfRegions() {
        CrossRegionPolicy policy = CrossRegionPolicy.parse(List.of("eu>us=masked", "eu > apac = DENY", "us>eu=allow"),
                "deny");
        assertEquals(Access.MASKED, policy.of("eu", "us"));
        assertEquals(Access.DENY, policy.of("eu", "apac"));
        assertEquals(Access.ALLOW, policy.of("us", "eu"));
        assertEquals(Access.DENY, policy.of("apac", "eu"), "a pair not listed: the default");
        assertEquals(Access.ALLOW, policy.of("apac", "apac"));
        assertEquals(Access.MASKED, new CrossRegionPolicy(Map.of(), Access.MASKED).of("us", "apac"));
    }
}
