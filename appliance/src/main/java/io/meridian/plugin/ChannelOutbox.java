package io.meridian.plugin;

import io.meridian.conversation.OutboundSink;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Where a reply on a channel conversation is queued for sending: a row in {@code channel_outbox}, written in the
 * reply's own transaction (both or neither), which the plugin host's dispatcher then sends. Needs nothing but the
 * table, so the conversation service gets it when it is built, before the plugin host exists.
 */
public final class ChannelOutbox {

    private ChannelOutbox() {
    }

    /** The sink that queues each reply on a channel conversation, stamped by {@code clock}. */
    public static OutboundSink sink(Clock clock) {
        OutboxRecords records = new OutboxRecords();
        return (c, channel, message) -> records.insert(c, UUID.randomUUID().toString(), channel,
                message.conversationId(), message.id(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }
}
