package io.meridian.spi.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message a customer sent on a channel, normalised by the connector and handed to
 * {@link ChannelContext#receive(InboundMessage)}.
 *
 * <p>Immutable: lists and maps are copied into unmodifiable ones (order kept), attachments copy their bytes.
 * Optional text fields are {@code null} when absent; lists and maps are empty, never {@code null}. A message carries
 * text, HTML or at least one attachment. Build with {@link #builder(String, ChannelIdentity)}.
 *
 * @param externalId the remote side's id of the message (Message-ID, update id...), stable across redeliveries:
 *        the appliance de-duplicates on it
 * @param from the sender
 * @param to the account it was sent to, or {@code null} if the channel does not say
 * @param subject the subject, or {@code null}
 * @param text the plain-text body, or {@code null}
 * @param html the HTML body as received (the appliance sanitises it before showing it), or {@code null}
 * @param attachments the files, possibly empty
 * @param inReplyTo the external id of the message this one answers, or {@code null}; helps threading
 * @param references earlier external ids of the thread, oldest first, possibly empty
 * @param headers channel-specific metadata worth keeping (e.g. selected mail headers), possibly empty
 * @param sentAt when the customer sent it according to the channel, or {@code null} if unknown
 */
public record InboundMessage(String externalId, ChannelIdentity from, ChannelIdentity to, String subject, String text,
                             String html, List<Attachment> attachments, String inReplyTo, List<String> references,
                             Map<String, String> headers, Instant sentAt) {

    /** Validates and copies. */
    public InboundMessage {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("InboundMessage externalId must not be blank");
        }
        Objects.requireNonNull(from, "InboundMessage from");
        attachments = copy(attachments, "InboundMessage attachments");
        references = copy(references, "InboundMessage references");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach((k, v) -> {
            Objects.requireNonNull(k, "InboundMessage header name");
            Objects.requireNonNull(v, () -> "InboundMessage header '" + k + "' value");
        });
        if (text == null && html == null && attachments.isEmpty()) {
            throw new IllegalArgumentException("InboundMessage " + externalId + " has no text, html or attachment");
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
     * @param externalId the remote side's id of the message
     * @param from the sender
     * @return a builder
     */
    public static Builder builder(String externalId, ChannelIdentity from) {
        return new Builder(externalId, from);
    }

    /** Builds an {@link InboundMessage}; not thread-safe. */
    public static final class Builder {
        private final String externalId;
        private final ChannelIdentity from;
        private ChannelIdentity to;
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private String inReplyTo;
        private final List<String> references = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Instant sentAt;

        private Builder(String externalId, ChannelIdentity from) {
            this.externalId = externalId;
            this.from = from;
        }

        /** @return this builder */
        public Builder to(ChannelIdentity value) {
            this.to = value;
            return this;
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

        /** @return this builder with the header set */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** @return this builder */
        public Builder sentAt(Instant value) {
            this.sentAt = value;
            return this;
        }

        /** @return the validated message */
        public InboundMessage build() {
            return new InboundMessage(externalId, from, to, subject, text, html, attachments, inReplyTo, references,
                    headers, sentAt);
        }
    }
}
