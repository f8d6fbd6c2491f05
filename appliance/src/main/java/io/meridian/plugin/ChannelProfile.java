package io.meridian.plugin;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelDelivery;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.vertx.core.Future;

/**
 * What one kind of channel identity needs beyond text, brought by the capability that knows it. E-mail is one: its
 * messages carry sanitised HTML, attachments to seal, Message-IDs to thread by and automatic-mail marks, and its
 * replies leave in a template per locale with threading headers. The plugin host knows no channel by name: it asks
 * the profile registered for a message's identity kind ({@code from().kind()}, the reply's address kind) and treats
 * every other kind as text. Profiles are handed to the host once, at the composition root.
 */
public interface ChannelProfile {

    /** The identity kind this profile serves, as connectors report it (e.g. {@code email}); compared ignoring case. */
    String identityKind();

    /** Stores an inbound message of this kind, with what it carries beyond text. Called on the host's context. */
    Future<Appended> receive(String instanceId, InboundMessage message);

    /**
     * The message the connector gets for a reply to an identity of this kind: {@code plain} holds the reply as text,
     * addressed and with the conversation's subject; the profile adds what its kind needs and builds it.
     */
    Future<OutboundMessage> dress(ChannelDelivery delivery, OutboundMessage.Builder plain);

    /** The connector sent a reply under {@code externalId}: remembers what this kind needs of it (threading). */
    Future<Void> sent(String conversationId, String externalId);
}
