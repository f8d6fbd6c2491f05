package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Agents' replies as they land in the customer's mailbox, and the customer's answers coming back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutboundMailTest {

    private static final String CONVERSATION = "3f2a9c1e-77b0-4d7e-9a51-0c7e2f6b1a90";

    private MailServer server;
    private FakeChannelContext context;
    private ChannelConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new MailServer();
        context = MailServer.context();
        connector = MailServer.connector(context, server.config());
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        server.close();
    }

    /** The customer's first mail, received through the connector. */
    private InboundMessage customerWrites() throws Exception {
        MimeMessage mail = server.newCustomerMail("Order 1234 arrived damaged");
        mail.setText("The box was crushed.");
        server.send(mail);
        connector.poll();
        return context.received().get(context.received().size() - 1);
    }

    private OutboundMessage reply(String outboxId, InboundMessage to) {
        return OutboundMessage.builder(outboxId, CONVERSATION, MailServer.customerIdentity())
                .subject(to.subject())
                .text("We are sorry. A replacement is on its way.")
                .inReplyTo(to.externalId())
                .references(List.of(to.externalId()))
                .locale("es")
                .build();
    }

    /**
     * Verifies that a reply lands in the customer's mailbox with our Message-ID, In-Reply-To and References
     * pointing at the customer's mail, the subject with Re: and the thread token, and Auto-Submitted: no.
     */
    @Test
    void replyCarriesTheThreadingHeaders() throws Exception {
        InboundMessage question = customerWrites();
        SendResult result = connector.send(reply("outbox-0001", question));

        assertEquals("<meridian.outbox-0001@meridian.test>", result.externalId());
        List<MimeMessage> inbox = server.customerInbox();
        assertEquals(1, inbox.size());
        MimeMessage mail = inbox.get(0);
        assertEquals(result.externalId(), mail.getMessageID());
        assertEquals(question.externalId(), mail.getHeader("In-Reply-To", null));
        assertEquals(question.externalId(), mail.getHeader("References", null).trim());
        assertEquals("Re: Order 1234 arrived damaged [#3f2a9c1e]", mail.getSubject());
        assertEquals("no", mail.getHeader("Auto-Submitted", null));
        assertEquals("es", mail.getHeader("Content-Language", null));
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertEquals(MailServer.SUPPORT, from.getAddress());
        assertEquals("Meridian Support", from.getPersonal());
        assertEquals(MailServer.CUSTOMER, ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0])
                .getAddress());
        assertTrue(mail.isMimeType("text/plain"));
        assertEquals("We are sorry. A replacement is on its way.", ((String) mail.getContent()).strip());
    }

    /**
     * Verifies that the customer's answer to our reply (as their mail program builds it) comes back with
     * In-Reply-To and References pointing at our Message-ID, and the thread token, so it joins the conversation.
     */
    @Test
    void customersAnswerPointsAtOurMessageId() throws Exception {
        InboundMessage question = customerWrites();
        SendResult sent = connector.send(reply("outbox-0002", question));

        MimeMessage ours = server.customerInbox().get(0);
        MimeMessage answer = (MimeMessage) ours.reply(false);
        answer.setFrom(new InternetAddress(MailServer.CUSTOMER));
        answer.setText("Thank you! When will it arrive?");
        server.send(answer);
        connector.poll();

        InboundMessage back = context.received().get(1);
        assertEquals(sent.externalId(), back.inReplyTo());
        assertTrue(back.references().contains(sent.externalId()), back.references().toString());
        assertEquals(question.externalId(), back.references().get(0), "the thread's first mail comes first");
        assertEquals("3f2a9c1e", back.headers().get(InboundMailParser.THREAD_TOKEN_HEADER));
        assertEquals("Re: Order 1234 arrived damaged [#3f2a9c1e]", back.subject());
    }

    /** Verifies that a retried send carries the same Message-ID, so the customer's mail program shows it once. */
    @Test
    void retriedSendKeepsTheMessageId() throws Exception {
        InboundMessage question = customerWrites();
        SendResult first = connector.send(reply("outbox-0003", question));
        SendResult retry = connector.send(reply("outbox-0003", question));
        SendResult other = connector.send(reply("outbox-0004", question));

        assertEquals(first.externalId(), retry.externalId());
        assertFalse(first.externalId().equals(other.externalId()));
        List<String> ids = server.customerInbox().stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of(first.externalId(), first.externalId(), other.externalId()), ids);
    }

    /** Verifies that HTML is sent as an alternative to text, with the attachment next to it. */
    @Test
    void htmlAndAttachmentsAreSentAsMultipart() throws Exception {
        byte[] pdf = "%PDF-1.4 label".getBytes(StandardCharsets.US_ASCII);
        OutboundMessage message = OutboundMessage.builder("outbox-0005", CONVERSATION,
                        MailServer.customerIdentity())
                .subject("Your return label")
                .html("<p>Here is your <b>return label</b>.</p>")
                .attachment(new Attachment("rücksende-etikett.pdf", "application/pdf", pdf))
                .build();
        connector.send(message);

        MimeMessage mail = server.customerInbox().get(0);
        assertEquals("Your return label [#3f2a9c1e]", mail.getSubject(), "not a reply: no Re:");
        assertNull(mail.getHeader("In-Reply-To"));
        assertTrue(mail.isMimeType("multipart/mixed"));
        Multipart mixed = (Multipart) mail.getContent();
        assertEquals(2, mixed.getCount());
        Part body = mixed.getBodyPart(0);
        assertTrue(body.isMimeType("multipart/alternative"));
        Multipart alternative = (Multipart) body.getContent();
        assertEquals("Here is your return label.", ((String) alternative.getBodyPart(0).getContent()).strip());
        assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
        Part file = mixed.getBodyPart(1);
        assertEquals("rücksende-etikett.pdf", jakarta.mail.internet.MimeUtility.decodeText(file.getFileName()));
        assertEquals(Part.ATTACHMENT, file.getDisposition());
        assertArrayEquals(pdf, read(file));
    }

    /** Verifies that a recipient of another channel's kind is refused permanently. */
    @Test
    void nonEmailRecipientIsRefusedPermanently() {
        OutboundMessage message = OutboundMessage.builder("outbox-0006", CONVERSATION,
                ChannelIdentity.phone("+4915112345678", null)).text("hi").build();
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.send(message));
        assertFalse(e.retryable());
    }

    /** Verifies that a temporary SMTP refusal (4xx) is retryable and names the server and code only. */
    @Test
    void temporarySmtpRefusalIsRetryable() throws Exception {
        ConnectorException e = sendThrough("451 4.7.1 <maria.lopez@example.org> greylisted, try again later");
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().contains("SMTP 451 4.7.1"), e.getMessage());
        assertFalse(e.getMessage().contains("maria"), "no address in the message: " + e.getMessage());
    }

    /** Verifies that a permanent SMTP refusal (5xx) is not retryable. */
    @Test
    void permanentSmtpRefusalIsNotRetryable() throws Exception {
        ConnectorException e = sendThrough("550 5.1.1 <maria.lopez@example.org> user unknown");
        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().contains("SMTP 550 5.1.1"), e.getMessage());
        assertTrue(e.getMessage().contains("SMTP server 127.0.0.1:"), e.getMessage());
        assertFalse(e.getMessage().contains("maria"), "no address in the message: " + e.getMessage());
        assertNull(e.getCause(), "the server's reply (which quotes the address) is not kept as cause");
    }

    private ConnectorException sendThrough(String rcptReply) throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcptReply)) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.SMTP_PORT, Integer.toString(smtp.port()));
            values.put(EmailChannelFactory.SMTP_AUTHENTICATION, "false");
            ChannelConnector scripted = MailServer.connector(MailServer.context(), values);
            try {
                OutboundMessage message = OutboundMessage.builder("outbox-0007", CONVERSATION,
                        MailServer.customerIdentity()).subject("Hello").text("Hello").build();
                return assertThrows(ConnectorException.class, () -> scripted.send(message));
            } finally {
                scripted.close();
            }
        }
    }

    private static byte[] read(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
