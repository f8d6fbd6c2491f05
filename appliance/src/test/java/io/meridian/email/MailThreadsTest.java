package io.meridian.email;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ConversationService;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.Crypto;
import io.meridian.crypto.DataKeys;
import io.meridian.store.Store;
import io.meridian.store.StoreTesting;
import io.meridian.store.TestStores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MailThreadsTest {

    private static Store store;
    private static ConversationService conversations;
    private static MailThreads threads;

    @BeforeAll
    static void open(Vertx vertx, @TempDir Path dir) {
        store = TestStores.open(vertx, dir.resolve("db"), 64);
        BlindIndex index = new BlindIndex(new SecretKeySpec(Crypto.randomBytes(32), "HmacSHA256"));
        conversations = new ConversationService(vertx, store,
                new DataKeys(new SecretKeySpec(Crypto.randomBytes(32), "AES")), index, "eu");
        threads = new MailThreads(store, conversations, index, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static String conversationOf(String from, String messageId) {
        Appended a = await(conversations.appendChannelMessage(new ChannelInbound("mail-1", "email", from, null,
                messageId, "Broken kettle", "It does not boil")));
        await(threads.remember(a.message().conversationId(), List.of(messageId)));
        return a.message().conversationId();
    }

    @Test
    void repliesJoinByInReplyToOrReferences() {
        String conversation = conversationOf("ana@example.com", "<first.1@customer.example>");
        await(threads.remember(conversation, List.of("<meridian.out-1@shop.example>")));

        assertEquals(Optional.of(conversation), await(threads.conversationFor("ana@example.com",
                "<meridian.out-1@shop.example>", List.of(), null)));
        assertEquals(Optional.of(conversation), await(threads.conversationFor("other@example.com", null,
                List.of("<unknown@x>", "<first.1@customer.example>"), null)));
        assertTrue(await(threads.conversationFor("ana@example.com", "<never@x>", List.of("<seen-not@x>"), null))
                .isEmpty());
    }

    @Test
    void theSubjectTokenJoinsOnlyTheSameSendersConversation() {
        String conversation = conversationOf("bea@example.com", "<b1@customer.example>");
        String token = conversation.substring(0, 8);
        assertEquals(Optional.of(conversation), await(threads.conversationFor("Bea@Example.com", null, List.of(),
                token.toUpperCase())));
        assertTrue(await(threads.conversationFor("mallory@example.com", null, List.of(), token)).isEmpty());
        assertTrue(await(threads.conversationFor("bea@example.com", null, List.of(), "zz")).isEmpty());
    }

    @Test
    void repliesCarryTheChainWithTheCustomersMailLast() {
        String conversation = conversationOf("cy@example.com", "<c1@customer.example>");
        await(threads.remember(conversation, List.of("<meridian.o1@shop.example>", "c2@customer.example",
                "<c1@customer.example>")));
        assertEquals(List.of("c1@customer.example", "meridian.o1@shop.example", "c2@customer.example"),
                await(threads.chain(conversation)));

        MailThreads.ReplyThreading reply = await(threads.replyThreading(conversation, "<c2@customer.example>"));
        assertEquals("<c2@customer.example>", reply.inReplyTo());
        assertEquals(List.of("<c1@customer.example>", "<meridian.o1@shop.example>", "<c2@customer.example>"),
                reply.references());
        assertNull(await(threads.replyThreading(conversation, null)).inReplyTo());

        // The ids are stored sealed and as keyed fingerprints: none is readable in the table.
        List<String> raw = await(store.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT fingerprint, message_id_sealed FROM message_fingerprints")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + new String(rs.getBytes(2), StandardCharsets.ISO_8859_1));
                }
            }
            return out;
        }));
        assertTrue(raw.size() >= 3);
        raw.forEach(r -> assertTrue(!r.contains("customer.example") && !r.contains("shop.example"), r));
    }
}
