package io.meridian.conversation;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told about every agent reply (and every system notice meant for the customer, such as the off-hours reply) on a
 * conversation that did not come from the web widget, inside the very transaction
 * that stores the reply: so a transactional outbox can record it atomically with the message (both or neither).
 * Runs on the store's writer thread: it may only run SQL on {@code c}, never block on anything else.
 */
@FunctionalInterface
public interface OutboundSink {

    /** Ignores every reply: web conversations need no outbox. */
    OutboundSink NONE = (c, channel, message) -> {
    };

    void agentReplied(Connection c, String channel, ChatMessage message) throws SQLException;
}
