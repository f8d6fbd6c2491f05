package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.testkit.FakeChannelContext;
import io.meridian.spi.testkit.LoggedLine;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One mail that makes the IMAP server drop the connection whenever its structure is read (here: a multipart whose
 * boundary never appears, and a proxy that cuts the connection when its BODYSTRUCTURE passes) never blocks the
 * mailbox: the mail after it arrives in the same poll, and after three failed readings it is set aside.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SetAsideTest {

    private static final String MARKER = "boundary-that-never-appears";

    private MailServer server;
    private CuttingImapProxy proxy;
    private FakeChannelContext context;
    private ChannelConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new MailServer();
        proxy = new CuttingImapProxy(server.imapPort(), MARKER);
        send("Before the broken one", "First question.");
        server.deliverRaw(String.join("\r\n",
                "From: =?UTF-8?Q?Mar=C3=ADa_L=C3=B3pez?= <" + MailServer.CUSTOMER + ">",
                "To: " + MailServer.SUPPORT,
                "Subject: Invoice 77",
                "Message-ID: <broken.77@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"" + MARKER + "\"",
                "",
                "This body never contains its boundary.",
                ""));
        send("After the broken one", "Second question.");
        context = MailServer.context();
        connector = MailServer.connector(context, config());
    }

    /**
     * Through the proxy, and with mail over 100 bytes parsed in place: mail read whole is parsed from memory and its
     * structure is never asked for, so only in place does the server get to break on it.
     */
    private Map<String, String> config() {
        Map<String, String> config = server.config();
        config.put(EmailChannelFactory.IMAP_PORT, Integer.toString(proxy.port()));
        config.put(EmailChannelFactory.MAX_ATTACHMENT_BYTES, "100");
        return config;
    }

    private void send(String subject, String text) throws Exception {
        MimeMessage mail = server.newCustomerMail(subject);
        mail.setText(text);
        server.send(mail);
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        proxy.close();
        server.close();
    }

    private List<String> subjects() {
        return context.received().stream().map(InboundMessage::subject).toList();
    }

    /**
     * Verifies that each poll succeeds and takes the good mail on both sides of the broken one, that the broken one
     * is read once per poll and set aside after the third failure (flagged, reported with sender and subject, logged
     * by UID only), and that a fourth poll no longer touches it.
     */
    @Test
    void aMailThatBreaksTheConnectionIsSetAsideAndTheRestFlows() throws Exception {
        connector.poll();
        assertEquals(List.of("Before the broken one", "After the broken one"), subjects(),
                "the mail after the broken one arrived in the same poll");
        assertEquals(1, proxy.cuts());
        assertTrue(context.setAside().isEmpty(), "not yet set aside after one failure");

        connector.poll();
        assertEquals(2, proxy.cuts(), "tried again in the next poll, over a new connection");
        assertTrue(context.setAside().isEmpty());

        connector.poll();
        assertEquals(3, proxy.cuts());
        assertEquals(1, context.setAside().size(), "set aside after the third failure");
        List<String> item = context.setAside().get(0);
        assertTrue(item.get(0).startsWith("UID 2 "), item.get(0));
        assertEquals("María López <" + MailServer.CUSTOMER + ">", item.get(1));
        assertEquals("Invoice 77", item.get(2));
        List<Flags> flags = server.supportInboxFlags();
        assertTrue(flags.get(1).contains(Mailbox.REJECTED_KEYWORD), flags.toString());
        assertFalse(flags.get(1).contains(Flags.Flag.SEEN), "left unread for a person to look at");

        connector.poll();
        assertEquals(3, proxy.cuts(), "a set-aside mail is not read again");
        assertEquals(2, context.received().size());
        assertTrue(context.loggedAnything("mail UID 2 in folder INBOX broke the connection each of the 3 times"));
        for (LoggedLine line : context.logged()) {
            assertFalse(line.message().contains("Invoice 77") || line.message().contains(MailServer.CUSTOMER)
                    || line.message().contains("López"), "no personal data in the log: " + line.message());
        }
    }

    /**
     * Verifies that a server breaking on anything of the mail (here: any line with its boundary, its header
     * included) breaks the batch the mail is in without a mail being blamed; the rest of the check reads mail one by
     * one, so the good mail on both sides arrives in the same poll and the break is put down to the right mail, which
     * is set aside after its third failure and then no longer read.
     */
    @Test
    void aBatchTheServerBreaksOnIsReadOneByOne() throws Exception {
        connector.close();
        proxy.close();
        proxy = new CuttingImapProxy(server.imapPort(), MARKER, true);
        Map<String, String> config = server.config(); // mail read whole, as by default
        config.put(EmailChannelFactory.IMAP_PORT, Integer.toString(proxy.port()));
        context = MailServer.context();
        connector = MailServer.connector(context, config);

        connector.poll();
        assertEquals(List.of("Before the broken one", "After the broken one"), subjects());
        assertEquals(2, proxy.cuts(), "once on the batch, once on the mail read alone");
        assertTrue(context.loggedAnything("fetching a batch of 3 mails in folder INBOX broke the connection"));
        assertTrue(context.loggedAnything("reading mail UID 2 in folder INBOX broke the connection"));
        assertTrue(context.setAside().isEmpty());

        connector.poll();
        connector.poll();
        assertEquals(4, proxy.cuts(), "alone in its batch now, the mail breaks each poll once, and is blamed");
        assertEquals(1, context.setAside().size(), "set aside after the third failure");
        assertTrue(context.setAside().get(0).get(0).startsWith("UID 2 "), context.setAside().get(0).get(0));
        assertTrue(server.supportInboxFlags().get(1).contains(Mailbox.REJECTED_KEYWORD));

        connector.poll();
        assertEquals(4, proxy.cuts(), "a set-aside mail is not read again");
        assertEquals(2, context.received().size());
    }

    /** Verifies that the number of attempts is the instance's setting. */
    @Test
    void theNumberOfAttemptsIsConfigurable() throws Exception {
        connector.close();
        Map<String, String> config = config();
        config.put(EmailChannelFactory.MAX_READ_FAILURES, "1");
        context = MailServer.context();
        connector = MailServer.connector(context, config);
        connector.poll();
        assertEquals(1, proxy.cuts());
        assertEquals(1, context.setAside().size(), "set aside after its one allowed failure");
        assertEquals(2, context.received().size());
    }
}
