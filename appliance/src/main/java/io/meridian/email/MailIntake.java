package io.meridian.email;

import io.meridian.conversation.Appended;
import io.meridian.conversation.AttachmentLimits;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.NewAttachment;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one inbound mail as the appliance wants it: the plain text as the message; the HTML sanitised
 * ({@link MailHtml}) and sealed; attachments within e-mail's size limit and the node's attachment limits stored the
 * way every channel's are, with the message (the text says which were not kept); its Message-ID remembered for threading;
 * and whether a machine wrote it, so nothing answers an auto-reply or a bounce automatically. A mail whose threading
 * headers or subject token name a conversation of its sender joins that conversation (reopened if closed); one that
 * names another customer's conversation goes to its sender's own (docs/channels.md, Threading).
 */
public final class MailIntake {

    /** What became of a mail. {@code threadConversationId} is what its headers or token named (may be empty). */
    public record Intake(Appended appended, Optional<String> automatic, Optional<String> threadConversationId,
            int attachmentsStored, List<String> attachmentsSkipped) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    private static final String TOKEN_HEADER = "x-meridian-thread-token";

    private final Store store;
    private final Function<ChannelInbound, Future<Appended>> append;
    private final MailThreads threads;
    private final MailBodies bodies;
    private final AttachmentLimits attachmentLimits;

    /**
     * {@code append} stores the message and makes it live (the chat hub's {@code channelSays}, so consoles and
     * routing hear of it as of any channel message) with its attachments; {@code attachmentLimits} are the node's
     * with e-mail's own limit for one file ({@code email.attachment-max-bytes}).
     */
    public MailIntake(Store store, Function<ChannelInbound, Future<Appended>> append, MailThreads threads,
            MailBodies bodies, AttachmentLimits attachmentLimits) {
        this.store = Objects.requireNonNull(store, "store");
        this.append = Objects.requireNonNull(append, "append");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.attachmentLimits = Objects.requireNonNull(attachmentLimits, "attachmentLimits");
    }

    /** Stores a mail that came in through the channel instance {@code instanceId}; idempotent on its Message-ID. */
    public Future<Intake> accept(String instanceId, InboundMessage m) {
        Objects.requireNonNull(m, "m");
        Optional<String> automatic = AutomaticMail.kind(m.headers());
        String html = MailHtml.sanitise(m.html());
        String text = m.text() != null && !m.text().isBlank() ? m.text().strip() : plainOf(html);
        List<NewAttachment> files = new ArrayList<>();
        for (Attachment a : m.attachments()) {
            files.add(new NewAttachment(a.fileName(), a.mediaType(), a.content()));
        }
        // E-mail's own limit for one file first; the conversation holds the files to the node's limits again.
        AttachmentLimits.Screened screened = attachmentLimits.screen(files);
        List<String> skipped = screened.refused().stream().map(r -> r.name() + " (" + r.sizeBytes() + " bytes)")
                .toList();
        ChannelInbound in = new ChannelInbound(instanceId, m.from().kind(), m.from().address(),
                m.from().displayName(), m.externalId(), m.subject(), screened.annotate(text), automatic.isPresent())
                .withAttachments(screened.kept());
        return threads.conversationFor(m.from().address(), m.inReplyTo(), m.references(), header(m.headers()))
                .compose(thread -> append.apply(in.inThread(thread.orElse(null))).compose(appended -> {
                    String conversationId = appended.message().conversationId();
                    if (thread.isPresent() && !thread.get().equals(conversationId)) {
                        // Ids only: which customer or address is never logged.
                        LOG.info("Mail {} names conversation {} in its headers, which is another contact's or "
                                + "another mailbox's; it joined {}", appended.message().id(), thread.get(),
                                conversationId);
                    } else if (appended.reopened()) {
                        LOG.info("Mail {} reopened conversation {}", appended.message().id(), conversationId);
                    }
                    Future<Void> saved = store.write(c -> {
                        bodies.saveHtml(c, conversationId, appended.message().id(), html, automatic.orElse(null),
                                blankToNull(m.subject()), m.from().address().strip());
                        return null;
                    });
                    return saved.compose(v -> threads.remember(conversationId, List.of(m.externalId())))
                            .map(v -> new Intake(appended, automatic, thread, screened.kept().size(), skipped));
                }));
    }

    /** Remembers the Message-ID of a reply we sent in the conversation, so the customer's answer finds it. */
    public Future<Integer> rememberSent(String conversationId, String messageId) {
        return threads.remember(conversationId, List.of(messageId));
    }

    private static String header(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (TOKEN_HEADER.equalsIgnoreCase(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A readable text of sanitised HTML, for a mail without a plain-text part. */
    static String plainOf(String safeHtml) {
        String text = safeHtml.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>|</tr>", "\n").replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#61;", "=").replace("&#64;", "@").replace("&amp;", "&").strip();
        return text.isEmpty() ? "(empty mail)" : text;
    }
}
