package io.meridian.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node of the cluster serves which legal region: what the widget's relay and reading across regions ask.
 * {@link ClusterMembers} answers it; {@link #alone()} is a node that is not clustered.
 */
public interface RegionNodes {

    /** This node's id in the cluster; null when the node is not clustered. */
    String self();

    /** The member that serves {@code region} now, if one is in the cluster. */
    Optional<String> serving(String region);

    /** Whether {@code nodeId} is a member of the cluster now. */
    boolean member(String nodeId);

    /** The regions other members serve now, sorted. */
    List<String> otherRegions();

    /** The teams open now in each other region, as its node last told (refreshed every few seconds). */
    Map<String, List<ClusterMembers.OpenTeam>> openTeams();

    /** A node that is not clustered: every visitor is served here. */
    static RegionNodes alone() {
        return new RegionNodes() {
            @Override
            public String self() {
                return null;
            }

            @Override
            public Optional<String> serving(String region) {
                return Optional.empty();
            }

            @Override
            public boolean member(String nodeId) {
                return false;
            }

            @Override
            public List<String> otherRegions() {
                return List.of();
            }

            @Override
            public Map<String, List<ClusterMembers.OpenTeam>> openTeams() {
                return Map.of();
            }
        };
    }
}
