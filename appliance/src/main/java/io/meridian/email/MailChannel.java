package io.meridian.email;

import io.meridian.conversation.Appended;
import io.meridian.spi.channel.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the plugin host asks of the e-mail capability for channel instances whose identities are e-mail addresses:
 * storing an inbound mail ({@link MailIntake}), and dressing an agent's reply as a mail (template per locale,
 * threading headers) and remembering its Message-ID once sent, so the customer's answer joins the conversation.
 */
public final class MailChannel {

    /** The identity kind of an e-mail address, as channel connectors report it. */
    public static final String KIND = "email";

    /** A reply ready to send: both alternatives of the body and the threading headers (bracketed). */
    public record Reply(EmailReplies.Rendered rendered, MailThreads.ReplyThreading threading) {
    }

    private final Vertx vertx;
    private final MailIntake intake;
    private final MailThreads threads;
    private final EmailReplies replies;
    private final Function<String, Future<Optional<String>>> teamNames;

    public MailChannel(Vertx vertx, MailIntake intake, MailThreads threads, EmailReplies replies) {
        this(vertx, intake, threads, replies, conversationId -> Future.succeededFuture(Optional.empty()));
    }

    /**
     * {@code teamNames} gives the name of the team a conversation is routed to (routing's answer), for
     * {@code $teamName} in the reply template when the caller names no team.
     */
    public MailChannel(Vertx vertx, MailIntake intake, MailThreads threads, EmailReplies replies,
            Function<String, Future<Optional<String>>> teamNames) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.teamNames = Objects.requireNonNull(teamNames, "teamNames");
    }

    /** Whether messages of this identity kind are mails. */
    public boolean handles(String identityKind) {
        return KIND.equalsIgnoreCase(identityKind);
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

    /** Remembers the Message-ID the connector gave the sent reply. */
    public Future<Integer> sent(String conversationId, String messageId) {
        return intake.rememberSent(conversationId, messageId);
    }
}
