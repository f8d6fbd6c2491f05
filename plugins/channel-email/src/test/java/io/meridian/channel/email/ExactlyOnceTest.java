package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.ReceiveResult;
import io.meridian.spi.testkit.FakeChannelContext;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mail is stored exactly once although the node may stop at any moment: between fetch and commit nothing is
 * marked, between commit and marking the refetch is a duplicate the appliance recognises.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExactlyOnceTest {

    /** The appliance's side, recording each answer, with a hook that runs right after the commit. */
    static final class CommittingContext extends FakeChannelContext {
        final List<ReceiveResult> answers = new CopyOnWriteArrayList<>();
        volatile Runnable afterCommit = () -> { };

        CommittingContext() {
            super(FakeChannelContext.builder().pluginId(EmailChannelFactory.ID).instanceId("support"));
        }

        @Override
        public ReceiveResult receive(InboundMessage message) throws Exception {
            ReceiveResult result = super.receive(message);
            answers.add(result);
            Runnable hook = afterCommit;
            afterCommit = () -> { };
            hook.run();
            return result;
        }
    }

    private MailServer server;
    private final List<ChannelConnector> connectors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MailServer();
        MimeMessage mail = server.newCustomerMail("Refund please");
        mail.setText("I would like a refund for order 1234.");
        server.send(mail);
    }

    @AfterEach
    void stop() throws Exception {
        for (ChannelConnector c : connectors) {
            c.close();
        }
        server.close();
    }

    private ChannelConnector connect(FakeChannelContext context) throws Exception {
        ChannelConnector connector = MailServer.connector(context, server.config());
        connectors.add(connector);
        return connector;
    }

    private boolean unread() throws Exception {
        List<Flags> flags = server.supportInboxFlags();
        assertEquals(1, flags.size());
        return !flags.get(0).contains(Flags.Flag.SEEN);
    }

    /**
     * Verifies that when the connector is closed (node stopping) right after the appliance committed a mail and
     * before it was marked, a new connector fetches it again, the appliance reports a duplicate, and it is stored
     * once.
     */
    @Test
    void closeBetweenCommitAndMarkLeadsToADuplicateNotALoss() throws Exception {
        CommittingContext context = new CommittingContext();
        ChannelConnector first = connect(context);
        AtomicReference<Exception> closeFailure = new AtomicReference<>();
        context.afterCommit = () -> {
            try {
                first.close();
            } catch (Exception e) {
                closeFailure.set(e);
            }
        };
        assertThrows(Exception.class, first::poll, "marking on a closed connection fails");
        assertEquals(null, closeFailure.get());
        assertTrue(unread(), "the mail was not marked: the crash came first");
        assertEquals(1, context.received().size(), "but it was committed");

        ChannelConnector restarted = connect(context);
        restarted.poll();
        assertEquals(2, context.answers.size(), "fetched again after the restart");
        String storedId = context.answers.get(0).messageId();
        assertFalse(context.answers.get(0).duplicate());
        assertTrue(context.answers.get(1).duplicate(), "the appliance recognises the refetch");
        assertEquals(storedId, context.answers.get(1).messageId(), "and answers with the stored message");
        assertEquals(1, context.received().size(), "nothing stored twice");
        assertFalse(unread(), "now it is marked");
        restarted.poll();
        assertEquals(2, context.receiveCalls(), "and not fetched a third time");
    }

    /**
     * Verifies the same over batches, with many mails in flight: 150 more mails from 15 senders (two batches), and
     * the connector is closed from the appliance's side right after the 120th commit, in the middle of the second
     * batch. No mail is marked read that was not committed, and the first batch is marked; a new connector takes the
     * rest, the committed but unmarked ones come back as duplicates, and every mail is stored once and marked read.
     */
    @Test
    void closeInTheMiddleOfABatchLosesNothingAndStoresNothingTwice() throws Exception {
        int more = 150;
        for (int i = 1; i <= more; i++) {
            server.deliverRaw(String.join("\r\n", "From: Customer " + (i % 15) + " <customer" + (i % 15)
                    + "@example.org>", "To: " + MailServer.SUPPORT, "Subject: Question " + i,
                    "Message-ID: <batch." + i + "@example.org>", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=UTF-8", "", "Question number " + i + ".", ""));
        }
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<ChannelConnector> crashing = new AtomicReference<>();
        List<ReceiveResult> answers = new CopyOnWriteArrayList<>();
        FakeChannelContext context = new FakeChannelContext(FakeChannelContext.builder()
                .pluginId(EmailChannelFactory.ID).instanceId("support")) {
            @Override
            public ReceiveResult receive(InboundMessage message) throws Exception {
                ReceiveResult result = super.receive(message);
                answers.add(result);
                if (!result.duplicate() && commits.incrementAndGet() == 120) {
                    crashing.get().close(); // the node stops right after this commit
                }
                return result;
            }
        };
        crashing.set(connect(context));
        assertThrows(Exception.class, crashing.get()::poll, "marking on a closed connection fails");

        List<Flags> flags = server.supportInboxFlags();
        Set<String> committed = subjects(context);
        List<String> subjects = new ArrayList<>(List.of("Refund please")); // sent before the test, delivered first
        for (int i = 1; i <= more; i++) {
            subjects.add("Question " + i);
        }
        int marked = 0;
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).contains(Flags.Flag.SEEN)) {
                marked++;
                assertTrue(committed.contains(subjects.get(i)), "marked read only once committed: " + subjects.get(i));
            }
        }
        assertEquals(EmailChannelConnector.MAX_PER_BATCH, marked, "the first batch is marked, the second is not");
        int committedBefore = committed.size();
        assertTrue(committedBefore >= 120 && committedBefore < more + 1, "the crash came mid-batch: "
                + committedBefore);

        ChannelConnector restarted = connect(context);
        restarted.poll();
        assertTrue(server.supportInboxFlags().stream().allMatch(f -> f.contains(Flags.Flag.SEEN)),
                "every mail is marked read after the restart");
        assertEquals(more + 1, context.received().size(), "every mail stored, none twice");
        assertEquals(Set.copyOf(subjects), subjects(context));
        long duplicates = answers.stream().filter(ReceiveResult::duplicate).count();
        assertEquals(committedBefore - EmailChannelConnector.MAX_PER_BATCH, duplicates,
                "exactly the committed but unmarked mails came back, as duplicates");
    }

    /**
     * Verifies the batched path when the connection outlives the failure: 150 more mails from 15 senders, and from the
     * 120th hand-over on the node cannot commit (retryable), in the middle of the second batch. The poll fails
     * retryably; what was committed is marked read, nothing else is (a sender's mails after its failed one were not
     * even handed over); once the node commits again the next poll takes the rest, and every mail is stored once.
     */
    @Test
    void appliancePausingInTheMiddleOfABatchMarksOnlyWhatWasCommitted() throws Exception {
        int more = 150;
        for (int i = 1; i <= more; i++) {
            server.deliverRaw(String.join("\r\n", "From: Customer " + (i % 15) + " <customer" + (i % 15)
                    + "@example.org>", "To: " + MailServer.SUPPORT, "Subject: Question " + i,
                    "Message-ID: <paused." + i + "@example.org>", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=UTF-8", "", "Question number " + i + ".", ""));
        }
        AtomicInteger handOvers = new AtomicInteger();
        AtomicBoolean paused = new AtomicBoolean(true);
        FakeChannelContext context = new FakeChannelContext(FakeChannelContext.builder()
                .pluginId(EmailChannelFactory.ID).instanceId("support")) {
            @Override
            public ReceiveResult receive(InboundMessage message) throws Exception {
                if (handOvers.incrementAndGet() >= 120 && paused.get()) {
                    throw new ConnectorException("the store is busy", true, null);
                }
                return super.receive(message);
            }
        };
        ChannelConnector connector = connect(context);
        ConnectorException e = assertThrows(ConnectorException.class, connector::poll);
        assertTrue(e.retryable());

        List<Flags> flags = server.supportInboxFlags();
        Set<String> committed = subjects(context);
        List<String> subjects = new ArrayList<>(List.of("Refund please"));
        for (int i = 1; i <= more; i++) {
            subjects.add("Question " + i);
        }
        int marked = 0;
        for (int i = 0; i < flags.size(); i++) {
            boolean read = flags.get(i).contains(Flags.Flag.SEEN);
            assertEquals(committed.contains(subjects.get(i)), read, "read exactly if committed: " + subjects.get(i));
            marked += read ? 1 : 0;
        }
        assertTrue(marked >= 119 && marked < more + 1, "the pause came mid-batch: " + marked);

        paused.set(false);
        connector.poll();
        assertTrue(server.supportInboxFlags().stream().allMatch(f -> f.contains(Flags.Flag.SEEN)));
        assertEquals(more + 1, context.received().size(), "every mail stored, none twice");
        assertEquals(Set.copyOf(subjects), subjects(context));
    }

    private static Set<String> subjects(FakeChannelContext context) {
        Set<String> subjects = new HashSet<>();
        context.received().forEach(m -> subjects.add(m.subject()));
        return subjects;
    }

    /** Verifies the same when the crash surfaces as an exception thrown after the commit. */
    @Test
    void failureAfterCommitLeadsToADuplicateNotALoss() throws Exception {
        CommittingContext context = new CommittingContext();
        ChannelConnector connector = connect(context);
        context.afterCommit = () -> {
            throw new IllegalStateException("node lost power after the commit");
        };
        connector.poll();
        assertTrue(unread());
        InboundMessage stored = context.received().get(0);

        connector.poll();
        assertEquals(2, context.receiveCalls());
        assertTrue(context.answers.get(1).duplicate());
        assertEquals(List.of(stored), context.received(), "stored once, with the same external id");
        assertFalse(unread());
    }

    /**
     * Verifies that when the appliance cannot commit (retryable), the poll fails retryably, the mail stays unread
     * (fetching used PEEK) and the next poll delivers it.
     */
    @Test
    void failedCommitLeavesTheMailForTheNextPoll() throws Exception {
        FakeChannelContext context = MailServer.context();
        ChannelConnector connector = connect(context);
        context.failNextReceive(new ConnectorException("store busy", true, null));
        ConnectorException e = assertThrows(ConnectorException.class, connector::poll);
        assertTrue(e.retryable());
        assertTrue(context.received().isEmpty());
        assertTrue(unread(), "fetching alone does not mark a mail read");

        connector.poll();
        assertEquals(1, context.received().size());
        assertFalse(unread());
    }

    /** Verifies that a mail the appliance refuses every time is flagged after three attempts and then left alone. */
    @Test
    void mailRefusedThreeTimesIsFlagged() throws Exception {
        FakeChannelContext context = MailServer.context();
        ChannelConnector connector = connect(context);
        for (int i = 0; i < EmailChannelConnector.MAX_RECEIVE_ATTEMPTS; i++) {
            context.failNextReceive(new IllegalArgumentException("cannot store this message"));
            connector.poll();
        }
        assertEquals(3, context.receiveCalls());
        Flags flags = server.supportInboxFlags().get(0);
        assertTrue(flags.contains(Mailbox.REJECTED_KEYWORD), flags.toString());
        connector.poll();
        assertEquals(3, context.receiveCalls(), "a flagged mail is not fetched again");
    }
}
