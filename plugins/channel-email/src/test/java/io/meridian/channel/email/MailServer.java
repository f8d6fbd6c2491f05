package io.meridian.channel.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An in-process GreenMail server (SMTP and IMAP on free loopback ports) with two mailboxes: the support mailbox the
 * connector reads, and a customer who writes to it and receives the replies. Start one per test, stop it after.
 */
final class MailServer implements AutoCloseable {

    static final String SUPPORT = "support@meridian.test";
    static final String SUPPORT_LOGIN = "support";
    static final String SUPPORT_PASSWORD = "s3cret-Support-pw";
    static final String CUSTOMER = "maria.lopez@example.org";
    static final String CUSTOMER_LOGIN = "maria";
    static final String CUSTOMER_PASSWORD = "maria-pw";

    private static final long STARTUP_TIMEOUT_MILLIS = 20_000;

    final GreenMail greenMail;
    final GreenMailUser support;
    final GreenMailUser customer;

    MailServer() {
        this(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    }

    MailServer(ServerSetup[] setups) {
        for (ServerSetup setup : setups) {
            // GreenMail's 2 s default start-up wait is too short on a loaded 2-core CI machine.
            setup.setServerStartupTimeout(STARTUP_TIMEOUT_MILLIS);
        }
        greenMail = new GreenMail(setups);
        greenMail.start();
        support = greenMail.setUser(SUPPORT, SUPPORT_LOGIN, SUPPORT_PASSWORD);
        customer = greenMail.setUser(CUSTOMER, CUSTOMER_LOGIN, CUSTOMER_PASSWORD);
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    int imapPort() {
        return greenMail.getImap().getPort();
    }

    /**
     * @return a configuration that works against this server: plain connections, plain polling (IMAP IDLE off, so a
     *         poll returns as soon as the waiting mail is handled), and a budget no test mail exceeds
     */
    Map<String, String> config() {
        Map<String, String> values = new HashMap<>();
        values.put(EmailChannelFactory.IMAP_HOST, "127.0.0.1");
        values.put(EmailChannelFactory.IMAP_PORT, Integer.toString(imapPort()));
        values.put(EmailChannelFactory.IMAP_SECURITY, "none");
        values.put(EmailChannelFactory.IMAP_USER, SUPPORT_LOGIN);
        values.put(EmailChannelFactory.IMAP_PASSWORD, SUPPORT_PASSWORD);
        values.put(EmailChannelFactory.SMTP_HOST, "127.0.0.1");
        values.put(EmailChannelFactory.SMTP_PORT, Integer.toString(smtpPort()));
        values.put(EmailChannelFactory.SMTP_SECURITY, "none");
        values.put(EmailChannelFactory.FROM_ADDRESS, SUPPORT);
        values.put(EmailChannelFactory.FROM_NAME, "Meridian Support");
        values.put(EmailChannelFactory.USE_IDLE, "false");
        values.put(EmailChannelFactory.POLL_INTERVAL_SECONDS, "20");
        values.put(EmailChannelFactory.MAX_POLL_SECONDS, "20");
        return values;
    }

    /** Creates and starts a connector for {@code values}; the caller closes it. */
    static ChannelConnector connector(FakeChannelContext context, Map<String, String> values) throws Exception {
        EmailChannelFactory factory = new EmailChannelFactory();
        ChannelConnector connector = factory.create(context, ConnectorConfig.of(factory.descriptor(), values));
        try {
            connector.start();
        } catch (Exception e) {
            connector.close();
            throw e;
        }
        return connector;
    }

    static FakeChannelContext context() {
        return FakeChannelContext.builder().pluginId(EmailChannelFactory.ID).instanceId("support").build();
    }

    static ChannelIdentity customerIdentity() {
        return ChannelIdentity.email(CUSTOMER, "María López");
    }

    /** A session for the customer's own mail program. */
    Session customerSession() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort()));
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", Integer.toString(imapPort()));
        return Session.getInstance(p);
    }

    /** A new mail from the customer to the support mailbox, ready for content. */
    MimeMessage newCustomerMail(String subject) throws Exception {
        MimeMessage mail = new MimeMessage(customerSession());
        mail.setFrom(new InternetAddress("Maria.Lopez@Example.org", "María López", "UTF-8"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT, "Support"));
        mail.setSubject(subject, "UTF-8");
        mail.setSentDate(new java.util.Date());
        return mail;
    }

    /** Sends a mail through the server's SMTP, as the customer's mail program would. */
    void send(MimeMessage mail) throws Exception {
        mail.saveChanges();
        try (Transport transport = customerSession().getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(mail, mail.getAllRecipients());
        }
    }

    /** Puts raw bytes into the support INBOX exactly as given, as a broken mail program might produce them. */
    void deliverRaw(String raw) throws Exception {
        MimeMessage mail = new MimeMessage(customerSession(),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        support.deliver(mail);
    }

    /** @return the flags of every mail in a folder of a mailbox, read over IMAP */
    List<Flags> flags(String login, String password, String folderName) throws Exception {
        try (Store store = customerSession().getStore("imap")) {
            store.connect("127.0.0.1", imapPort(), login, password);
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            List<Flags> result = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                result.add(m.getFlags());
            }
            folder.close(false);
            return result;
        }
    }

    List<Flags> supportInboxFlags() throws Exception {
        return flags(SUPPORT_LOGIN, SUPPORT_PASSWORD, "INBOX");
    }

    /** @return the mails in the customer's INBOX, fully loaded */
    List<MimeMessage> customerInbox() throws Exception {
        List<MimeMessage> result = new ArrayList<>();
        try (Store store = customerSession().getStore("imap")) {
            store.connect("127.0.0.1", imapPort(), CUSTOMER_LOGIN, CUSTOMER_PASSWORD);
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            for (Message m : folder.getMessages()) {
                result.add(new MimeMessage((MimeMessage) m)); // detached copy, readable after logout
            }
            folder.close(false);
        }
        return result;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
