package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.StoreEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's writer runs many jobs in one transaction, so it may hold a contact's row (a language just recorded) and
 * then want a conversation's (a message appended). A read on the read pool must never hold the conversation's row
 * while it waits for the contact's: the two would wait for each other until Derby's deadlock detection (20 s), and a
 * busy node's writes stalled behind it (seen in {@code ChatThroughputBench}). Each test holds a contact in a write,
 * starts a read, then updates the conversation in the same write.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadsBesideTheWriterTest {

    private ConversationFixture fixture;
    private ConversationService service;
    private String contact;
    private String conversation;

    @BeforeEach
    void aConversation(Vertx vertx, @TempDir Path dir) {
        // Derby's lock table shows who waits for whom.
        fixture = new ConversationFixture(vertx, dir, StoreEngine.DERBY);
        service = fixture.newService();
        contact = ConversationFixture.newContact(service);
        conversation = await(service.appendVisitorMessage(contact, "m1", "Hallo")).message().conversationId();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Verifies that the facts each message's language hints read wait for the contact alone, then see its change. */
    @Test
    void factsWaitForTheContactWithoutHoldingTheConversation() throws Exception {
        Optional<ConversationFacts> facts = readBesideTheWriter((s, id) -> s.facts(id));
        assertEquals("de", facts.orElseThrow().language(), "the read saw the committed contact");
    }

    /** Verifies the same for the conversation page's summary. */
    @Test
    void aConversationsSummaryWaitsForTheContactWithoutHoldingTheConversation() throws Exception {
        Optional<ConversationSummary> summary = readBesideTheWriter((s, id) -> s.conversation(id));
        assertEquals(conversation, summary.orElseThrow().id());
    }

    /** Verifies the same for the inbox's list of open conversations. */
    @Test
    void theInboxListWaitsForTheContactsWithoutHoldingTheConversations() throws Exception {
        List<ConversationSummary> open = readBesideTheWriter((s, id) -> s.conversations(ConversationStatus.OPEN, 50));
        assertEquals(List.of(conversation), open.stream().map(ConversationSummary::id).toList());
    }

    private <T> T readBesideTheWriter(BiFunction<ConversationService, String, Future<T>> read) throws Exception {
        CountDownLatch contactHeld = new CountDownLatch(1);
        CountDownLatch readStarted = new CountDownLatch(1);
        long[] conversationUpdateMillis = new long[1];
        Future<Void> write = fixture.store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE contacts SET language = 'de' WHERE id = ?")) {
                s.setString(1, contact);
                s.executeUpdate();
            }
            contactHeld.countDown();
            awaitLatch(readStarted);
            awaitReadWaitingForTheContact(c);
            long t0 = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE conversations SET version = version + 1 WHERE id = ?")) {
                s.setString(1, conversation);
                s.executeUpdate();
            }
            conversationUpdateMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return null;
        });
        assertTrue(contactHeld.await(10, TimeUnit.SECONDS), "the writer took the contact's row");
        Future<T> result = read.apply(service, conversation);
        readStarted.countDown();
        await(write);
        // With a join Derby would break the cycle only after its 20 s deadlock timeout, failing one side.
        assertTrue(conversationUpdateMillis[0] < 5_000,
                "the writer waited " + conversationUpdateMillis[0] + " ms for the conversation's row");
        return await(result);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the read did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Until Derby's lock table shows a transaction waiting for a lock on a contact (the read), within 10 s. */
    private static void awaitReadWaitingForTheContact(Connection c) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM SYSCS_DIAG.LOCK_TABLE WHERE state = 'WAIT' AND tablename = 'CONTACTS'")) {
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getInt(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the read never waited for the contact's row");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }
}
