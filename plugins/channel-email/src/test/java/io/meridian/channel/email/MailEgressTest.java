package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every IMAP and SMTP connection of a mailbox goes through the context's socket factory (the appliance's
 * residency-checked one in the node), at each connect, with TLS layered over it; a refused connection fails the start,
 * poll or send with a clear, non-retryable error, and Jakarta Mail never falls back to a direct connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailEgressTest {

    private static final String REFUSED = "resolves to 203.0.113.9, which is off site";

    private static FakeChannelContext context(GatedSockets sockets) {
        return FakeChannelContext.builder().pluginId(EmailChannelFactory.ID).instanceId("support").sockets(sockets)
                .build();
    }

    private static OutboundMessage reply(InboundMessage to) {
        return OutboundMessage.builder("outbox-egress-1", "3f2a9c1e-77b0-4d7e-9a51-0c7e2f6b1a90",
                MailServer.customerIdentity()).subject(to.subject()).text("A replacement is on its way.")
                .inReplyTo(to.externalId()).build();
    }

    /**
     * Verifies that the start (IMAP login, SMTP check), a poll and a send connect through the factory only: the
     * factory saw the IMAP and the SMTP server by the configured host, and the mail went through.
     */
    @Test
    void startPollAndSendConnectThroughTheContextsFactory() throws Exception {
        try (MailServer server = new MailServer()) {
            GatedSockets sockets = new GatedSockets();
            FakeChannelContext context = context(sockets);
            ChannelConnector connector = MailServer.connector(context, server.config());
            try {
                GatedSockets.Connect imap = new GatedSockets.Connect("127.0.0.1", server.imapPort());
                GatedSockets.Connect smtp = new GatedSockets.Connect("127.0.0.1", server.smtpPort());
                assertTrue(sockets.connects().contains(imap), sockets.connects().toString());
                assertTrue(sockets.connects().contains(smtp), sockets.connects().toString());

                MimeMessage mail = server.newCustomerMail("Order 1234 arrived damaged");
                mail.setText("The box was crushed.");
                server.send(mail);
                connector.poll();
                assertEquals(1, context.received().size());
                int before = (int) sockets.connects().stream().filter(smtp::equals).count();
                connector.send(reply(context.received().get(0)));
                assertEquals(before + 1, sockets.connects().stream().filter(smtp::equals).count(),
                        "the send opened its own SMTP connection through the factory");
                assertEquals(1, server.greenMail.getReceivedMessagesForDomain("example.org").length,
                        "the reply reached the customer");
                assertEquals(imap, sockets.connects().get(0), "the first connection is the IMAP login");
                assertTrue(sockets.connects().stream().allMatch(c -> c.equals(imap) || c.equals(smtp)),
                        sockets.connects().toString());
            } finally {
                connector.close();
            }
        }
    }

    /**
     * Verifies that IMAP and SMTP with TLS from the first byte connect through the factory too (TLS layered over its
     * socket) and work.
     */
    @Test
    void tlsConnectionsAreLayeredOverTheFactorysSockets() throws Exception {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP,
                ServerSetupTest.IMAP, ServerSetupTest.SMTPS, ServerSetupTest.IMAPS});
        try (MailServer server = new MailServer(setups)) {
            Map<String, String> values = new HashMap<>(server.config());
            int imaps = server.greenMail.getImaps().getPort();
            int smtps = server.greenMail.getSmtps().getPort();
            values.put(EmailChannelFactory.IMAP_PORT, Integer.toString(imaps));
            values.put(EmailChannelFactory.IMAP_SECURITY, "tls");
            values.put(EmailChannelFactory.SMTP_PORT, Integer.toString(smtps));
            values.put(EmailChannelFactory.SMTP_SECURITY, "tls");
            values.put(EmailChannelFactory.TRUST_ALL_CERTIFICATES, "true"); // GreenMail's certificate is self-signed
            GatedSockets sockets = new GatedSockets();
            FakeChannelContext context = context(sockets);
            ChannelConnector connector = MailServer.connector(context, values);
            try {
                assertTrue(sockets.connects().contains(new GatedSockets.Connect("127.0.0.1", imaps)),
                        sockets.connects().toString());
                assertTrue(sockets.connects().contains(new GatedSockets.Connect("127.0.0.1", smtps)),
                        sockets.connects().toString());
                MimeMessage mail = server.newCustomerMail("Over TLS");
                mail.setText("read over IMAPS");
                server.greenMail.getUserManager().getUser(MailServer.SUPPORT_LOGIN).deliver(mail);
                connector.poll();
                assertEquals("read over IMAPS", context.received().get(0).text().strip());
            } finally {
                connector.close();
            }
        }
    }

    /**
     * Verifies that a refused IMAP connection fails the start with a non-retryable error that names the server and
     * the reason, and that Jakarta Mail did not fall back to a direct connection (which would have logged in).
     */
    @Test
    void aRefusedConnectionFailsTheStartWithoutFallingBack() throws Exception {
        try (MailServer server = new MailServer()) {
            GatedSockets sockets = new GatedSockets();
            sockets.refuse(REFUSED);
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> MailServer.connector(context(sockets), server.config()));
            assertFalse(e.retryable(), e.getMessage());
            assertEquals("the node refused to connect to IMAP server 127.0.0.1:" + server.imapPort() + " (log in as '"
                    + MailServer.SUPPORT_LOGIN + "' and open folder 'INBOX'): host '127.0.0.1' " + REFUSED,
                    e.getMessage());
            assertEquals(List.of(new GatedSockets.Connect("127.0.0.1", server.imapPort())), sockets.connects());
        }
    }

    /**
     * Verifies that the check is made at each connection: after a good start the factory starts refusing (the host
     * now resolves off site); the next send is refused and nothing reaches the customer, and once the IMAP connection
     * drops, the poll's new connection is refused too.
     */
    @Test
    void aConnectionAfterTheAnswerChangedIsRefused() throws Exception {
        try (MailServer server = new MailServer()) {
            GatedSockets sockets = new GatedSockets();
            FakeChannelContext context = context(sockets);
            MimeMessage mail = server.newCustomerMail("Order 1234 arrived damaged");
            mail.setText("The box was crushed.");
            server.send(mail);
            ChannelConnector connector = MailServer.connector(context, server.config());
            try {
                connector.poll();
                InboundMessage question = context.received().get(0);
                sockets.refuse(REFUSED);

                ConnectorException sendRefused = assertThrows(ConnectorException.class,
                        () -> connector.send(reply(question)));
                assertFalse(sendRefused.retryable());
                assertEquals("the node refused to connect to SMTP server 127.0.0.1:" + server.smtpPort()
                        + " (log in as '" + MailServer.SUPPORT_LOGIN + "' to send): host '127.0.0.1' " + REFUSED,
                        sendRefused.getMessage());
                assertEquals(0, server.greenMail.getReceivedMessagesForDomain("example.org").length,
                        "nothing was sent to the customer");

                sockets.dropAll();
                ConnectorException pollRefused = assertThrows(ConnectorException.class, connector::poll);
                assertFalse(pollRefused.retryable(), pollRefused.getMessage());
                assertTrue(pollRefused.getMessage().startsWith("the node refused to connect to IMAP server 127.0.0.1:"
                        + server.imapPort()), pollRefused.getMessage());
                assertTrue(pollRefused.getMessage().endsWith(REFUSED), pollRefused.getMessage());
            } finally {
                connector.close();
            }
        }
    }
}
