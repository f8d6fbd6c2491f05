package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What start() says when a mailbox cannot be used: each failure names the server and says whether to retry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartFailureTest {

    private static ConnectorException startFails(Map<String, String> values) throws Exception {
        FakeChannelContext context = MailServer.context();
        ConnectorException e = assertThrows(ConnectorException.class, () -> MailServer.connector(context, values));
        assertFalse(e.getMessage().contains(MailServer.SUPPORT_PASSWORD), "never the password: " + e.getMessage());
        assertFalse(context.loggedAnything(MailServer.SUPPORT_PASSWORD));
        return e;
    }

    /** Verifies that an unreachable IMAP server is retryable and named with its port. */
    @Test
    void unreachableImapServerIsRetryable() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.IMAP_PORT, Integer.toString(closedPort()));
            ConnectorException e = startFails(values);
            assertTrue(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot connect to IMAP server 127.0.0.1:" + values.get(
                    EmailChannelFactory.IMAP_PORT)), e.getMessage());
        }
    }

    /** Verifies that an unreachable SMTP server fails start (after a good IMAP login) and is retryable. */
    @Test
    void unreachableSmtpServerIsRetryable() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.SMTP_PORT, Integer.toString(closedPort()));
            ConnectorException e = startFails(values);
            assertTrue(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().contains("SMTP server 127.0.0.1:"), e.getMessage());
        }
    }

    /** Verifies that a refused IMAP login is not retryable, names the server and not the password. */
    @Test
    void refusedImapLoginIsNotRetryable() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.IMAP_PASSWORD, "wrong-" + MailServer.SUPPORT_PASSWORD);
            ConnectorException e = startFails(values);
            assertFalse(e.retryable());
            assertEquals("IMAP server 127.0.0.1:" + server.imapPort() + " refused the login (log in as 'support' "
                    + "and open folder 'INBOX'); check the user name and password of this mailbox", e.getMessage());
            assertFalse(e.getMessage().contains("wrong-"));
        }
    }

    /** Verifies that a refused SMTP login is not retryable and names the SMTP server. */
    @Test
    void refusedSmtpLoginIsNotRetryable() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.SMTP_PASSWORD, "wrong-smtp-password");
            ConnectorException e = startFails(values);
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("SMTP server 127.0.0.1:" + server.smtpPort()
                    + " refused the login"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-smtp-password"));
        }
    }

    /** Verifies that a folder that does not exist is reported, not retried. */
    @Test
    void missingFolderIsNotRetryable() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.IMAP_FOLDER, "Kundenservice");
            ConnectorException e = startFails(values);
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("has no folder 'Kundenservice'"), e.getMessage());
        }
    }

    /**
     * Verifies that TLS to a server with an untrusted (self-signed) certificate is refused with a clear message,
     * and works when the admin chose to trust any certificate.
     */
    @Test
    void untrustedCertificateIsRefusedUnlessTrustAllIsChosen() throws Exception {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.IMAP,
                ServerSetupTest.IMAPS});
        try (MailServer server = new MailServer(setups)) {
            Map<String, String> values = new HashMap<>(server.config());
            values.put(EmailChannelFactory.IMAP_PORT, Integer.toString(server.greenMail.getImaps().getPort()));
            values.put(EmailChannelFactory.IMAP_SECURITY, "tls");
            ConnectorException e = startFails(values);
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS with IMAP server 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());

            values.put(EmailChannelFactory.TRUST_ALL_CERTIFICATES, "true");
            FakeChannelContext context = MailServer.context();
            ChannelConnector connector = MailServer.connector(context, values);
            try {
                MimeMessage mail = server.newCustomerMail("over TLS");
                mail.setText("read over IMAPS");
                server.send(mail);
                connector.poll();
                assertEquals("read over IMAPS", context.received().get(0).text().strip());
            } finally {
                connector.close();
            }
        }
    }

    /** Verifies that settings that do not fit are refused by create(), naming the property. */
    @Test
    void unfitSettingsAreRefusedByName() throws Exception {
        try (MailServer server = new MailServer()) {
            Map<String, String> values = server.config();
            values.put(EmailChannelFactory.SMTP_SECURITY, "ssl3");
            values.put(EmailChannelFactory.PROCESSED_FOLDER, "inbox");
            values.put(EmailChannelFactory.MAX_ATTACHMENT_BYTES, "0");
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> MailServer.connector(MailServer.context(), values));
            assertEquals(java.util.Set.of(EmailChannelFactory.SMTP_SECURITY, EmailChannelFactory.PROCESSED_FOLDER,
                    EmailChannelFactory.MAX_ATTACHMENT_BYTES), e.problems().keySet());
            assertTrue(e.problems().get(EmailChannelFactory.SMTP_SECURITY).contains("none, starttls or tls"));
        }
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
