package io.meridian.channel.email;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.HtmlText;
import io.meridian.spi.channel.OutboundMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Builds the MIME mail for an agent's reply.
 *
 * <ul>
 *   <li>{@code Message-ID} from the outbox id ({@link MessageIds#forOutbox}): a retry carries the same id.</li>
 *   <li>{@code In-Reply-To} and {@code References} (the message's references, then its in-reply-to id) so the
 *       customer's mail program files the reply under the thread; the subject keeps {@code Re:} and carries the
 *       thread token ({@link ThreadToken}).</li>
 *   <li>{@code Auto-Submitted: no} when a person wrote it, so the customer's auto-responder may answer;
 *       {@code auto-replied} when Meridian did ({@link OutboundMessage#automatic()}, the off-hours reply), so that
 *       no auto-responder answers it (RFC 3834).</li>
 *   <li>text/plain, plus text/html as an alternative when given (a text rendering is made for HTML-only replies);
 *       attachments in multipart/mixed.</li>
 * </ul>
 */
final class OutboundMailComposer {

    private final Session session;
    private final EmailSettings settings;
    private final Clock clock;

    OutboundMailComposer(Session session, EmailSettings settings, Clock clock) {
        this.session = session;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param message the reply
     * @return the mail, its headers final ({@code saveChanges} done)
     * @throws ConnectorException non-retryable if the message cannot be a mail (not an e-mail recipient, invalid
     *         address)
     * @throws MessagingException if the mail cannot be built
     */
    MimeMessage compose(OutboundMessage message) throws ConnectorException, MessagingException {
        if (!"email".equals(message.to().kind())) {
            throw new ConnectorException("the recipient is a '" + message.to().kind() + "' identity; the e-mail "
                    + "channel sends to 'email' identities only", false, null);
        }
        String messageId = MessageIds.forOutbox(message.outboxId(), settings.fromDomain());
        MimeMessage mail = new FixedIdMimeMessage(session, messageId);
        try {
            mail.setFrom(new InternetAddress(settings.fromAddress, settings.fromName.orElse(null), "UTF-8"));
            InternetAddress to = new InternetAddress(message.to().address().trim(), true);
            if (message.to().displayName() != null && !message.to().displayName().isBlank()) {
                to.setPersonal(message.to().displayName().strip(), "UTF-8");
            }
            mail.setRecipient(Message.RecipientType.TO, to);
        } catch (AddressException e) {
            // Only the parser's reason, never the address itself (personal data): e.g. "Local address contains
            // control or whitespace". The display name cannot cause this: it is encoded, whatever it holds.
            throw new ConnectorException("the customer's stored address is not a valid e-mail address ("
                    + e.getMessage() + "); the reply cannot be sent to it", false, null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }

        String inReplyTo = MessageIds.normalise(message.inReplyTo());
        mail.setSubject(ThreadToken.subject(message.subject(), message.conversationId(), inReplyTo != null),
                "UTF-8");
        mail.setSentDate(Date.from(clock.instant()));
        if (inReplyTo != null) {
            mail.setHeader("In-Reply-To", inReplyTo);
        }
        List<String> references = references(message.references(), inReplyTo);
        if (!references.isEmpty()) {
            mail.setHeader("References", MimeUtility.fold("References: ".length(), String.join(" ", references)));
        }
        mail.setHeader("Auto-Submitted", message.automatic() ? "auto-replied" : "no");
        if (message.locale() != null && message.locale().matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
            mail.setHeader("Content-Language", message.locale());
        }

        content(mail, message);
        mail.saveChanges();
        return mail;
    }

    private static List<String> references(List<String> given, String inReplyTo) {
        List<String> ids = new ArrayList<>();
        for (String reference : given) {
            for (String id : MessageIds.all(reference)) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        if (inReplyTo != null) {
            ids.remove(inReplyTo);
            ids.add(inReplyTo); // RFC 5322: the parent's id comes last
        }
        return ids;
    }

    private static void content(MimeMessage mail, OutboundMessage message) throws MessagingException {
        String html = message.html();
        String text = message.text() != null ? message.text() : html != null ? HtmlText.toText(html) : null;
        MimeMultipart alternative = null;
        if (html != null) {
            alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(textPart(text == null ? "" : text, "plain"));
            alternative.addBodyPart(textPart(html, "html"));
        }
        if (message.attachments().isEmpty()) {
            if (alternative != null) {
                mail.setContent(alternative);
            } else {
                mail.setText(text == null ? "" : text, "UTF-8", "plain");
            }
            return;
        }
        MimeBodyPart body = null;
        if (alternative != null) {
            body = new MimeBodyPart();
            body.setContent(alternative);
        } else if (text != null) {
            body = textPart(text, "plain");
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        if (body != null) {
            mixed.addBodyPart(body);
        }
        for (Attachment attachment : message.attachments()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(),
                    attachment.mediaType())));
            try {
                part.setFileName(MimeUtility.encodeText(attachment.fileName(), "UTF-8", null));
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is always supported", e);
            }
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        mail.setContent(mixed);
    }

    private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, "UTF-8", subtype);
        return part;
    }

    /** A MimeMessage whose Message-ID is ours, not one Jakarta Mail makes up in {@code saveChanges}. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
