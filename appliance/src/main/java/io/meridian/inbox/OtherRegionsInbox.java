package io.meridian.inbox;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Other regions' conversations in the inbox itself, on a node of a cluster across legal regions: one view per other
 * region in the rail (under "Other regions"), with the counts that region last told this node, and its open
 * conversations as its policy lets this region see them, asked of its node when the view is drawn.
 */
public interface OtherRegionsInbox {

    /** How a region's view is named in the URL: {@code ?view=region:eu}. */
    String VIEW_PREFIX = "region:";

    /** One view per other region in the cluster now, in the rail's order; a count of -1 until the region told one. */
    List<InboxView> views();

    /**
     * The conversations of the region {@code view} names, as its node answered {@code agent}; empty if {@code view}
     * is not another region's view. The future does not fail: a region that did not answer is a listing with a
     * problem.
     */
    Optional<Future<RegionListing>> conversations(SignedInAgent agent, String view);

    /** A node outside a cluster: no other regions. */
    static OtherRegionsInbox none() {
        return new OtherRegionsInbox() {
            @Override
            public List<InboxView> views() {
                return List.of();
            }

            @Override
            public Optional<Future<RegionListing>> conversations(SignedInAgent agent, String view) {
                return Optional.empty();
            }
        };
    }
}
