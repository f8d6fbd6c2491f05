package io.meridian.contact;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A channel message whose thread names a conversation of a contact merged into the sender's (real encrypted store). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadedMailAfterMergeTest {

    private static ContactStoreFixture f;

    @BeforeAll
    static void open(Vertx vertx, @TempDir Path dir) {
        f = new ContactStoreFixture(vertx, dir);
    }

    @AfterAll
    static void close() {
        f.close();
    }

    private static ChannelInbound mail(String channel, String from, String externalId, String text) {
        return new ChannelInbound(channel, "email", from, null, externalId, "Order", text);
    }

    /**
     * Verifies that once a contact is merged into another, a mail from the survivor's address naming the merged
     * contact's closed conversation joins and reopens it (sealed under that conversation's own contact key, so its
     * history still reads), a redelivery of it writes nothing, and the same thread on another mailbox joins nothing.
     */
    @Test
    void aThreadedMailJoinsTheConversationOfAContactMergedIntoTheSender() {
        Appended old = await(f.conversations.appendChannelMessage(mail("mail-eu", "cy.home@example.com",
                "<h1." + UUID.randomUUID() + "@example.com>", "Order 7 is late")));
        String conversation = old.message().conversationId();
        String merged = await(f.directory.contactOf(conversation)).orElseThrow();
        await(f.conversations.close(conversation));
        Appended work = await(f.conversations.appendChannelMessage(mail("mail-eu", "cy.work@example.com",
                "<w1." + UUID.randomUUID() + "@example.com>", "From my work address")));
        String survivor = await(f.directory.contactOf(work.message().conversationId())).orElseThrow();
        await(f.directory.merge(merged, survivor, "agent-1", "carla"));

        String externalId = "<w2." + UUID.randomUUID() + "@example.com>";
        ChannelInbound answer = mail("mail-eu", "cy.work@example.com", externalId, "Any news on order 7?")
                .inThread(conversation);
        Appended joined = await(f.conversations.appendChannelMessage(answer));
        assertEquals(conversation, joined.message().conversationId());
        assertTrue(joined.reopened() && joined.conversationOpened());
        assertEquals(ConversationStatus.OPEN, await(f.conversations.conversation(conversation)).orElseThrow().status());
        List<String> texts = await(f.conversations.messages(conversation, 0, 10)).stream().map(ChatMessage::text)
                .toList();
        assertEquals(List.of("Order 7 is late", "Any news on order 7?"), texts);

        Appended again = await(f.conversations.appendChannelMessage(answer));
        assertTrue(again.duplicate());
        assertEquals(joined.message().id(), again.message().id());
        assertEquals(2, await(f.conversations.messages(conversation, 0, 10)).size());

        Appended elsewhere = await(f.conversations.appendChannelMessage(mail("mail-us", "cy.work@example.com",
                "<w3." + UUID.randomUUID() + "@example.com>", "Same thread, other mailbox").inThread(conversation)));
        assertNotEquals(conversation, elsewhere.message().conversationId());
        assertFalse(elsewhere.reopened());
    }
}
