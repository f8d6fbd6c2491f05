package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's writer runs many jobs in one transaction, so it may hold a contact's row (a language just recorded) and
 * then want a conversation's (a message appended). A read on the read pool must never hold the conversation's row
 * while it waits for the contact's: the two would wait for each other until Derby's deadlock detection, and a busy
 * node's writes stalled behind it (seen in {@code ChatThroughputBench}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadsBesideTheWriterTest {

    /**
     * Verifies that while the writer holds a contact's row, reading the conversation's facts waits for the contact
     * without keeping the conversation locked: the writer's update of the conversation goes through at once, and the
     * read then sees what the writer committed.
     */
    @Test
    void factsWaitForTheContactWithoutHoldingTheConversation(Vertx vertx, @TempDir Path dir) throws Exception {
        try (ConversationFixture fixture = new ConversationFixture(vertx, dir)) {
            ConversationService service = fixture.newService();
            String contact = ConversationFixture.newContact(service);
            String conversation = await(service.appendVisitorMessage(contact, "m1", "Hallo")).message()
                    .conversationId();
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
                sleep(500); // the read reaches the contact's row and waits for it
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
            Future<java.util.Optional<ConversationFacts>> facts = service.facts(conversation);
            readStarted.countDown();
            await(write);
            // Derby would break a deadlock only after its 20 s deadlock timeout, failing one side.
            assertTrue(conversationUpdateMillis[0] < 5_000,
                    "the writer waited " + conversationUpdateMillis[0] + " ms for the conversation's row");
            assertEquals("de", await(facts).orElseThrow().language(), "the read saw the committed contact");
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
