package io.meridian.residency;

import io.meridian.inbox.InboxView;
import io.meridian.inbox.OtherRegionsInbox;
import io.meridian.inbox.RegionListing;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Other regions in the inbox: a view per region the cluster has now, counted from what it last told this node
 * ({@link RegionActivity}), listing its open conversations as its node answers the agent ({@link RemoteRegions}: under
 * its policy, and recorded there as any listing).
 */
public final class SharedInbox implements OtherRegionsInbox {

    /** The rail's heading above the regions: the console text of the Other regions page. */
    static final String GROUP = "regions.heading";

    private final RemoteRegions remote;
    private final RegionActivity activity;

    public SharedInbox(RemoteRegions remote, RegionActivity activity) {
        this.remote = remote;
        this.activity = activity;
    }

    @Override
    public List<InboxView> views() {
        return remote.otherRegions().stream().sorted().map(r -> InboxView.named(VIEW_PREFIX + r, r,
                activity.latest(r).map(RegionChanged::open).orElse(-1L), GROUP)).toList();
    }

    @Override
    public Optional<Future<RegionListing>> conversations(SignedInAgent agent, String view) {
        if (view == null || !view.startsWith(VIEW_PREFIX)) {
            return Optional.empty();
        }
        String region = view.substring(VIEW_PREFIX.length());
        return Optional.of(remote.conversations(region, agent).map(answer -> new RegionListing(region,
                answer.getString("access"), answer.getJsonArray("conversations").stream()
                        .map(JsonObject.class::cast).map(c -> RegionPages.conversation(region, c)).toList(), null))
                .otherwise(e -> new RegionListing(region, null, List.of(), RegionPages.problem(e))));
    }
}
