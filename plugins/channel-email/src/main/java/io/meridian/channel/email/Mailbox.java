package io.meridian.channel.email;

import io.meridian.spi.ConnectorException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.SearchTerm;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * The IMAP side of one mailbox: a logged-in connection with the folder open for writing.
 *
 * <p>"Unprocessed" means unread ({@code \Seen} not set) and not flagged {@value #REJECTED_KEYWORD}. Mail is read
 * with {@code BODY.PEEK}, so fetching it does not mark it read; it is marked only by {@link #markProcessed} after
 * the appliance committed it. Not thread-safe except {@link #close()} and the IDLE stopper, which may come from
 * another thread.
 */
final class Mailbox implements AutoCloseable {

    /** The IMAP keyword of mail that cannot be read: it stays in the folder and is not fetched again. */
    static final String REJECTED_KEYWORD = "$MeridianRejected";

    private static final SearchTerm UNPROCESSED = new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false),
            new NotTerm(new FlagTerm(new Flags(REJECTED_KEYWORD), true)));

    private final EmailSettings settings;
    private final IMAPStore store;
    private final IMAPFolder folder;
    private final IMAPFolder processed;

    private Mailbox(EmailSettings settings, IMAPStore store, IMAPFolder folder, IMAPFolder processed) {
        this.settings = settings;
        this.store = store;
        this.folder = folder;
        this.processed = processed;
    }

    /**
     * Logs in and opens the folder (and the processed folder, creating it if missing).
     *
     * @param session the mailbox's session
     * @param settings the mailbox
     * @return the open mailbox
     * @throws ConnectorException non-retryable for a refused login, an untrusted certificate or a missing folder;
     *         retryable when the server cannot be reached
     */
    static Mailbox open(Session session, EmailSettings settings) throws ConnectorException {
        EmailSettings.Server imap = settings.imap;
        IMAPStore store = null;
        try {
            store = (IMAPStore) session.getStore("imap");
            char[] password = settings.imapPassword();
            try {
                store.connect(imap.host(), imap.port(), settings.imapUser, new String(password));
            } finally {
                Arrays.fill(password, '\0');
            }
            IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder);
            if (!folder.exists()) {
                throw new ConnectorException(imap.describe() + " has no folder '" + settings.folder
                        + "'; check the folder setting of this mailbox", false, null);
            }
            folder.open(Folder.READ_WRITE);
            IMAPFolder processed = null;
            if (settings.processedFolder.isPresent()) {
                processed = (IMAPFolder) store.getFolder(settings.processedFolder.get());
                if (!processed.exists() && !processed.create(Folder.HOLDS_MESSAGES)) {
                    throw new ConnectorException(imap.describe() + " did not let this mailbox create the processed "
                            + "folder '" + settings.processedFolder.get() + "'; create it or change the setting",
                            false, null);
                }
            }
            return new Mailbox(settings, store, folder, processed);
        } catch (ConnectorException e) {
            closeQuietly(store);
            throw e;
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw MailFailures.classify(imap, "log in as '" + settings.imapUser + "' and open folder '"
                    + settings.folder + "'", e);
        }
    }

    /** @return whether the connection and the folder are still usable */
    boolean isOpen() {
        return store.isConnected() && folder.isOpen();
    }

    /**
     * @throws FolderClosedException if the connection or the folder is closed: a server that hangs up in the middle of
     *         a command may end the command without an error, with the folder closed
     */
    void checkOpen() throws FolderClosedException {
        if (!isOpen()) {
            throw new FolderClosedException(folder, "the server ended the connection");
        }
    }

    /** @return whether the server offers IMAP IDLE (RFC 2177) */
    boolean offersIdle() throws MessagingException {
        return store.hasCapability("IDLE");
    }

    /**
     * @return unprocessed mail, oldest (lowest UID) first, with nothing but its UID fetched
     * @throws MessagingException if the search fails
     */
    List<Message> unprocessed() throws MessagingException {
        Message[] found = folder.search(UNPROCESSED);
        FetchProfile uids = new FetchProfile();
        uids.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(found, uids);
        return Arrays.stream(found).sorted(Comparator.comparingLong(this::uidOrMax)).toList();
    }

    /**
     * Fetches the envelope, flags, size and every header of a batch in one FETCH, instead of a round trip per mail
     * and item. Not the body structure: mail read whole never needs it, and a server that breaks on one mail's
     * structure would break the whole batch.
     *
     * @param batch mail of this folder
     * @throws MessagingException if the fetch fails
     */
    void prefetch(List<Message> batch) throws MessagingException {
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(IMAPFolder.FetchProfileItem.HEADERS);
        folder.fetch(batch.toArray(Message[]::new), profile);
    }

    /**
     * Fetches the whole of each mail ({@code BODY.PEEK[]}) in one FETCH; Jakarta Mail keeps it with the message, so
     * reading the mail afterwards needs no round trip.
     *
     * @param mails mail of this folder, each no larger than the caller wants to hold in memory
     * @throws MessagingException if the fetch fails
     */
    void fetchWhole(List<Message> mails) throws MessagingException {
        if (mails.isEmpty()) {
            return;
        }
        FetchProfile profile = new FetchProfile();
        profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
        folder.fetch(mails.toArray(Message[]::new), profile);
    }

    private long uidOrMax(Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * @param message a message of the folder
     * @return a key naming it across connections: UIDVALIDITY and UID
     */
    String key(Message message) throws MessagingException {
        return folder.getUIDValidity() + ":" + folder.getUID(message);
    }

    /** @return the message's UID, for log lines (it says nothing about the mail's content) */
    long uid(Message message) throws MessagingException {
        return folder.getUID(message);
    }

    /**
     * Marks committed mail processed: read, then moved to the processed folder if one is set, one command for all of
     * them. A crash between the two leaves them read in the folder, which counts as processed.
     */
    void markProcessed(List<Message> messages) throws MessagingException {
        if (messages.isEmpty()) {
            return;
        }
        Message[] all = messages.toArray(Message[]::new);
        folder.setFlags(all, new Flags(Flags.Flag.SEEN), true);
        if (processed == null) {
            return;
        }
        if (store.hasCapability("MOVE")) {
            folder.moveMessages(all, processed);
        } else {
            folder.copyMessages(all, processed);
            folder.setFlags(all, new Flags(Flags.Flag.DELETED), true);
            if (store.hasCapability("UIDPLUS")) {
                folder.expunge(all); // UID EXPUNGE of these messages only
            }
            // Without UIDPLUS a plain EXPUNGE would remove every deleted mail of the folder; the next expunge by
            // the mail program removes this one.
        }
    }

    /**
     * Flags a mail that cannot be read so it is not fetched again; it stays in the folder for a person to look at.
     * Servers that do not allow keywords get {@code \Seen} and {@code \Flagged} instead.
     */
    void reject(Message message) throws MessagingException {
        if (folder.getPermanentFlags().contains(Flags.Flag.USER)) {
            message.setFlags(new Flags(REJECTED_KEYWORD), true);
        } else {
            Flags flags = new Flags(Flags.Flag.SEEN);
            flags.add(Flags.Flag.FLAGGED);
            message.setFlags(flags, true);
        }
    }

    /**
     * Waits in IMAP IDLE until the server reports a change (new mail, expunge, flags) or {@code wait} passes. The
     * wait is ended from the timer's thread by a no-op folder command, which makes Jakarta Mail send {@code DONE};
     * the stopper repeats until IDLE has returned, in case it fired before IDLE began.
     *
     * @param wait the longest wait
     * @param timer the thread that ends the wait
     * @throws MessagingException if the connection fails
     */
    void idle(Duration wait, ScheduledExecutorService timer) throws MessagingException {
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> stopper = timer.scheduleWithFixedDelay(() -> {
            if (!done.get()) {
                try {
                    folder.doCommand(protocol -> null);
                } catch (MessagingException | RuntimeException e) {
                    // the connection is gone: IDLE ends by itself
                }
            }
        }, Math.max(1, wait.toMillis()), 250, TimeUnit.MILLISECONDS);
        try {
            folder.idle(true);
        } finally {
            done.set(true);
            stopper.cancel(false);
        }
    }

    /** @return the folder's name, for log lines */
    String folderName() {
        return settings.folder;
    }

    /** Closes the folder (without expunging) and logs out; never throws. Safe from any thread. */
    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            // closing anyway
        }
        closeQuietly(store);
    }

    private static void closeQuietly(IMAPStore store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // nothing more to release
        }
    }
}
