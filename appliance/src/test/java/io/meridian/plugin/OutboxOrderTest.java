package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.VisitorProfile;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.plugin.OutboxRecords.OutboxRow;
import io.meridian.store.Store;
import io.meridian.store.StoreTesting;
import io.meridian.store.TestStores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox lists entries in their messages' order, which it asks of the conversation capability: entries are
 * written here in an order (and with times) that disagree with their messages' places, and a limit cuts into the
 * last conversation or time, so only ordering by {@code seq} before cutting gives the lists expected.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutboxOrderTest {

    private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private ConversationService conversations;
    private final OutboxRecords records = new OutboxRecords();

    @BeforeEach
    void open(Vertx vertx) {
        store = TestStores.open(vertx, dir.resolve("db"), 64);
        conversations = new ConversationService(vertx, store,
                new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES")),
                new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256")), "eu");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pendingEntriesComeInMessageOrderAndTheLimitCutsTheLastConversationAtItsOldest() {
        List<List<ChatMessage>> threads = new ArrayList<>(List.of(conversationWithReplies(3),
                conversationWithReplies(3)));
        threads.sort((a, b) -> a.get(0).conversationId().compareTo(b.get(0).conversationId()));
        List<ChatMessage> first = threads.get(0);
        List<ChatMessage> second = threads.get(1);
        // Written newest message first, all at one time: neither insertion nor time says the order.
        queue(List.of(first.get(2), first.get(0), first.get(1)), "outbox-a", AT);
        queue(List.of(second.get(2), second.get(1), second.get(0)), "outbox-a", AT);

        List<OutboxRow> pending = StoreTesting.await(store.read(c -> records.pending(c, 4)));

        assertEquals(List.of(first.get(0).id(), first.get(1).id(), first.get(2).id(), second.get(0).id()),
                pending.stream().map(OutboxRow::messageId).toList());
        assertEquals(List.of(first.get(0).seq(), first.get(1).seq(), first.get(2).seq(), second.get(0).seq()),
                pending.stream().map(OutboxRow::seq).toList());
    }

    @Test
    void recentEntriesAreNewestFirstAndWithinOneTimeTheLatestMessagesComeFirst() {
        List<ChatMessage> thread = conversationWithReplies(4);
        queue(List.of(thread.get(0)), "outbox-b", AT.minusSeconds(60));
        // Three entries written at one time, the latest message in the middle.
        queue(List.of(thread.get(1), thread.get(3), thread.get(2)), "outbox-b", AT);

        List<OutboxRow> recent = StoreTesting.await(store.read(c -> records.recent(c, "outbox-b", Set.of(), 2)));
        List<OutboxRow> all = StoreTesting.await(store.read(c -> records.recent(c, "outbox-b",
                Set.of(OutboxRecords.PENDING), 10)));

        assertEquals(List.of(thread.get(3).id(), thread.get(2).id()),
                recent.stream().map(OutboxRow::messageId).toList());
        assertEquals(List.of(thread.get(3).id(), thread.get(2).id(), thread.get(1).id(), thread.get(0).id()),
                all.stream().map(OutboxRow::messageId).toList());
    }

    /** A visitor's conversation with {@code replies} agent replies; the replies, oldest first. */
    private List<ChatMessage> conversationWithReplies(int replies) {
        String contact = StoreTesting.await(conversations.identifyVisitor(null, VisitorProfile.empty())).contactId();
        String conversation = StoreTesting.await(conversations.appendVisitorMessage(contact, null, "Hello"))
                .message().conversationId();
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < replies; i++) {
            out.add(StoreTesting.await(conversations.appendAgentMessage(conversation, "agent-1", "Amy", null,
                    "Reply " + i)).message());
        }
        return out;
    }

    private void queue(List<ChatMessage> messages, String instanceId, Instant at) {
        StoreTesting.await(store.write(c -> {
            for (ChatMessage m : messages) {
                records.insert(c, java.util.UUID.randomUUID().toString(), instanceId, m.conversationId(), m.id(), at);
            }
            return null;
        }));
    }
}
