package io.meridian.widget;

import java.util.Optional;

/** Which node of the cluster serves which legal region, as the widget's relay needs to know it. */
public interface RegionNodes {

    /** This node's id in the cluster; null when the node is not clustered. */
    String self();

    /** The member that serves {@code region} now, if one is in the cluster. */
    Optional<String> serving(String region);

    /** Whether {@code nodeId} is a member of the cluster now. */
    boolean member(String nodeId);

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
        };
    }
}
