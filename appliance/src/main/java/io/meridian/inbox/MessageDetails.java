package io.meridian.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * What another capability adds to messages in the REST API (e.g. e-mail: subject, sender, sanitised HTML,
 * attachments): for those of {@code messageIds} it knows, by message id, the field name and value to add.
 */
@FunctionalInterface
public interface MessageDetails {

    /** Adds nothing. */
    MessageDetails NONE = (conversationId, messageIds) -> Future.succeededFuture(Map.of());

    Future<Map<String, Map.Entry<String, JsonObject>>> details(String conversationId, Set<String> messageIds);
}
