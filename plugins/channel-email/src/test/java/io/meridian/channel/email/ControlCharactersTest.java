package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender who hides CR/LF in an encoded display name and subject (to smuggle a Bcc header into our replies) is
 * still answered: the line breaks become spaces at intake, the address is the one in angle brackets, and the reply
 * reaches the customer's mailbox with no injected header.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlCharactersTest {

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

    /**
     * Verifies that the name and subject arrive with spaces for CR/LF, the sender address is the customer's, and the
     * agent's reply is delivered to the customer with one recipient and no Bcc.
     */
    @Test
    void encodedLineBreaksAreNeutralisedAndTheReplyGoesOut() throws Exception {
        server.deliverRaw(String.join("\r\n",
                "From: =?UTF-8?Q?Eve=0D=0ABcc:_spy@evil.test?= <" + MailServer.CUSTOMER + ">",
                "To: " + MailServer.SUPPORT,
                "Subject: =?UTF-8?Q?Order_1234=0D=0ABcc:_spy@evil.test?=",
                "Message-ID: <eve.1@example.org>",
                "",
                "Where is my order?",
                ""));
        connector.poll();
        assertEquals(1, context.received().size());
        InboundMessage in = context.received().get(0);
        assertEquals(MailServer.CUSTOMER, in.from().address());
        assertEquals("Eve Bcc: spy@evil.test", in.from().displayName());
        assertEquals("Order 1234 Bcc: spy@evil.test", in.subject());

        connector.send(OutboundMessage.builder("outbox-eve", "0f3a9c1e-0000-4000-8000-000000000001", in.from())
                .subject("Re: " + in.subject()).text("It ships today.").inReplyTo(in.externalId()).build());
        List<MimeMessage> inbox = server.customerInbox();
        assertEquals(1, inbox.size(), "the reply reached the customer");
        MimeMessage reply = inbox.get(0);
        assertNull(reply.getHeader("Bcc"), "no header was injected");
        InternetAddress to = (InternetAddress) reply.getRecipients(Message.RecipientType.TO)[0];
        assertEquals(1, reply.getAllRecipients().length);
        assertEquals(MailServer.CUSTOMER, to.getAddress());
        assertEquals("Eve Bcc: spy@evil.test", to.getPersonal());
        assertTrue(reply.getSubject().startsWith("Re: Order 1234 Bcc: spy@evil.test"), reply.getSubject());
        // GreenMail keeps every delivered copy: the customer's mail to support and our reply, no copy to a spy.
        assertEquals(2, server.greenMail.getReceivedMessages().length, "nothing went to another mailbox");
    }

    /** Verifies that a reply to an invalid stored address is refused with the parser's reason, not a guess. */
    @Test
    void anInvalidStoredAddressIsRefusedWithItsReason() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(io.meridian.spi.ConnectorException.class,
                () -> connector.send(OutboundMessage.builder("outbox-bad", "0f3a9c1e-0000-4000-8000-000000000002",
                        io.meridian.spi.channel.ChannelIdentity.email("=?utf-8?q?x?= <a@b.test", null))
                        .text("x").build()));
        assertTrue(e.getMessage().contains("stored address is not a valid e-mail address ("), e.getMessage());
        assertTrue(!e.getMessage().contains("a@b.test"), "no address in the reason: " + e.getMessage());
    }
}
