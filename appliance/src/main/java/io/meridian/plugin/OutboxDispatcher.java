package io.meridian.plugin;

import io.meridian.conversation.AttachmentFile;
import io.meridian.conversation.ChannelDelivery;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.OutgoingText;
import io.meridian.crypto.BlindIndex;
import io.meridian.plugin.OutboxRecords.OutboxRow;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.DeliveryReceipt;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox of channel replies. {@link ChannelOutbox#sink} records an agent's reply in
 * {@code channel_outbox} inside the transaction that stores the reply, so a reply is either stored and queued, or
 * neither. The dispatcher
 * then sends each entry through its connector instance, per conversation in message order, at least once: the entry
 * id is the idempotency key the connector sees on every attempt. A failed or timed-out send is retried with
 * exponential back-off (or after the connector's retry-after); a connector that is down only delays its entries. An
 * entry the connector refuses for good ({@code ConnectorException} not retryable) is set FAILED and kept, to be
 * queued again by the admin ({@link #retryFailed}). Nothing is ever deleted. Each failed attempt is recorded on the
 * entry as a {@link SendFailure} (no personal data).
 */
final class OutboxDispatcher {

    /** The reply cannot be addressed any more (its message or channel address is gone): retrying cannot help. */
    static final class Unaddressable extends ConnectorException {
        private static final long serialVersionUID = 1L;

        Unaddressable(String message) {
            super(message, false);
        }
    }

    /** What the dispatcher needs from the host: a way to send through an instance, and where to report. */
    interface Sender {
        /** Whether the instance has a started connector to send through. */
        boolean canSend(String instanceId);

        /** Sends through the instance's connector; the host records the call's outcome on the instance. */
        Future<SendResult> send(String instanceId, OutboundMessage message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 500;
    private static final long TICK_MILLIS = 1000;

    private final Vertx vertx;
    private final Context context;
    private final Store store;
    private final ConversationService conversations;
    private final OutgoingText outgoingText;
    private final BlindIndex blindIndex;
    private final Sender sender;
    private final Duration retryMax;
    private final Clock clock;
    private final ChannelProfiles profiles;
    private final OutboxRecords records = new OutboxRecords();
    private final Set<String> inFlightConversations = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Map<String, Long>> counts = Map.of();
    private long timer = -1;
    private boolean reading;
    private boolean again;
    private volatile boolean stopped;

    /** {@code profiles} dress replies to identity kinds that need more than text (e-mail) and remember them sent. */
    OutboxDispatcher(Vertx vertx, Context context, Store store, ConversationService conversations,
            OutgoingText outgoingText, BlindIndex blindIndex, Sender sender, Duration retryMax, Clock clock,
            ChannelProfiles profiles) {
        this.profiles = profiles;
        this.outgoingText = outgoingText;
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.conversations = conversations;
        this.blindIndex = blindIndex;
        this.sender = sender;
        this.retryMax = retryMax;
        this.clock = clock;
    }


    /** Starts the periodic pass. Call on the host's context. */
    void start() {
        timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
        tick();
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs a pass now (an instance has just started, a reply was stored). */
    void wake() {
        context.runOnContext(v -> tick());
    }

    /** Entries per instance and status, as of the last pass (never blocks). */
    Map<String, Map<String, Long>> counts() {
        return counts;
    }

    long count(String instanceId, String status) {
        return counts.getOrDefault(instanceId, Map.of()).getOrDefault(status, 0L);
    }

    /** The newest entries of an instance with one of {@code statuses} (PENDING, SENT, FAILED; all if empty). */
    Future<List<OutboxRow>> recent(String instanceId, Set<String> statuses, int limit) {
        return store.read(c -> records.recent(c, instanceId, statuses, limit));
    }

    Future<Integer> retryFailed(String instanceId) {
        return store.write(c -> records.retryFailed(c, instanceId, now())).onSuccess(n -> wake());
    }

    /** A connector's delivery receipt for a message it sent; false if no entry matches its external id. */
    Future<Boolean> deliveryUpdate(String instanceId, DeliveryReceipt receipt) {
        String index = externalIndex(instanceId, receipt.externalId());
        Instant at = receipt.at() == null ? now() : receipt.at();
        return store.write(c -> records.delivery(c, instanceId, index, receipt.status().name(), at));
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        store.read(c -> new Pass(records.pending(c, BATCH), records.counts(c))).onComplete(ar -> {
            reading = false;
            if (ar.failed()) {
                LOG.warn("Reading the outbox failed; retrying in a second: {}", ar.cause().toString());
                return;
            }
            counts = ar.result().counts();
            dispatch(ar.result().pending());
            if (again) {
                again = false;
                tick();
            }
        });
    }

    private record Pass(List<OutboxRow> pending, Map<String, Map<String, Long>> counts) {
    }

    private void dispatch(List<OutboxRow> pending) {
        Instant now = now();
        Set<String> seen = new HashSet<>();
        for (OutboxRow row : pending) {
            // Only the oldest waiting entry of a conversation may go, so replies arrive in order.
            if (!seen.add(row.conversationId()) || inFlightConversations.contains(row.conversationId())) {
                continue;
            }
            if (row.nextAttemptAt().isAfter(now) || !sender.canSend(row.instanceId())) {
                continue;
            }
            inFlightConversations.add(row.conversationId());
            send(row).onComplete(ar -> {
                inFlightConversations.remove(row.conversationId());
                if (ar.succeeded() && ar.result()) {
                    tick(); // the conversation's next reply may go at once
                }
            });
        }
    }

    /**
     * What to send for the stored reply {@code messageId}: its channel delivery with the text the customer is to
     * receive ({@link OutgoingText}); when that text cannot be had, the reply goes as the agent wrote it.
     */
    private Future<Optional<ChannelDelivery>> deliverableReply(String messageId) {
        return conversations.channels().channelDelivery(messageId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(found);
            }
            ChannelDelivery d = found.get();
            return outgoingText.textFor(d).otherwise(e -> d.text()).map(text -> Optional.of(
                    text == null || text.equals(d.text()) ? d : d.withText(text)));
        });
    }

    /** One attempt; true if the entry was sent. */
    private Future<Boolean> send(OutboxRow row) {
        int attempt = row.attempts() + 1;
        AtomicReference<ChannelProfile> profile = new AtomicReference<>();
        return deliverableReply(row.messageId()).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new Unaddressable("the message or its channel address is gone"));
            }
            ChannelDelivery d = found.get();
            profile.set(profiles.of(d.identityKind()).orElse(null));
            Future<OutboundMessage> message;
            try {
                OutboundMessage.Builder plain = outbound(row, d);
                message = profile.get() != null ? profile.get().dress(d, plain) : Future.succeededFuture(plain.build());
            } catch (IllegalArgumentException | NullPointerException e) {
                message = Future.failedFuture(e);
            }
            return message.recover(e -> Future.failedFuture(e instanceof IllegalArgumentException
                    || e instanceof NullPointerException
                    ? new Unaddressable("the reply cannot be addressed: " + e.getMessage()) : e))
                    .compose(out -> sender.send(row.instanceId(), out));
        }).compose(result -> {
            String index = result == null || result.externalId() == null ? null
                    : externalIndex(row.instanceId(), result.externalId());
            Future<Boolean> sent = store.write(c -> records.markSent(c, row.id(), attempt, index, now()))
                    .map(marked -> true);
            if (profile.get() == null || result == null || result.externalId() == null) {
                return sent;
            }
            // E-mail: the customer's answer names our Message-ID; if remembering fails its subject token threads it.
            return sent.compose(ok -> profile.get().sent(row.conversationId(), result.externalId()).map(n -> true)
                    .recover(e -> {
                        LOG.warn("The external id of outbox entry {} was not remembered: {}", row.id(), e.toString());
                        return Future.succeededFuture(true);
                    }));
        }).recover(failure -> {
            SendFailure error = SendFailure.of(failure);
            if (failure instanceof ConnectorException ce && !ce.retryable()) {
                LOG.warn("Outbox entry {} of instance '{}' refused for good by the connector after {} attempt(s); kept "
                        + "as FAILED: {}", row.id(), row.instanceId(), attempt, ce.getMessage());
                return store.write(c -> {
                    records.markFailed(c, row.id(), attempt, error, now());
                    return false;
                });
            }
            Duration wait = Backoff.delay(attempt, retryMax);
            if (failure instanceof ConnectorException ce && ce.retryAfter().isPresent()
                    && ce.retryAfter().get().compareTo(wait) > 0) {
                wait = ce.retryAfter().get();
            }
            Instant next = now().plus(wait);
            LOG.info("Outbox entry {} of instance '{}': attempt {} failed ({}); next try in {} s", row.id(),
                    row.instanceId(), attempt, failure.toString(), wait.toSeconds());
            return store.write(c -> {
                records.markRetry(c, row.id(), attempt, next, error, now());
                return false;
            });
        });
    }

    private static OutboundMessage.Builder outbound(OutboxRow row, ChannelDelivery d) {
        String subject = d.subject() == null ? null
                : d.subject().regionMatches(true, 0, "Re:", 0, 3) ? d.subject() : "Re: " + d.subject();
        OutboundMessage.Builder plain = OutboundMessage.builder(row.id(), d.conversationId(),
                        new ChannelIdentity(d.identityKind(), d.address(), d.displayName()))
                .subject(subject)
                .text(d.text())
                .inReplyTo(d.inReplyTo())
                .references(d.inReplyTo() == null ? List.of() : List.of(d.inReplyTo()))
                .automatic(d.automatic());
        for (AttachmentFile file : d.attachments()) {
            plain.attachment(attachment(file));
        }
        return plain;
    }

    /** A reply's file as the connector gets it; a stored type the SPI does not take goes as opaque bytes. */
    private static Attachment attachment(AttachmentFile file) {
        String name = Attachment.safeFileName(file.info().name());
        try {
            return new Attachment(name, file.info().mediaType(), file.content());
        } catch (IllegalArgumentException e) {
            return new Attachment(name, "application/octet-stream", file.content());
        }
    }

    private String externalIndex(String instanceId, String externalId) {
        return blindIndex.of("external", instanceId + "\n" + externalId);
    }


    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
