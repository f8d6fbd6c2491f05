package io.meridian.plugin;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.NewAttachment;
import io.meridian.spi.HttpEgress;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.DeliveryReceipt;
import io.meridian.spi.channel.HtmlText;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.ReceiveResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel connector's way back into the node. {@link #receive} returns only once the message is committed to the
 * database (the connector may then acknowledge it to its channel, e.g. delete the mail on the server); it blocks the
 * calling plugin thread, never an event loop, for at most {@link #COMMIT_WAIT}.
 */
final class HostChannelContext extends HostConnectorContext implements ChannelContext {

    static final Duration COMMIT_WAIT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Function<ChannelInbound, Future<Appended>> inbound;
    private final Function<DeliveryReceipt, Future<Boolean>> receipts;
    private final ChannelProfiles profiles;
    private final BiFunction<ChannelProfile, InboundMessage, Future<Appended>> receiveProfiled;
    private volatile Consumer<SetAsideItem> setAside = item -> { };


    /**
     * A message whose identity kind has a channel profile is stored by {@code receiveProfiled} (which hands it to the
     * profile on the host's context); any other by {@code inbound}, as text.
     */
    HostChannelContext(String pluginId, String instanceId, Clock clock, HttpEgress http, SocketFactory sockets,
            Function<ChannelInbound, Future<Appended>> inbound, Function<DeliveryReceipt, Future<Boolean>> receipts,
            ChannelProfiles profiles, BiFunction<ChannelProfile, InboundMessage, Future<Appended>> receiveProfiled) {
        super(pluginId, instanceId, clock, http, sockets);
        this.inbound = inbound;
        this.receipts = receipts;
        this.profiles = profiles;
        this.receiveProfiled = receiveProfiled;
    }

    @Override
    public ReceiveResult receive(InboundMessage message) throws Exception {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        Optional<ChannelProfile> profile = profiles.of(message.from().kind());
        if (profile.isPresent()) {
            // The kind's own intake: for e-mail, HTML sanitised and kept, attachments sealed, Message-IDs remembered.
            Appended appended = await(receiveProfiled.apply(profile.get(), message), "storing the message");
            return new ReceiveResult(appended.message().conversationId(), appended.message().id(),
                    appended.duplicate());
        }
        // Files go the shared way: held to the node's limits and stored with the message, in its transaction.
        ChannelInbound in = new ChannelInbound(instanceId(), message.from().kind(), message.from().address(),
                message.from().displayName(), message.externalId(), message.subject(), textOf(message))
                .withAttachments(filesOf(message));
        Appended appended = await(inbound.apply(in), "storing the message");
        return new ReceiveResult(appended.message().conversationId(), appended.message().id(), appended.duplicate());
    }

    /** Where the items the connector sets aside go (the instance); returns this. */
    HostChannelContext onSetAside(Consumer<SetAsideItem> sink) {
        this.setAside = sink;
        return this;
    }

    /** Kept with the instance for the admin; the log names the instance and the reference only. */
    @Override
    public void setAside(String reference, String sender, String subject, String reason) {
        String where = reference == null || reference.isBlank() ? "(no reference)" : reference.strip();
        setAside.accept(new SetAsideItem(where, sender, subject, reason, clock().instant()));
        LOG.warn("Connector instance '{}' set aside {}: {}", instanceId(), where, reason);
    }

    @Override
    public void deliveryUpdate(DeliveryReceipt receipt) throws Exception {
        if (receipt == null) {
            throw new IllegalArgumentException("receipt must not be null");
        }
        await(receipts.apply(receipt), "recording the delivery receipt");
    }

    private static <T> T await(Future<T> future, String what) throws Exception {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("ChannelContext must not be called on an event loop thread");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not complete within " + COMMIT_WAIT.toSeconds()
                    + " s; it may or may not be stored: deliver it again (it is idempotent)", e);
        }
    }

    /**
     * The text an agent reads: the plain text, else the HTML's text; a message of files only says so (the files are
     * listed beside it).
     */
    static String textOf(InboundMessage m) {
        StringBuilder text = new StringBuilder();
        if (m.text() != null && !m.text().isBlank()) {
            text.append(m.text().strip());
        } else if (m.html() != null) {
            text.append(HtmlText.toText(m.html()));
        }
        if (text.toString().isBlank()) {
            text.setLength(0);
            text.append(m.attachments().isEmpty() ? "(empty message)" : "(files only)");
        }
        int max = ConversationService.MAX_TEXT_CHARS;
        return text.length() <= max ? text.toString() : text.substring(0, max - 1) + "…";
    }

    /** The message's files as the conversation capability takes them (the SPI's record copies its bytes once). */
    static List<NewAttachment> filesOf(InboundMessage m) {
        List<NewAttachment> files = new ArrayList<>(m.attachments().size());
        for (Attachment a : m.attachments()) {
            files.add(new NewAttachment(a.fileName(), a.mediaType(), a.content()));
        }
        return files;
    }
}
