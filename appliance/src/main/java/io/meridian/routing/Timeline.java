package io.meridian.routing;

import java.time.Instant;
import java.util.List;

/**
 * A conversation's routing as the console shows it: where it stands now, and every routing event and internal note
 * in time order.
 */
public record Timeline(String conversationId, String state, String teamId, String teamName, String agentId,
        String agentName, int priority, String language, List<Entry> entries) {

    /**
     * One line of the timeline. {@code kind} is ASSIGNED, QUEUED, OFF_HOURS, CLAIMED, TRANSFERRED, RELEASED (routing)
     * or NOTE / TRANSFER_NOTE (internal, never shown to the customer).
     */
    public record Entry(Instant at, String kind, String text, String authorName, List<String> mentions) {

        public boolean isNote() {
            return kind.equals("NOTE") || kind.equals("TRANSFER_NOTE");
        }
    }
}
