package io.meridian.channel.email;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.DataEgress;
import io.meridian.spi.PropertyType;
import io.meridian.spi.channel.ChannelCapabilities;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelContext;
import org.pf4j.Extension;

/**
 * The e-mail channel: one instance per mailbox, reading customer mail from an IMAP folder (IDLE where the server
 * offers it, polling otherwise) and sending agents' replies through SMTP.
 *
 * <p>Data leaves the node only for the IMAP and SMTP servers the admin enters: the egress names those two
 * properties, so the residency policy checks the configured hosts of each instance.
 */
@Extension
public final class EmailChannelFactory implements ChannelConnectorFactory {

    /** The plugin's and the connector kind's id. */
    public static final String ID = "channel-email";

    static final String IMAP_HOST = "imapHost";
    static final String IMAP_PORT = "imapPort";
    static final String IMAP_SECURITY = "imapSecurity";
    static final String IMAP_USER = "imapUser";
    static final String IMAP_PASSWORD = "imapPassword";
    static final String IMAP_FOLDER = "imapFolder";
    static final String PROCESSED_FOLDER = "processedFolder";
    static final String USE_IDLE = "useIdle";
    static final String SMTP_HOST = "smtpHost";
    static final String SMTP_PORT = "smtpPort";
    static final String SMTP_SECURITY = "smtpSecurity";
    static final String SMTP_AUTHENTICATION = "smtpAuthentication";
    static final String SMTP_USER = "smtpUser";
    static final String SMTP_PASSWORD = "smtpPassword";
    static final String FROM_ADDRESS = "fromAddress";
    static final String FROM_NAME = "fromName";
    static final String MAX_ATTACHMENT_BYTES = "maxAttachmentBytes";
    static final String POLL_INTERVAL_SECONDS = "pollIntervalSeconds";
    static final String MAX_POLL_SECONDS = "maxPollSeconds";
    static final String TRUST_ALL_CERTIFICATES = "trustAllCertificates";
    static final String MAX_READ_FAILURES = "maxReadFailures";

    /** 20 MiB: what most mail providers accept per message. */
    static final int DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(ID, "Email")
            .description("One mailbox per instance: customer mail is read from an IMAP folder (IMAP IDLE where the "
                    + "server offers it, polling otherwise) and replies are sent through SMTP with the headers that "
                    + "keep the thread together in the customer's mail client.")
            .properties(
                    ConfigProperty.host(IMAP_HOST, "IMAP server", "Host name of the incoming mail server, e.g. "
                            + "imap.example.com."),
                    ConfigProperty.port(IMAP_PORT, "IMAP port", "993 for TLS, 143 for STARTTLS or none.", 993),
                    new ConfigProperty(IMAP_SECURITY, "IMAP security", "How the IMAP connection is protected: "
                            + MailSecurity.CHOICES + ".", PropertyType.STRING, "tls", true, false),
                    ConfigProperty.string(IMAP_USER, "IMAP user", "Login of the mailbox, often its address."),
                    ConfigProperty.secret(IMAP_PASSWORD, "IMAP password", "Password (or app password) of the "
                            + "mailbox."),
                    new ConfigProperty(IMAP_FOLDER, "Folder", "The folder whose unread mail becomes conversations.",
                            PropertyType.STRING, "INBOX", true, false),
                    ConfigProperty.string(PROCESSED_FOLDER, "Processed folder", "If set, each mail is moved to "
                            + "this folder (created if missing) once it is stored; if empty, it is only marked as "
                            + "read. Either way only unread mail is taken.").optional(),
                    ConfigProperty.bool(USE_IDLE, "Use IMAP IDLE", "Wait for new mail with IMAP IDLE when the "
                            + "server offers it, so mail arrives within seconds. Turn off for servers or proxies "
                            + "whose IDLE is unreliable; the mailbox is then polled.", true),
                    ConfigProperty.host(SMTP_HOST, "SMTP server", "Host name of the outgoing mail server, e.g. "
                            + "smtp.example.com."),
                    ConfigProperty.port(SMTP_PORT, "SMTP port", "587 for STARTTLS (submission), 465 for TLS, 25 "
                            + "for a relay.", 587),
                    new ConfigProperty(SMTP_SECURITY, "SMTP security", "How the SMTP connection is protected: "
                            + MailSecurity.CHOICES + ".", PropertyType.STRING, "starttls", true, false),
                    ConfigProperty.bool(SMTP_AUTHENTICATION, "SMTP login", "Log in to the SMTP server. Turn off "
                            + "only for a relay that accepts mail from this node without a login.", true),
                    ConfigProperty.string(SMTP_USER, "SMTP user", "Leave empty to use the IMAP user.").optional(),
                    ConfigProperty.secret(SMTP_PASSWORD, "SMTP password", "Leave empty to use the IMAP password.")
                            .optional(),
                    ConfigProperty.email(FROM_ADDRESS, "From address", "The address customers see and answer "
                            + "to, e.g. support@example.com; usually the mailbox's own address."),
                    ConfigProperty.string(FROM_NAME, "From name", "The name customers see, e.g. Example Support.")
                            .optional(),
                    ConfigProperty.integer(MAX_ATTACHMENT_BYTES, "Largest attachment (bytes)", "Attachments above "
                            + "this size are not imported; the conversation says which file was left out and the "
                            + "mail stays in the mailbox. Default 20 MiB.", DEFAULT_MAX_ATTACHMENT_BYTES),
                    ConfigProperty.integer(POLL_INTERVAL_SECONDS, "Poll interval (seconds)", "Pause between two "
                            + "checks of the mailbox.", 30),
                    ConfigProperty.integer(MAX_POLL_SECONDS, "Longest check (seconds)", "Longest one check may "
                            + "fetch mail or wait in IMAP IDLE, never more than the poll interval. Keep it below "
                            + "the node's plugins.call-timeout-seconds (30 by default).", 20),
                    ConfigProperty.integer(MAX_READ_FAILURES, "Reading attempts per mail", "How many times a "
                            + "mail whose reading breaks the connection to the IMAP server is tried (one try per "
                            + "check, the other mail goes on meanwhile) before it is set aside: flagged "
                            + Mailbox.REJECTED_KEYWORD + ", left in the folder and shown on this instance. 1 to 100.",
                            3),
                    ConfigProperty.bool(TRUST_ALL_CERTIFICATES, "Trust any certificate", "Accept any TLS "
                            + "certificate and host name from both servers. This disables the protection TLS gives "
                            + "against a machine in the middle reading mail and passwords: use it only to test "
                            + "against a server with a self-signed certificate, never in production. Instead, add "
                            + "the server's CA to the Java trust store of the node.", false))
            .capabilities(ChannelCapabilities.TEXT, ChannelCapabilities.ATTACHMENTS,
                    ChannelCapabilities.INBOUND_POLLING)
            .egress(DataEgress.fromConfig(IMAP_HOST, SMTP_HOST))
            .build();

    /** Creates the factory; PF4J calls it once per plugin load. */
    public EmailChannelFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The rules of {@link #create}, checked when an admin saves an instance (ports, sizes, intervals, addresses). */
    @Override
    public void validate(ConnectorConfig config) throws InvalidConfigException {
        EmailSettings.from(config);
    }

    /** Checks the settings only; the servers are contacted in {@link ChannelConnector#start()}. */
    @Override
    public ChannelConnector create(ChannelContext context, ConnectorConfig config) throws Exception {
        return new EmailChannelConnector(context, EmailSettings.from(config));
    }
}
