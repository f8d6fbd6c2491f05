package io.meridian.channel.email;

import static io.meridian.channel.email.MailSessions.withPluginClassLoader;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One mailbox: IMAP in, SMTP out.
 *
 * <h2>Inbound, exactly once</h2>
 * {@link #poll()} takes the unread mail of the folder, oldest first, and for each: parses it, hands it to
 * {@link ChannelContext#receive}, which returns once the appliance committed it, and only then marks it processed
 * (read, or moved to the processed folder). If the node stops between the two, the mail is still unread and is
 * fetched again; {@code receive} is idempotent on the external id (the Message-ID), so the appliance stores it once.
 * Mail is fetched with {@code BODY.PEEK}, so fetching alone never marks it read.
 *
 * <p>With IMAP IDLE (when enabled and offered), a poll that found nothing waits in IDLE for new mail and takes it
 * at once, for at most {@link EmailSettings#pollBudget()}, so it always returns within the host's call timeout.
 *
 * <h2>Bad mail</h2>
 * A mail with unreadable parts is delivered with what could be read and a note; one from which nothing can be
 * made is flagged {@value Mailbox#REJECTED_KEYWORD} and left in the folder. A mail the appliance refuses
 * (non-retryable) {@value #MAX_RECEIVE_ATTEMPTS} times is flagged the same way. If the appliance cannot commit now
 * (retryable), the poll stops and the mail waits for the next one. Log lines name the folder and UID, never an
 * address, subject or text.
 *
 * <p>A mail whose reading breaks the connection (some servers drop it when they cannot build a mail's structure)
 * never blocks the mailbox: the connector logs in again and goes on with the next mail; that one is tried again in
 * the next poll. After {@link EmailSettings#maxReadFailures} such failures (counted per UIDVALIDITY and UID in this
 * connector, so across reconnects but not across a restart of the instance) it is <em>set aside</em>: flagged
 * {@value Mailbox#REJECTED_KEYWORD}, left in the folder and not fetched again, reported to the appliance with its
 * sender and subject ({@link ChannelContext#setAside}) and logged with its UID only.
 *
 * <h2>Outbound</h2>
 * {@link #send} opens an SMTP connection per message, so a broken connection never outlives one send.
 */
final class EmailChannelConnector implements ChannelConnector {

    /** Mails handled per poll at most; the rest follow in the next poll. */
    static final int MAX_PER_POLL = 100;
    /** Non-retryable refusals by the appliance before a mail is flagged and no longer fetched. */
    static final int MAX_RECEIVE_ATTEMPTS = 3;

    private final ChannelContext context;
    private final EmailSettings settings;
    private final Session session;
    private final InboundMailParser parser;
    private final OutboundMailComposer composer;
    private final System.Logger log;
    private final ReentrantLock polling = new ReentrantLock();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    /** Reading failures by UIDVALIDITY:UID; lives as long as the connector, so it outlasts reconnects. */
    private final Map<String, ReadFailures> readFailures = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor idleTimer;
    private volatile Mailbox mailbox;
    private volatile boolean closed;

    EmailChannelConnector(ChannelContext context, EmailSettings settings) {
        this.context = context;
        this.settings = settings;
        this.session = MailSessions.create(settings, context.sockets());
        this.parser = new InboundMailParser(settings.maxAttachmentBytes, settings.fromAddress);
        this.composer = new OutboundMailComposer(session, settings, context.clock());
        this.log = context.logger();
        this.idleTimer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "meridian-email-idle-" + context.instanceId());
            t.setDaemon(true);
            return t;
        });
        this.idleTimer.setRemoveOnCancelPolicy(true);
    }

    /** Logs in to the IMAP server, opens the folder, and checks that the SMTP server takes the login. */
    @Override
    public void start() throws Exception {
        withPluginClassLoader(() -> {
            Mailbox box = Mailbox.open(session, settings);
            try {
                Transport transport = connectSmtp("check the connection at start");
                closeQuietly(transport);
            } catch (ConnectorException e) {
                box.close();
                throw e;
            }
            mailbox = box;
            log.log(Level.INFO, "mailbox ready: {0}, folder {1}, IDLE {2}; {3}", settings.imap.describe(),
                    settings.folder, settings.useIdle && box.offersIdle() ? "on" : "off", settings.smtp.describe());
            return null;
        });
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval;
    }

    @Override
    public void poll() throws Exception {
        if (closed) {
            throw new ConnectorException("this mailbox connector is closed", false, null);
        }
        polling.lockInterruptibly();
        try {
            withPluginClassLoader(() -> {
                long deadline = System.nanoTime() + settings.pollBudget().toNanos();
                Mailbox box = openMailbox();
                try {
                    box = drain(box, deadline);
                    if (settings.useIdle && box.offersIdle()) {
                        idleUntil(box, deadline);
                    }
                } catch (MessagingException e) {
                    throw MailFailures.classify(settings.imap, "fetch mail from folder '" + settings.folder + "'",
                            e);
                }
                return null;
            });
        } finally {
            polling.unlock();
        }
    }

    /** Waits for new mail in IDLE and takes it, until the poll's budget is used. */
    private void idleUntil(Mailbox box, long deadline) throws Exception {
        long minimum = TimeUnit.MILLISECONDS.toNanos(200);
        while (!closed && !Thread.currentThread().isInterrupted() && deadline - System.nanoTime() > minimum) {
            box.idle(Duration.ofNanos(deadline - System.nanoTime()), idleTimer);
            if (closed) {
                return;
            }
            if (!box.isOpen()) {
                box = openMailbox(); // the server ended the connection during IDLE
            }
            box = drain(box, deadline);
        }
    }

    private Mailbox openMailbox() throws ConnectorException {
        Mailbox box = mailbox;
        if (box != null && box.isOpen()) {
            return box;
        }
        if (box != null) {
            box.close();
        }
        box = Mailbox.open(session, settings);
        mailbox = box;
        if (closed) { // closed while we logged in
            box.close();
            throw new ConnectorException("this mailbox connector is closed", false, null);
        }
        return box;
    }

    /**
     * Handles the unprocessed mail, oldest first, while the budget lasts (at least one mail per poll). A mail whose
     * reading breaks the connection is counted and skipped for this poll; the mailbox is opened again for the rest.
     *
     * @return the mailbox in use afterwards (a new one after a reconnect)
     */
    private Mailbox drain(Mailbox box, long deadline) throws Exception {
        Set<String> skipped = new HashSet<>();
        int handled = 0;
        boolean again = true;
        while (again) {
            again = false;
            for (Message message : box.unprocessed(MAX_PER_POLL)) {
                if (closed || (handled > 0 && System.nanoTime() > deadline)) {
                    return box;
                }
                String key = box.key(message);
                ReadFailures failures = readFailures.get(key);
                if (failures != null && failures.count >= settings.maxReadFailures) {
                    setAside(box, message, key, failures);
                    continue;
                }
                if (skipped.contains(key)) {
                    continue; // failed in this poll already: the next poll tries it again
                }
                try {
                    handle(box, message);
                } catch (ReadFailed e) {
                    skipped.add(key);
                    countReadFailure(box, message, key, e);
                    box = openMailbox(); // fails the poll (retryable) if the server is really gone
                    again = true; // the old connection's messages are dead: list the folder again
                    break;
                }
                readFailures.remove(key); // read after all: an earlier break was the network's, not the mail's
                handled++;
            }
        }
        return box;
    }

    private void countReadFailure(Mailbox box, Message message, String key, ReadFailed e) throws MessagingException {
        ReadFailures failures = readFailures.computeIfAbsent(key, k -> new ReadFailures());
        failures.count++;
        failures.remember((MimeMessage) message); // what the connection delivered before it broke
        log.log(Level.WARNING, "reading mail UID {0} in folder {1} broke the connection to {2} ({3}); failure {4} of "
                + "{5} before it is set aside, the other mail goes on", key.substring(key.indexOf(':') + 1),
                box.folderName(), settings.imap.describe(), e.getCause().getClass().getSimpleName(), failures.count,
                settings.maxReadFailures);
    }

    /** Flags the mail so it is no longer fetched, and tells the appliance which mail it is. */
    private void setAside(Mailbox box, Message message, String key, ReadFailures failures) throws Exception {
        box.reject(message);
        readFailures.remove(key);
        String uid = key.substring(key.indexOf(':') + 1);
        log.log(Level.WARNING, "mail UID {0} in folder {1} broke the connection each of the {2} times it was read; "
                + "it is set aside: it stays in the folder, flagged {3}, and is not fetched again", uid,
                box.folderName(), failures.count, Mailbox.REJECTED_KEYWORD);
        context.setAside("UID " + uid + " (UIDVALIDITY " + key.substring(0, key.indexOf(':')) + ") in folder "
                + box.folderName(), failures.sender, failures.subject, "reading it broke the connection to "
                + settings.imap.describe() + " " + failures.count + " times; it is flagged "
                + Mailbox.REJECTED_KEYWORD + " in the folder: remove the flag (and mark it unread) to have it read "
                + "again");
    }

    private void handle(Mailbox box, Message message) throws Exception {
        String key;
        InboundMailParser.Parsed parsed;
        try {
            key = box.key(message);
            parsed = parser.parse((MimeMessage) message);
        } catch (MessageRemovedException e) {
            return; // expunged by someone else meanwhile
        } catch (UnreadableMailException | RuntimeException e) {
            box.reject(message);
            log.log(Level.WARNING, "mail UID {0} in folder {1} cannot be read ({2}); it stays in the mailbox, "
                    + "flagged {3}, and is not fetched again", box.uid(message), box.folderName(),
                    e instanceof UnreadableMailException ? e.getMessage() : e.getClass().getSimpleName(),
                    Mailbox.REJECTED_KEYWORD);
            return;
        } catch (MessagingException e) {
            if (MailFailures.isConnectionProblem(e)) {
                throw new ReadFailed(e);
            }
            throw e;
        }
        try {
            context.receive(parsed.message());
        } catch (ConnectorException e) {
            if (e.retryable()) {
                throw e; // the appliance cannot commit now: leave this and the rest for the next poll
            }
            refused(box, message, key, e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (Exception e) {
            refused(box, message, key, e);
            return;
        }
        refusals.remove(key);
        // Committed: only now may the mail count as processed. A crash before this line refetches it.
        box.markProcessed(message);
        if (!parsed.parseState().equals("complete") || parsed.skippedAttachments() > 0) {
            log.log(Level.WARNING, "mail UID {0} in folder {1} was delivered incompletely: parse {2}, {3} "
                    + "attachment(s) over the size limit left out", box.uid(message), box.folderName(),
                    parsed.parseState(), parsed.skippedAttachments());
        }
    }

    private void refused(Mailbox box, Message message, String key, Exception e) throws MessagingException {
        int attempts = refusals.merge(key, 1, Integer::sum);
        if (attempts >= MAX_RECEIVE_ATTEMPTS) {
            refusals.remove(key);
            box.reject(message);
            log.log(Level.WARNING, "the appliance refused mail UID {0} in folder {1} {2} times ({3}); it stays in "
                    + "the mailbox, flagged {4}", box.uid(message), box.folderName(), attempts,
                    e.getClass().getSimpleName(), Mailbox.REJECTED_KEYWORD);
        } else {
            log.log(Level.WARNING, "the appliance refused mail UID {0} in folder {1} ({2}: {3}); attempt {4} of "
                    + "{5}", box.uid(message), box.folderName(), e.getClass().getSimpleName(), e.getMessage(),
                    attempts, MAX_RECEIVE_ATTEMPTS);
        }
    }

    /** The connection broke while one mail was being read. */
    private static final class ReadFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ReadFailed(MessagingException cause) {
            super(cause);
        }
    }

    /** How often reading one mail failed, and its sender and subject if its header arrived before the break. */
    private static final class ReadFailures {
        int count;
        String sender;
        String subject;

        void remember(MimeMessage mail) {
            try {
                // Only what is already loaded: on a broken connection anything else fails at once.
                String from = mail.getHeader("From", ",");
                if (from != null) {
                    InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
                    if (parsed.length > 0) {
                        String name = InboundMailParser.neutralised(parsed[0].getPersonal());
                        sender = (name == null || name.isBlank() ? "" : name.strip() + " ") + "<"
                                + parsed[0].getAddress() + ">";
                    }
                }
                String decoded = mail.getSubject(); // from the IMAP envelope, loaded before the structure
                if (decoded != null) {
                    subject = InboundMailParser.neutralised(decoded).strip();
                }
            } catch (MessagingException | RuntimeException e) {
                // not loaded before the connection broke: the UID alone names the mail
            }
        }
    }

    @Override
    public SendResult send(OutboundMessage message) throws Exception {
        if (closed) {
            throw new ConnectorException("this mailbox connector is closed", true, null);
        }
        return withPluginClassLoader(() -> {
            MimeMessage mail = composer.compose(message);
            Transport transport = connectSmtp("send");
            try {
                transport.sendMessage(mail, mail.getAllRecipients());
            } catch (MessagingException e) {
                throw MailFailures.classify(settings.smtp, "send", e);
            } finally {
                closeQuietly(transport);
            }
            return new SendResult(mail.getMessageID());
        });
    }

    private Transport connectSmtp(String doing) throws ConnectorException {
        EmailSettings.Server smtp = settings.smtp;
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            if (settings.smtpAuthentication) {
                char[] password = settings.smtpPassword();
                try {
                    transport.connect(smtp.host(), smtp.port(), settings.smtpUser, new String(password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            } else {
                transport.connect(smtp.host(), smtp.port(), null, null);
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw MailFailures.classify(smtp, settings.smtpAuthentication
                    ? "log in as '" + settings.smtpUser + "' to " + doing : doing, e);
        }
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the mail was handed over (or not) already; nothing to release beyond the socket
        }
    }

    /** Logs out, stops the IDLE timer and forgets the passwords. A second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        idleTimer.shutdownNow();
        Mailbox box = mailbox;
        mailbox = null;
        if (box != null) {
            withPluginClassLoader(() -> {
                box.close();
                return null;
            });
        }
        settings.wipe();
    }
}
