package io.meridian.channel.email;

import static io.meridian.channel.email.MailSessions.withPluginClassLoader;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One mailbox: IMAP in, SMTP out.
 *
 * <h2>Inbound, exactly once</h2>
 * {@link #poll()} takes the unread mail of the folder, oldest first, in batches: one IMAP FETCH brings the envelope,
 * flags, size and headers of a whole batch; each mail is read (whole, in one request, when it is no larger than one
 * allowed attachment), parsed (off the connection's thread when read whole) and handed to
 * {@link ChannelContext#receive}, which returns once the appliance committed it (different senders' mails are in
 * flight together, so the appliance commits them in shared transactions; one sender's mails go in order); only then
 * is it marked processed (read, or moved to the processed folder; one command for the batch). If the node stops
 * between the two, the mail is still unread and is fetched again; {@code receive} is idempotent on the external id
 * (the Message-ID), so the appliance stores it once. A poll takes batch after batch until its budget is used; if
 * mail is still waiting then, {@link #moreWaiting()} says so and the host polls again at once.
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

    /** Mails fetched and handed over in one batch; a poll takes batch after batch while its budget lasts. */
    static final int MAX_PER_BATCH = 100;
    /** Bytes of mail (by the server's count) one batch holds in memory at most, beyond its first mail. */
    static final long MAX_BATCH_BYTES = 32L * 1024 * 1024;
    /**
     * Mails of different senders handed to the appliance at the same time. Storing a mail mostly waits for commits,
     * so more in flight fill the wait: 32 rather than 16 raised MailIntakeBench's median from 47 to 74 mails/s.
     */
    static final int RECEIVING_THREADS = 32;
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
    /** Threads that parse mail read whole and wait for the appliance's commits, so a batch is committed together. */
    private final ExecutorService receivers;
    private volatile Mailbox mailbox;
    private volatile boolean closed;
    /** Whether the last poll ended its budget with mail still waiting. */
    private volatile boolean moreWaiting;

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
        AtomicInteger receiverCount = new AtomicInteger();
        this.receivers = Executors.newFixedThreadPool(RECEIVING_THREADS, r -> {
            Thread t = new Thread(r, "meridian-email-receive-" + context.instanceId() + "-"
                    + receiverCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        moreWaiting = false;
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

    /** @return whether the last poll used its budget with unprocessed mail still in the folder */
    @Override
    public boolean moreWaiting() {
        return moreWaiting;
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
     * Handles the unprocessed mail, oldest first, batch after batch while the budget lasts (at least one batch per
     * poll). A mail already tried in this poll (refused, unreadable, waiting for the appliance, or one whose reading
     * broke the connection) is not tried again in it. A mail whose reading breaks the connection is counted; the
     * mailbox is opened again and the rest goes on. If the budget ends with untried mail left, {@link #moreWaiting}
     * says so.
     *
     * @return the mailbox in use afterwards (a new one after a reconnect)
     */
    private Mailbox drain(Mailbox box, long deadline) throws Exception {
        Set<String> tried = new HashSet<>();
        boolean first = true;
        int batchLimit = MAX_PER_BATCH;
        while (!closed) {
            List<Message> batch = new ArrayList<>();
            for (Message message : box.unprocessed()) {
                String key = box.key(message);
                ReadFailures failures = readFailures.get(key);
                if (failures != null && failures.count >= settings.maxReadFailures) {
                    setAside(box, message, key, failures);
                    continue;
                }
                if (tried.contains(key)) {
                    continue;
                }
                if (!first && System.nanoTime() > deadline) {
                    moreWaiting = true; // budget used up with mail waiting: the host polls again at once
                    return box;
                }
                if (batch.size() == batchLimit) {
                    break;
                }
                batch.add(message);
            }
            if (batch.isEmpty()) {
                return box;
            }
            first = false;
            try {
                handle(box, batch, tried);
            } catch (ReadFailed e) {
                tried.add(e.key);
                countReadFailure(box, e);
                box = openMailbox(); // fails the poll (retryable) if the server is really gone
                // the old connection's messages are dead: list the folder again; the batch's other mail follows
            } catch (BatchBroke e) {
                // Which mail the server broke on is unknown: the rest of this poll reads one mail at a time, so the
                // next break names its mail.
                batchLimit = 1;
                log.log(Level.WARNING, "fetching a batch of {0} mails in folder {1} broke the connection to {2} "
                        + "({3}); the rest of this check reads mail one by one", batch.size(), box.folderName(),
                        settings.imap.describe(), e.getCause().getClass().getSimpleName());
                box = openMailbox();
            }
        }
        return box;
    }

    private void countReadFailure(Mailbox box, ReadFailed e) throws MessagingException {
        ReadFailures failures = readFailures.computeIfAbsent(e.key, k -> new ReadFailures());
        failures.count++;
        failures.remember((MimeMessage) e.mail); // what the batch's FETCH delivered before the connection broke
        log.log(Level.WARNING, "reading mail UID {0} in folder {1} broke the connection to {2} ({3}); failure {4} of "
                + "{5} before it is set aside, the other mail goes on", e.key.substring(e.key.indexOf(':') + 1),
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

    /**
     * A mail of a batch: read from the server on the connection's thread (whole, or parsed in place), then parsed
     * and handed to the appliance on a receiving thread; what came of it is read back on the connection's thread.
     */
    private static final class Taken {
        final Message message;
        final String key;
        /** The whole mail, to be parsed from memory; null if it was parsed in place. */
        final byte[] raw;
        final String sender;
        volatile InboundMailParser.Parsed parsed;
        volatile Exception unreadable;
        volatile Exception failure;
        volatile boolean committed;

        Taken(Message message, String key, byte[] raw, InboundMailParser.Parsed parsed, String sender) {
            this.message = message;
            this.key = key;
            this.raw = raw;
            this.parsed = parsed;
            this.sender = sender;
        }
    }

    /**
     * Reads a batch on the connection's thread, has it parsed and handed to the appliance on the receiving threads
     * (many mails in flight, so their commits share the store's group commits), then flags what could not be read,
     * counts refusals and marks the committed mail processed in one command.
     *
     * @throws ReadFailed if reading one mail broke the connection; nothing of this batch was handed over yet
     */
    private void handle(Mailbox box, List<Message> batch, Set<String> tried) throws Exception {
        List<String> batchKeys = new ArrayList<>(batch.size());
        for (Message message : batch) {
            batchKeys.add(box.key(message));
        }
        List<Message> taking = new ArrayList<>(batch.size());
        try {
            box.prefetch(batch);
            List<Message> whole = new ArrayList<>(batch.size());
            long held = 0;
            for (Message message : batch) {
                if (held > MAX_BATCH_BYTES) {
                    break; // the rest of the batch waits for the next one, so memory stays bounded
                }
                int size = message.getSize();
                held += Math.max(0, size);
                taking.add(message);
                if (size >= 0 && size <= settings.maxAttachmentBytes) {
                    whole.add(message);
                }
            }
            box.fetchWhole(whole);
            box.checkOpen(); // a server that hangs up may end a FETCH without an error
        } catch (MessageRemovedException e) {
            throw e;
        } catch (MessagingException e) {
            if (!MailFailures.isConnectionProblem(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                throw new ReadFailed(batch.get(0), batchKeys.get(0), e);
            }
            throw new BatchBroke(e);
        }
        List<Taken> taken = new ArrayList<>(taking.size());
        List<String> keys = new ArrayList<>(taking.size());
        for (int i = 0; i < taking.size(); i++) {
            Message message = taking.get(i);
            String key = batchKeys.get(i);
            keys.add(key);
            Taken t;
            try {
                t = read(message, key);
            } catch (MessageRemovedException e) {
                continue; // expunged by someone else meanwhile
            } catch (UnreadableMailException | RuntimeException e) {
                unreadable(box, message, e);
                readFailures.remove(key);
                continue;
            }
            readFailures.remove(key); // read after all: an earlier break was the network's, not the mail's
            taken.add(t);
        }
        tried.addAll(keys); // only now: after a broken read the batch's other mail is read again over a new connection
        receiveAll(taken);
        ConnectorException retryLater = null;
        List<Message> committed = new ArrayList<>();
        for (Taken t : taken) {
            if (t.committed) {
                refusals.remove(t.key);
                committed.add(t.message);
            } else if (t.unreadable != null) {
                unreadable(box, t.message, t.unreadable);
            } else if (t.failure instanceof ConnectorException e && e.retryable()) {
                retryLater = retryLater == null ? e : retryLater;
            } else if (t.failure != null) {
                refused(box, t.message, t.key, t.failure);
            }
        }
        // Committed: only now may the mail count as processed. A crash before this line refetches it.
        box.markProcessed(committed);
        for (Taken t : taken) {
            InboundMailParser.Parsed parsed = t.parsed;
            if (t.committed && (!parsed.parseState().equals("complete") || parsed.skippedAttachments() > 0)) {
                log.log(Level.WARNING, "mail UID {0} in folder {1} was delivered incompletely: parse {2}, {3} "
                        + "attachment(s) over the size limit left out", box.uid(t.message), box.folderName(),
                        parsed.parseState(), parsed.skippedAttachments());
            }
        }
        if (retryLater != null) {
            throw retryLater; // the appliance cannot commit now: leave the rest for the next poll
        }
    }

    private void unreadable(Mailbox box, Message message, Exception e) throws MessagingException {
        box.reject(message);
        log.log(Level.WARNING, "mail UID {0} in folder {1} cannot be read ({2}); it stays in the mailbox, "
                + "flagged {3}, and is not fetched again", box.uid(message), box.folderName(),
                e instanceof UnreadableMailException ? e.getMessage() : e.getClass().getSimpleName(),
                Mailbox.REJECTED_KEYWORD);
    }

    /**
     * Reads one mail. A mail no larger than one allowed attachment was fetched whole with its batch (else it is
     * fetched now, in one request), to be parsed from memory off this thread: parsed in place it would cost a round
     * trip to the server for each part and each piece of it (where the intake time went, see docs/benchmarks.md),
     * and its structure is never asked for. Larger mail is parsed in place here, so an attachment over the limit is
     * never downloaded. If the whole mail cannot be read for a reason other than the connection, it is parsed in
     * place, which says precisely what is unreadable.
     */
    private Taken read(Message message, String key)
            throws MessagingException, UnreadableMailException, ReadFailed {
        String sender = senderOf(message);
        int size = message.getSize();
        if (size >= 0 && size <= settings.maxAttachmentBytes) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(size + 64);
            try {
                message.writeTo(raw);
                return new Taken(message, key, raw.toByteArray(), null, sender);
            } catch (MessageRemovedException e) {
                throw e;
            } catch (MessagingException | IOException e) {
                if (e.getCause() instanceof MessageRemovedException removed) {
                    throw removed;
                }
                if (MailFailures.isConnectionProblem(e)) {
                    throw new ReadFailed(message, key, e);
                }
                // parse in place below
            }
        }
        try {
            return new Taken(message, key, null, parser.parse((MimeMessage) message), sender);
        } catch (MessageRemovedException e) {
            throw e;
        } catch (MessagingException e) {
            if (MailFailures.isConnectionProblem(e)) {
                throw new ReadFailed(message, key, e);
            }
            throw e;
        }
    }

    /** The envelope's sender address (fetched with the batch), which keeps one sender's mail in order. */
    private static String senderOf(Message message) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress a && a.getAddress() != null) {
                return a.getAddress().toLowerCase(Locale.ROOT);
            }
        } catch (MessagingException | RuntimeException e) {
            // no usable sender: such mail is handed over in order with the others that have none
        }
        return "";
    }

    /**
     * Parses (from memory) and hands the mails to the appliance, one sender's mails in order on one receiving
     * thread, different senders at the same time. A sender's mails after one the appliance cannot commit now are not
     * handed over in this poll.
     */
    private void receiveAll(List<Taken> taken) throws InterruptedException {
        Map<String, List<Taken>> bySender = new LinkedHashMap<>();
        for (Taken t : taken) {
            bySender.computeIfAbsent(t.sender, a -> new ArrayList<>()).add(t);
        }
        List<Future<?>> running = new ArrayList<>(bySender.size());
        for (List<Taken> mails : bySender.values()) {
            running.add(receivers.submit(() -> withPluginClassLoader(() -> {
                for (Taken t : mails) {
                    if (closed || Thread.currentThread().isInterrupted()) {
                        return null;
                    }
                    if (!receive(t)) {
                        return null;
                    }
                }
                return null;
            })));
        }
        try {
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (CancellationException e) {
                    // the connector closed before these mails were handed over: they stay unread
                } catch (ExecutionException e) {
                    // the task catches everything it can; an Error is the JVM's to report
                    throw new IllegalStateException("handing mail to the appliance failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            throw e;
        }
    }

    /** Parses one mail if it was read whole, and hands it over; false if this sender's later mail must wait. */
    private boolean receive(Taken t) {
        if (t.parsed == null) {
            try {
                t.parsed = parser.parse(new MimeMessage(session, new ByteArrayInputStream(t.raw)));
            } catch (UnreadableMailException | MessagingException | RuntimeException e) {
                // From memory, a failure is the mail's own, never the server's
                t.unreadable = e;
                return true;
            }
        }
        try {
            context.receive(t.parsed.message());
            t.committed = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            t.failure = e;
            return !(e instanceof ConnectorException c && c.retryable());
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

        final transient Message mail;
        final String key;

        ReadFailed(Message mail, String key, Exception cause) {
            super(cause);
            this.mail = mail;
            this.key = key;
        }
    }

    /** The connection broke while a batch of mails was fetched, so it is not known which mail it broke on. */
    private static final class BatchBroke extends Exception {
        private static final long serialVersionUID = 1L;

        BatchBroke(MessagingException cause) {
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
        for (Runnable waiting : receivers.shutdownNow()) {
            if (waiting instanceof Future<?> handOver) {
                handOver.cancel(false); // never to run: the poll waiting for it stops waiting
            }
        }
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
