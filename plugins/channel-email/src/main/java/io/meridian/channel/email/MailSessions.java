package io.meridian.channel.email;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;

/**
 * Builds the Jakarta Mail session of one mailbox and runs mail code with the plugin's class loader as the thread's
 * context class loader.
 *
 * <p>Every IMAP and SMTP connection is opened through the appliance's residency-checked socket factory
 * ({@code ConnectorContext.sockets()}), which checks the server's addresses at each connect and connects to the
 * address it checked. TLS (from the first byte, or after STARTTLS) is layered over that socket by Jakarta Mail with
 * the server's host name, so the certificate is still checked against the name.
 *
 * <p>Why the class loader: Jakarta Mail finds its providers (IMAP, SMTP) and stream support through the context
 * class loader. The node may carry its own copy of Jakarta Mail; without this the plugin would get the node's
 * provider classes, which do not fit the plugin's copy of the API.
 */
final class MailSessions {

    /** How long to wait for a TCP connection and the server's greeting. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** How long one read or write may block, outside IMAP IDLE. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(30);

    private MailSessions() {
    }

    /**
     * @param settings the mailbox
     * @param sockets the socket factory every connection is opened through
     * @return a session configured for both servers; thread-safe
     */
    static Session create(EmailSettings settings, SocketFactory sockets) {
        Properties p = new Properties();
        server(p, "imap", settings.imap, settings.trustAllCertificates, sockets);
        // IMAP IDLE blocks in a read until the server speaks or we end it: leave room beyond the longest wait.
        long imapRead = IO_TIMEOUT.plus(settings.pollBudget()).toMillis();
        p.setProperty("mail.imap.timeout", Long.toString(imapRead));
        // Fetch with BODY.PEEK: a mail must stay unread until the appliance has committed it.
        p.setProperty("mail.imap.peek", "true");
        // One connection per folder; no pooled store connections left behind.
        p.setProperty("mail.imap.connectionpoolsize", "1");
        // Bodies in pieces of 1 MiB, not the default 16 KiB: a mail is read in one request, not one per 16 KiB.
        p.setProperty("mail.imap.fetchsize", Integer.toString(1024 * 1024));

        server(p, "smtp", settings.smtp, settings.trustAllCertificates, sockets);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.smtpAuthentication));
        p.setProperty("mail.smtp.from", settings.fromAddress);

        // Be lenient with what customers' mail programs send: a broken address must not lose the mail.
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        return withPluginClassLoader(() -> Session.getInstance(p));
    }

    private static void server(Properties p, String protocol, EmailSettings.Server server, boolean trustAll,
            SocketFactory sockets) {
        String prefix = "mail." + protocol + ".";
        // A plain factory for both: with TLS from the first byte Jakarta Mail connects the factory's socket, then
        // layers TLS over it with the host name (honouring ssl.trust); STARTTLS does the same later.
        p.put(prefix + "socketFactory", sockets);
        p.put(prefix + "ssl.socketFactory", sockets);
        // By default a failing factory is retried with a direct socket: that would bypass the residency check.
        p.setProperty(prefix + "socketFactory.fallback", "false");
        p.setProperty(prefix + "host", server.host());
        p.setProperty(prefix + "port", Integer.toString(server.port()));
        p.setProperty(prefix + "connectiontimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        p.setProperty(prefix + "timeout", Long.toString(IO_TIMEOUT.toMillis()));
        p.setProperty(prefix + "writetimeout", Long.toString(IO_TIMEOUT.toMillis()));
        p.setProperty(prefix + "ssl.enable", Boolean.toString(server.security() == MailSecurity.TLS));
        p.setProperty(prefix + "starttls.enable", Boolean.toString(server.security() == MailSecurity.STARTTLS));
        p.setProperty(prefix + "starttls.required", Boolean.toString(server.security() == MailSecurity.STARTTLS));
        if (trustAll) {
            p.setProperty(prefix + "ssl.trust", "*");
            p.setProperty(prefix + "ssl.checkserveridentity", "false");
        } else {
            p.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
    }

    /**
     * Runs mail code with this plugin's class loader as context class loader, restoring the previous one after.
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     * @throws E what it throws
     */
    static <T, E extends Exception> T withPluginClassLoader(MailWork<T, E> work) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailSessions.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Mail code that may throw a checked exception of one type.
     *
     * @param <T> the result type
     * @param <E> the exception type
     */
    @FunctionalInterface
    interface MailWork<T, E extends Exception> {
        T run() throws E;
    }
}
