package io.meridian.channel.email;

import static io.meridian.channel.email.EmailChannelFactory.FROM_ADDRESS;
import static io.meridian.channel.email.EmailChannelFactory.FROM_NAME;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_FOLDER;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_HOST;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_PASSWORD;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_PORT;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_SECURITY;
import static io.meridian.channel.email.EmailChannelFactory.IMAP_USER;
import static io.meridian.channel.email.EmailChannelFactory.MAX_ATTACHMENT_BYTES;
import static io.meridian.channel.email.EmailChannelFactory.MAX_POLL_SECONDS;
import static io.meridian.channel.email.EmailChannelFactory.MAX_READ_FAILURES;
import static io.meridian.channel.email.EmailChannelFactory.POLL_INTERVAL_SECONDS;
import static io.meridian.channel.email.EmailChannelFactory.PROCESSED_FOLDER;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_AUTHENTICATION;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_HOST;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_PASSWORD;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_PORT;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_SECURITY;
import static io.meridian.channel.email.EmailChannelFactory.SMTP_USER;
import static io.meridian.channel.email.EmailChannelFactory.TRUST_ALL_CERTIFICATES;
import static io.meridian.channel.email.EmailChannelFactory.USE_IDLE;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.InvalidConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One mailbox instance's configuration, typed and checked for what the descriptor alone cannot express (security
 * names, positive limits, fitting durations). Holds the two passwords as {@code char[]} so {@link #wipe()} can clear
 * them when the instance closes; {@link #toString()} never shows them.
 */
final class EmailSettings {

    /** A mail server: where it is and how the connection is protected. */
    record Server(String protocol, String host, int port, MailSecurity security) {
        /** @return e.g. {@code IMAP server imap.example.com:993}, for messages to the admin */
        String describe() {
            return protocol + " server " + host + ":" + port;
        }
    }

    final Server imap;
    final String imapUser;
    private final char[] imapPassword;
    final String folder;
    final Optional<String> processedFolder;
    final boolean useIdle;
    final Server smtp;
    final boolean smtpAuthentication;
    final String smtpUser;
    private final char[] smtpPassword;
    final String fromAddress;
    final Optional<String> fromName;
    final int maxAttachmentBytes;
    final Duration pollInterval;
    final Duration maxPoll;
    final boolean trustAllCertificates;
    /** Times a mail may break the connection while it is read before it is set aside. */
    final int maxReadFailures;

    private EmailSettings(ConnectorConfig config, Map<String, String> problems) {
        imap = new Server("IMAP", config.string(IMAP_HOST), config.integer(IMAP_PORT),
                security(config, IMAP_SECURITY, problems));
        imapUser = config.string(IMAP_USER);
        imapPassword = config.secret(IMAP_PASSWORD);
        folder = config.string(IMAP_FOLDER);
        processedFolder = config.optional(PROCESSED_FOLDER).filter(s -> !s.isBlank());
        if (processedFolder.isPresent() && processedFolder.get().equalsIgnoreCase(folder)) {
            problems.put(PROCESSED_FOLDER, "must differ from the folder that is read ('" + folder
                    + "'); leave it empty to mark processed mail as read instead");
        }
        useIdle = config.bool(USE_IDLE);
        smtp = new Server("SMTP", config.string(SMTP_HOST), config.integer(SMTP_PORT),
                security(config, SMTP_SECURITY, problems));
        smtpAuthentication = config.bool(SMTP_AUTHENTICATION);
        smtpUser = config.optional(SMTP_USER).filter(s -> !s.isBlank()).orElse(imapUser);
        smtpPassword = config.has(SMTP_PASSWORD) ? config.secret(SMTP_PASSWORD) : imapPassword.clone();
        fromAddress = config.string(FROM_ADDRESS).toLowerCase(Locale.ROOT);
        fromName = config.optional(FROM_NAME).filter(s -> !s.isBlank());
        maxAttachmentBytes = config.integer(MAX_ATTACHMENT_BYTES);
        if (maxAttachmentBytes < 1) {
            problems.put(MAX_ATTACHMENT_BYTES, "expected a positive number of bytes, e.g. 20971520 for 20 MiB");
        }
        int interval = config.integer(POLL_INTERVAL_SECONDS);
        if (interval < 1 || interval > 86_400) {
            problems.put(POLL_INTERVAL_SECONDS, "expected 1 to 86400 seconds");
        }
        pollInterval = Duration.ofSeconds(Math.max(1, interval));
        int poll = config.integer(MAX_POLL_SECONDS);
        if (poll < 1 || poll > 3_600) {
            problems.put(MAX_POLL_SECONDS, "expected 1 to 3600 seconds (below the node's plugin call timeout)");
        }
        maxPoll = Duration.ofSeconds(Math.max(1, poll));
        trustAllCertificates = config.bool(TRUST_ALL_CERTIFICATES);
        int failures = config.integer(MAX_READ_FAILURES);
        if (failures < 1 || failures > 100) {
            problems.put(MAX_READ_FAILURES, "expected 1 to 100 attempts");
        }
        maxReadFailures = Math.max(1, failures);
    }

    /**
     * @param config the validated configuration
     * @return the settings
     * @throws InvalidConfigException naming each property whose value does not fit
     */
    static EmailSettings from(ConnectorConfig config) throws InvalidConfigException {
        Map<String, String> problems = new LinkedHashMap<>();
        EmailSettings settings = new EmailSettings(config, problems);
        if (!problems.isEmpty()) {
            settings.wipe();
            throw new InvalidConfigException(problems);
        }
        return settings;
    }

    private static MailSecurity security(ConnectorConfig config, String property, Map<String, String> problems) {
        String value = config.string(property);
        return MailSecurity.parse(value).orElseGet(() -> {
            problems.put(property, "expected " + MailSecurity.CHOICES + ", got '" + value + "'");
            return MailSecurity.TLS;
        });
    }

    /**
     * The longest a poll may work or wait in IMAP IDLE: {@link #maxPoll}, but never longer than the poll interval.
     *
     * @return the budget of one poll
     */
    Duration pollBudget() {
        return maxPoll.compareTo(pollInterval) < 0 ? maxPoll : pollInterval;
    }

    /** @return the IMAP password; the caller turns it into a String only for the login call */
    char[] imapPassword() {
        return imapPassword.clone();
    }

    /** @return the SMTP password (the IMAP one unless set) */
    char[] smtpPassword() {
        return smtpPassword.clone();
    }

    /** @return the domain of the from address, used in generated Message-IDs */
    String fromDomain() {
        return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }

    /** Clears both passwords; the settings cannot log in afterwards. */
    void wipe() {
        Arrays.fill(imapPassword, '\0');
        Arrays.fill(smtpPassword, '\0');
    }

    @Override
    public String toString() {
        return "EmailSettings[" + imap.describe() + " " + imap.security() + ", folder " + folder + ", "
                + smtp.describe() + " " + smtp.security() + "]";
    }
}
