package io.meridian.conversation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Told when a closed conversation is opened again by its customer (an e-mail answering its thread), inside the very
 * transaction that reopens it and stores the customer's message: so routing can record the reopening in the
 * conversation's timeline and make the conversation waiting work again atomically with it (both or neither; a node
 * stopping right after the commit finds it unrouted at the next start). Runs on the store's writer thread: it may
 * only run SQL on {@code c}, never block on anything else.
 */
@FunctionalInterface
public interface ConversationReopening {

    /** Ignores reopenings: without routing there is nothing to reset. */
    ConversationReopening NONE = (c, conversationId, at, channel) -> {
    };

    /** {@code channel}: the channel the customer's reply came through (an instance id such as {@code support-mail}). */
    void reopened(Connection c, String conversationId, Instant at, String channel) throws SQLException;
}
