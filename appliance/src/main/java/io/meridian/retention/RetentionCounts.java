package io.meridian.retention;

import io.vertx.core.json.JsonObject;

/**
 * What a run erased (or, dry, would erase) for one home region: conversations whose transcript went, their
 * messages, files (of those messages or old by themselves) and closed tickets anonymised.
 */
public record RetentionCounts(String region, long conversations, long messages, long attachments, long tickets) {

    public RetentionCounts plus(RetentionCounts o) {
        return new RetentionCounts(region, conversations + o.conversations, messages + o.messages,
                attachments + o.attachments, tickets + o.tickets);
    }

    public boolean none() {
        return conversations == 0 && messages == 0 && attachments == 0 && tickets == 0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("region", region).put("conversations", conversations).put("messages", messages)
                .put("attachments", attachments).put("tickets", tickets);
    }
}
