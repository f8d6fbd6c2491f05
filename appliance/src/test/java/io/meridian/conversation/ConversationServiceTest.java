package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.StoreTesting.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests share one store (creating an encrypted database takes seconds); each gets its own service and contacts,
 * and looks only at its own conversations.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConversationServiceTest {

    private static Vertx vertx;
    private static ConversationFixture fixture;
    private ConversationService service;

    @BeforeAll
    static void openStore(Vertx shared, @TempDir Path dir) {
        vertx = shared;
        fixture = new ConversationFixture(shared, dir);
    }

    @AfterAll
    static void closeStore() {
        fixture.close();
    }

    @BeforeEach
    void newService() {
        service = fixture.newService();
    }

    private String newContact() {
        return ConversationFixture.newContact(service);
    }

    /**
     * Verifies that a visitor without a token gets a new contact and a new random token, that the token finds the
     * same contact later, and that an unknown token makes a new contact with a token of its own.
     */
    @Test
    void identifiesVisitorsByToken() {
        VisitorIdentity first = await(service.identifyVisitor(null, new VisitorProfile("de-DE", "Europe/Berlin", null, null)));
        assertTrue(first.created());
        // The home region leads the token (docs/cluster.md), then 32 random bytes.
        assertTrue(first.visitorToken().matches("eu\\.[A-Za-z0-9_-]{43}"), first.visitorToken());
        assertEquals(java.util.Optional.of("eu"), HomeRegions.ofToken(first.visitorToken()));

        VisitorIdentity again = await(service.identifyVisitor(first.visitorToken(),
                new VisitorProfile("de-AT", "Europe/Vienna", "Lena Vogel", "Lena@Example.com")));
        assertFalse(again.created());
        assertEquals(first.contactId(), again.contactId());
        assertEquals(first.visitorToken(), again.visitorToken());

        VisitorIdentity stranger = await(service.identifyVisitor("forged-or-forgotten-token", VisitorProfile.empty()));
        assertTrue(stranger.created());
        assertNotEquals(first.contactId(), stranger.contactId());
        assertNotEquals("forged-or-forgotten-token", stranger.visitorToken());
    }

    /** Verifies that a name given later shows as the conversation's contact name, and that a missing name stays null. */
    @Test
    void showsTheContactName() {
        VisitorIdentity visitor = await(service.identifyVisitor(null, VisitorProfile.empty()));
        Appended appended = await(service.appendVisitorMessage(visitor.contactId(), "m1", "Hi"));
        assertNull(await(service.conversation(appended.message().conversationId())).orElseThrow().contactName());
        await(service.identifyVisitor(visitor.visitorToken(), new VisitorProfile(null, null, "Kenji Sato", null)));
        assertEquals("Kenji Sato", await(service.conversation(appended.message().conversationId())).orElseThrow().contactName());
        // Not giving the name again keeps it.
        await(service.identifyVisitor(visitor.visitorToken(), new VisitorProfile("ja-JP", null, null, null)));
        assertEquals("Kenji Sato", await(service.latestConversation(visitor.contactId())).orElseThrow().contactName());
    }

    /** Verifies that a visitor's messages open one conversation and are numbered 1, 2, 3 and read back in order. */
    @Test
    void appendsVisitorMessagesInOrder() {
        String contact = newContact();
        Appended first = await(service.appendVisitorMessage(contact, "c1", "Hello"));
        assertTrue(first.conversationOpened());
        assertFalse(first.duplicate());
        assertEquals(1, first.message().seq());
        assertEquals(Author.VISITOR, first.message().author());
        assertEquals(contact, first.message().authorId());
        String conversation = first.message().conversationId();
        Appended second = await(service.appendVisitorMessage(contact, "c2", "My order has not arrived"));
        Appended third = await(service.appendVisitorMessage(contact, "c3", "Order 4711"));
        assertFalse(second.conversationOpened());
        assertEquals(conversation, third.message().conversationId());
        assertEquals(3, third.message().seq());

        List<ChatMessage> all = await(service.messages(conversation, 0, 100));
        assertEquals(List.of("Hello", "My order has not arrived", "Order 4711"), all.stream().map(ChatMessage::text).toList());
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(ChatMessage::seq).toList());
        assertEquals(first.message(), all.get(0));
        assertEquals(List.of(3L), await(service.messages(conversation, 2, 100)).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(1L, 2L), await(service.messages(conversation, 0, 2)).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(), await(service.messages("no-such-conversation", 0, 10)));
        assertEquals(3, await(service.conversation(conversation)).orElseThrow().messageCount());
    }

    /** Verifies that resending a visitor message with the same client id returns the first copy and stores nothing. */
    @Test
    void ignoresVisitorResends() {
        String contact = newContact();
        Appended original = await(service.appendVisitorMessage(contact, "resend-me", "Where is my parcel?"));
        Appended resend = await(service.appendVisitorMessage(contact, "resend-me", "Where is my parcel?"));
        assertTrue(resend.duplicate());
        assertFalse(resend.conversationOpened());
        assertEquals(original.message(), resend.message());
        assertEquals(1, await(service.messages(original.message().conversationId(), 0, 10)).size());
        assertEquals(2, await(service.appendVisitorMessage(contact, "next", "Hello?")).message().seq());
    }

    /**
     * Verifies agent replies: numbered after the visitor's messages, idempotent per conversation, refused when the
     * conversation is closed (but a resend of a stored reply is still answered), and refused for unknown ids.
     */
    @Test
    void appendsAgentReplies() {
        String contact = newContact();
        String conversation = await(service.appendVisitorMessage(contact, "v1", "Hola")).message().conversationId();
        Appended reply = await(service.appendAgentMessage(conversation, "agent-1", "Marta", "a1", "¡Hola! ¿En qué puedo ayudarle?"));
        assertEquals(2, reply.message().seq());
        assertEquals(Author.AGENT, reply.message().author());
        assertEquals("Marta", reply.message().authorName());
        Appended resend = await(service.appendAgentMessage(conversation, "agent-1", "Marta", "a1", "¡Hola! ¿En qué puedo ayudarle?"));
        assertTrue(resend.duplicate());
        assertEquals(reply.message(), resend.message());

        assertTrue(await(service.close(conversation)));
        assertFalse(await(service.close(conversation)));
        assertInstanceOf(ConversationClosedException.class,
                failureOf(service.appendAgentMessage(conversation, "agent-1", "Marta", "a2", "Anything else?")));
        assertTrue(await(service.appendAgentMessage(conversation, "agent-1", "Marta", "a1", "¡Hola!")).duplicate());
        assertInstanceOf(NoSuchElementException.class,
                failureOf(service.appendAgentMessage("no-such-conversation", "agent-1", "Marta", "a3", "Hi")));
        assertInstanceOf(NoSuchElementException.class, failureOf(service.close("no-such-conversation")));
        assertEquals(2, await(service.messages(conversation, 0, 10)).size());
    }

    /** Verifies that a visitor writing after closing starts a new conversation at seq 1, which becomes their latest. */
    @Test
    void opensANewConversationAfterClosing() {
        String contact = newContact();
        String first = await(service.appendVisitorMessage(contact, "v1", "First problem")).message().conversationId();
        await(service.close(first));
        assertEquals(ConversationStatus.CLOSED, await(service.latestConversation(contact)).orElseThrow().status());
        Appended next = await(service.appendVisitorMessage(contact, "v2", "Second problem"));
        assertTrue(next.conversationOpened());
        assertNotEquals(first, next.message().conversationId());
        assertEquals(1, next.message().seq());
        ConversationSummary latest = await(service.latestConversation(contact)).orElseThrow();
        assertEquals(next.message().conversationId(), latest.id());
        assertEquals(ConversationStatus.OPEN, latest.status());
        // A resend of the very first message is still recognised, across conversations.
        assertEquals(first, await(service.appendVisitorMessage(contact, "v1", "First problem")).message().conversationId());
        assertEquals(Optional.empty(), await(service.latestConversation(newContact())));
    }

    /** Verifies listings: by status, newest activity first, with decrypted previews cut to 140 characters. */
    @Test
    void listsConversationsWithPreviews() {
        String alice = newContact();
        String bob = newContact();
        String carol = newContact();
        String a = await(service.appendVisitorMessage(alice, "a1", "Alice here")).message().conversationId();
        String b = await(service.appendVisitorMessage(bob, "b1", "Bob here")).message().conversationId();
        String c = await(service.appendVisitorMessage(carol, "c1", "Carol here")).message().conversationId();
        String longText = "Line one\n\nline two " + "x".repeat(300);
        await(service.appendVisitorMessage(alice, "a2", longText));
        await(service.close(b));

        List<String> mine = List.of(a, b, c);
        List<ConversationSummary> open = await(service.conversations(ConversationStatus.OPEN, 10_000)).stream()
                .filter(s -> mine.contains(s.id())).toList();
        assertEquals(List.of(a, c), open.stream().map(ConversationSummary::id).toList());
        ConversationSummary alices = open.get(0);
        assertEquals(140, alices.lastMessagePreview().length());
        assertTrue(alices.lastMessagePreview().startsWith("Line one line two xxx"), alices.lastMessagePreview());
        assertTrue(alices.lastMessagePreview().endsWith("…"));
        assertEquals("web", alices.channel());
        assertEquals(2, alices.messageCount());
        assertEquals(alice, alices.contactId());
        assertTrue(alices.lastMessageAt().isAfter(alices.createdAt()));
        assertEquals("Carol here", open.get(1).lastMessagePreview());

        assertEquals(List.of(b), await(service.conversations(ConversationStatus.CLOSED, 10_000)).stream()
                .map(ConversationSummary::id).filter(mine::contains).toList());
        assertEquals(List.of(a, c, b), await(service.conversations(null, 10_000)).stream()
                .map(ConversationSummary::id).filter(mine::contains).toList());
        assertEquals(1, await(service.conversations(ConversationStatus.OPEN, 1)).size());
        assertEquals(Optional.empty(), await(service.conversation("no-such-conversation")));
    }

    /** Verifies that the open-conversation counter follows opens and closes, and starts from the database. */
    @Test
    void countsOpenConversations() {
        long before = service.openConversationCount();
        String c1 = await(service.appendVisitorMessage(newContact(), "x", "one")).message().conversationId();
        await(service.appendVisitorMessage(newContact(), "x", "two"));
        await(service.appendVisitorMessage(newContact(), "x", "three"));
        assertEquals(before + 3, service.openConversationCount());
        assertTrue(await(service.close(c1)));
        assertFalse(await(service.close(c1)));
        assertEquals(before + 2, service.openConversationCount());
        assertEquals(before + 2, fixture.newService().openConversationCount(), "a new service counts from the database");
    }

    /** Verifies that invalid input fails the future instead of throwing or storing anything. */
    @Test
    void rejectsInvalidInput() {
        String contact = newContact();
        assertInstanceOf(IllegalArgumentException.class, failureOf(service.appendVisitorMessage(contact, "e", " ")));
        assertInstanceOf(IllegalArgumentException.class,
                failureOf(service.appendVisitorMessage(contact, "e", "x".repeat(ConversationService.MAX_TEXT_CHARS + 1))));
        assertInstanceOf(IllegalArgumentException.class, failureOf(service.appendVisitorMessage(contact, "e".repeat(65), "hi")));
        assertInstanceOf(NoSuchElementException.class, failureOf(service.appendVisitorMessage("no-such-contact", "e", "hi")));
        assertInstanceOf(IllegalArgumentException.class,
                failureOf(service.identifyVisitor(null, new VisitorProfile(null, null, "n".repeat(201), null))));
        assertInstanceOf(IllegalArgumentException.class, failureOf(service.messages("x", 0, 0)));
        assertEquals(Optional.empty(), await(service.latestConversation(contact)));
    }

    /**
     * Verifies that many visitors writing at once get gap-free numbering per conversation through group commit, and
     * prints the throughput and average batch size (not asserted: timing depends on the machine).
     */
    @Test
    void keepsNumberingGapFreeUnderConcurrency() {
        int visitors = 40;
        int perVisitor = 25;
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            contacts.add(newContact());
        }
        long openBefore = service.openConversationCount();
        long batchesBefore = fixture.store.committedBatches();
        long writesBefore = fixture.store.committedWrites();
        long start = System.nanoTime();
        Promise<List<Future<Appended>>> submitted = Promise.promise();
        vertx.runOnContext(v -> {
            List<Future<Appended>> all = new ArrayList<>();
            for (int m = 0; m < perVisitor; m++) {
                for (String contact : contacts) {
                    all.add(service.appendVisitorMessage(contact, "m" + m, "message " + m));
                }
            }
            submitted.complete(all);
        });
        List<Future<Appended>> futures = await(submitted.future());
        await(Future.all(futures));
        double seconds = (System.nanoTime() - start) / 1e9;
        long writes = fixture.store.committedWrites() - writesBefore;
        long batches = fixture.store.committedBatches() - batchesBefore;
        System.out.printf(Locale.ROOT, "CONVERSATION APPENDS: %d messages in %.2f s = %.0f msg/s, %d commits, %.1f per commit%n",
                writes, seconds, writes / seconds, batches, (double) writes / batches);
        assertEquals(visitors * perVisitor, writes);
        assertTrue(batches < writes);
        for (String contact : contacts) {
            ConversationSummary conversation = await(service.latestConversation(contact)).orElseThrow();
            List<Long> seqs = await(service.messages(conversation.id(), 0, 1000)).stream().map(ChatMessage::seq).toList();
            assertEquals(LongStream.rangeClosed(1, perVisitor).boxed().toList(), seqs);
        }
        assertEquals(openBefore + visitors, service.openConversationCount());
    }
}
