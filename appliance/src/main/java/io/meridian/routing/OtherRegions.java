package io.meridian.routing;

import java.util.List;

/**
 * The other legal regions of a cluster as routing meets them (follow the sun across regions, docs/cluster.md): which
 * have a team open now for a conversation and an agent free there, and whether this region's policy lets them read
 * it. Routing offers a conversation no team of its own region can take now to the first region that may answer it;
 * that region's node picks the agent and takes the conversation here by the same conditional update as any
 * assignment.
 */
public interface OtherRegions {

    /**
     * This node's region, whose teams it serves; null alone. In a cluster a team of another region (its
     * {@code region} in the setup) is served by that region's node, so it is never open here.
     */
    String region();

    /**
     * The regions with a team open now for {@code language} (null: unknown) and {@code skill} (null: none) and an
     * agent free in it, whose agents this region lets read its conversations; best first.
     */
    List<String> mayAnswer(String language, String skill);

    /** The regions with such a team open now whose agents this region does not let read its conversations. */
    List<String> mayNotRead(String language, String skill);

    /**
     * Offers a conversation that waits here to the regions that may answer it now, in turn, until one takes it;
     * completes with whether one did (false at once if none may, or it was offered moments ago).
     */
    io.vertx.core.Future<Boolean> offer(QueuedConversation waiting);

    /** A node alone, or a cluster of one region. */
    OtherRegions NONE = new OtherRegions() {
        @Override
        public String region() {
            return null;
        }

        @Override
        public List<String> mayAnswer(String language, String skill) {
            return List.of();
        }

        @Override
        public List<String> mayNotRead(String language, String skill) {
            return List.of();
        }

        @Override
        public io.vertx.core.Future<Boolean> offer(QueuedConversation waiting) {
            return io.vertx.core.Future.succeededFuture(false);
        }
    };
}
