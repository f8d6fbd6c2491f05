package io.meridian.email;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelDelivery;
import io.meridian.conversation.ConversationService;
import io.meridian.plugin.ChannelProfile;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * E-mail's channel profile: what the plugin host asks of the e-mail capability for channel instances whose identities
 * are e-mail addresses. It stores an inbound mail ({@link MailIntake}: sanitised HTML, sealed attachments, thread ids,
 * automatic-mail marks), dresses a reply as a mail (the template of the customer's locale, threading headers) and
 * remembers the Message-ID of a sent reply, so the customer's answer joins the conversation.
 */
public final class MailChannel implements ChannelProfile {

    /** The identity kind of an e-mail address, as channel connectors report it. */
    public static final String KIND = "email";

    /** A reply ready to send: both alternatives of the body and the threading headers (bracketed). */
    public record Reply(EmailReplies.Rendered rendered, MailThreads.ReplyThreading threading) {
    }

    private final Vertx vertx;
    private final ConversationService conversations;
    private final MailIntake intake;
    private final MailThreads threads;
    private final EmailReplies replies;
    private final Function<String, Future<Optional<String>>> teamNames;

    /**
     * {@code teamNames} gives the name of the team a conversation is routed to (routing's answer), for
     * {@code $teamName} in the reply template when the caller names no team.
     */
    public MailChannel(Vertx vertx, ConversationService conversations, MailIntake intake, MailThreads threads,
            EmailReplies replies, Function<String, Future<Optional<String>>> teamNames) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.teamNames = Objects.requireNonNull(teamNames, "teamNames");
    }

    @Override
    public String identityKind() {
        return KIND;
    }

    @Override
    public Future<Appended> receive(String instanceId, InboundMessage message) {
        return accept(instanceId, message);
    }

    /** The reply in the template of the customer's locale (else their language), threaded on their latest mail. */
    @Override
    public Future<OutboundMessage> dress(ChannelDelivery delivery, OutboundMessage.Builder plain) {
        return conversations.facts(delivery.conversationId()).compose(facts -> {
            String locale = facts.map(f -> f.locale() != null ? f.locale() : f.language()).orElse(null);
            return reply(delivery.conversationId(), delivery.inReplyTo(), locale, delivery.displayName(),
                    delivery.agentName(), null, delivery.text() == null ? "" : delivery.text());
        }).map(reply -> plain
                .text(reply.rendered().text())
                .html(reply.rendered().html())
                .locale(reply.rendered().locale())
                .inReplyTo(reply.threading().inReplyTo())
                .references(reply.threading().references())
                .build());
    }

    @Override
    public Future<Void> sent(String conversationId, String externalId) {
        return intake.rememberSent(conversationId, externalId).mapEmpty();
    }

    /** Stores a mail received through the channel instance (sanitised HTML, sealed attachments, thread ids). */
    public Future<Appended> accept(String instanceId, InboundMessage message) {
        return intake.accept(instanceId, message).map(MailIntake.Intake::appended);
    }

    /**
     * The mail form of an agent's reply in the conversation: rendered from the locale's template (file I/O on a
     * worker) with In-Reply-To the customer's latest mail ({@code customerLastId}, may be null) and the thread's
     * References. {@code customerName}, {@code agentName}, {@code teamName} and {@code locale} may be null; without
     * a {@code teamName} the team the conversation is routed to is named (none if routing cannot tell).
     */
    public Future<Reply> reply(String conversationId, String customerLastId, String locale, String customerName,
            String agentName, String teamName, String text) {
        Future<Optional<String>> team = teamName != null && !teamName.isBlank()
                ? Future.succeededFuture(Optional.of(teamName))
                : teamNames.apply(conversationId).recover(e -> Future.succeededFuture(Optional.empty()));
        return team.compose(name -> threads.replyThreading(conversationId, customerLastId).compose(threading ->
                vertx.executeBlocking(() -> replies.render(locale, customerName, agentName, name.orElse(null), text),
                        false).map(rendered -> new Reply(rendered, threading))));
    }
}
