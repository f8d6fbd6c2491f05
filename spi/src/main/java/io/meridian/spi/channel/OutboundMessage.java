package io.meridian.spi.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message the appliance asks a connector to send, from its transactional outbox.
 *
 * <p>Immutable: lists are copied, attachments copy their bytes. Optional text fields are {@code null} when absent;
 * lists are empty, never {@code null}. A message carries text, HTML or at least one attachment. Build with
 * {@link #builder(String, String, ChannelIdentity)}.
 *
 * @param outboxId the appliance's id of this send, the same on every retry: use it as the idempotency key
 * @param conversationId the conversation it belongs to
 * @param to the recipient, an identity of this channel's kind
 * @param subject the subject (for channels that have one), or {@code null}
 * @param text the plain-text body, or {@code null}
 * @param html the HTML body (already sanitised), or {@code null}
 * @param attachments files to send, possibly empty; only for channels declaring
 *        {@link ChannelCapabilities#ATTACHMENTS}
 * @param inReplyTo the external id of the customer message this answers, or {@code null}
 * @param references earlier external ids of the thread, oldest first, possibly empty
 * @param locale the BCP 47 language of the text (e.g. {@code es}), or {@code null}; for templates and headers
 * @param automatic {@code true} when Meridian wrote the message itself (an off-hours reply), not an agent: a channel
 *        that can say so should (e-mail: {@code Auto-Submitted: auto-replied}, RFC 3834), so that the customer's
 *        auto-responder does not answer it. Since SPI 1.2.0.
 */
public record OutboundMessage(String outboxId, String conversationId, ChannelIdentity to, String subject, String text,
                              String html, List<Attachment> attachments, String inReplyTo, List<String> references,
                              String locale, boolean automatic) {

    /** A message an agent wrote (not {@link #automatic()}): the form of SPI 1.0 and 1.1. */
    public OutboundMessage(String outboxId, String conversationId, ChannelIdentity to, String subject, String text,
            String html, List<Attachment> attachments, String inReplyTo, List<String> references, String locale) {
        this(outboxId, conversationId, to, subject, text, html, attachments, inReplyTo, references, locale, false);
    }

    /** Validates and copies. */
    public OutboundMessage {
        if (outboxId == null || outboxId.isBlank()) {
            throw new IllegalArgumentException("OutboundMessage outboxId must not be blank");
        }
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("OutboundMessage conversationId must not be blank");
        }
        Objects.requireNonNull(to, "OutboundMessage to");
        attachments = copy(attachments, "OutboundMessage attachments");
        references = copy(references, "OutboundMessage references");
        if (text == null && html == null && attachments.isEmpty()) {
            throw new IllegalArgumentException("OutboundMessage " + outboxId + " has no text, html or attachment");
        }
    }

    private static <T> List<T> copy(List<T> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (T item : list) {
            Objects.requireNonNull(item, () -> what + " must not contain null");
        }
        return List.copyOf(list);
    }

    /**
     * @param outboxId the outbox id (idempotency key)
     * @param conversationId the conversation
     * @param to the recipient
     * @return a builder
     */
    public static Builder builder(String outboxId, String conversationId, ChannelIdentity to) {
        return new Builder(outboxId, conversationId, to);
    }

    /** Builds an {@link OutboundMessage}; not thread-safe. */
    public static final class Builder {
        private final String outboxId;
        private final String conversationId;
        private final ChannelIdentity to;
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private String inReplyTo;
        private final List<String> references = new ArrayList<>();
        private String locale;
        private boolean automatic;

        private Builder(String outboxId, String conversationId, ChannelIdentity to) {
            this.outboxId = outboxId;
            this.conversationId = conversationId;
            this.to = to;
        }

        /** @return this builder */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** @return this builder */
        public Builder text(String value) {
            this.text = value;
            return this;
        }

        /** @return this builder */
        public Builder html(String value) {
            this.html = value;
            return this;
        }

        /** @return this builder with the attachment appended */
        public Builder attachment(Attachment value) {
            attachments.add(Objects.requireNonNull(value, "attachment"));
            return this;
        }

        /** @return this builder */
        public Builder inReplyTo(String value) {
            this.inReplyTo = value;
            return this;
        }

        /** @return this builder with the references appended */
        public Builder references(List<String> values) {
            references.addAll(values);
            return this;
        }

        /** @return this builder */
        public Builder locale(String value) {
            this.locale = value;
            return this;
        }

        /** @return this builder; see {@link OutboundMessage#automatic()} */
        public Builder automatic(boolean value) {
            this.automatic = value;
            return this;
        }

        /** @return the validated message */
        public OutboundMessage build() {
            return new OutboundMessage(outboxId, conversationId, to, subject, text, html, attachments, inReplyTo,
                    references, locale, automatic);
        }
    }
}
