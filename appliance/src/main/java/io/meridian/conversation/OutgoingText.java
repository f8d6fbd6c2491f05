package io.meridian.conversation;

import io.vertx.core.Future;

/**
 * What a channel reply says when it leaves: the agent's text as stored, or what another capability makes of it (the
 * translation into the customer's language). Asked by the outbox just before it hands a reply to its channel; the
 * answer may take a while (a translation in progress) but must end: whoever answers bounds the wait.
 */
@FunctionalInterface
public interface OutgoingText {

    /** The reply as the agent wrote it. */
    OutgoingText ORIGINAL = delivery -> Future.succeededFuture(delivery.text());

    /** The text to send for {@code delivery}; a failed future sends the original. */
    Future<String> textFor(ChannelDelivery delivery);
}
