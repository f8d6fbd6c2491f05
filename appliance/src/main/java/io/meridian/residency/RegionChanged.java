package io.meridian.residency;

import io.meridian.conversation.InboxEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What changed in one region's conversations lately, as its node tells every other region's node (and they their
 * consoles): which conversations had a message, a routing decision or a closing, and how many conversations are
 * open and waiting there now. Ids and counts only, so it carries no personal data across regions; a reader asks the
 * home node for anything more, under its policy.
 *
 * @param conversationIds the conversations changed since the region's last announcement, at most
 *        {@link RegionActivity#MAX_IDS} (empty in a heartbeat, or when more changed: then every open page asks)
 * @param complete whether {@code conversationIds} names every conversation that changed
 */
public record RegionChanged(String region, List<String> conversationIds, boolean complete, long open, long waiting)
        implements InboxEvent {

    public RegionChanged {
        conversationIds = List.copyOf(conversationIds);
    }

    @Override
    public JsonObject inboxFrame() {
        return new JsonObject().put("type", "region.changed").put("region", region)
                .put("conversationIds", new JsonArray(conversationIds)).put("complete", complete)
                .put("open", open).put("waiting", waiting);
    }
}
