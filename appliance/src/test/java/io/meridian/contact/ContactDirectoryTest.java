package io.meridian.contact;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.StoreTesting.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.Appended;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.VisitorIdentity;
import io.meridian.conversation.VisitorProfile;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContactDirectoryTest {

    private static ContactStoreFixture f;

    @BeforeAll
    static void open(Vertx vertx, @TempDir Path dir) {
        f = new ContactStoreFixture(vertx, dir);
    }

    @AfterAll
    static void close() {
        f.close();
    }

    private static Appended mail(String from, String text) {
        return await(f.conversations.appendChannelMessage(new ChannelInbound("mail-eu", "email", from, "Ana",
                "<" + UUID.randomUUID() + "@mail.example>", "Order question", text)));
    }

    private static String contactOf(Appended a) {
        return await(f.directory.contactOf(a.message().conversationId())).orElseThrow();
    }

    @Test
    void aWidgetVisitorWhoLeftTheirEmailIsTheSameContactWhenTheyMail() {
        VisitorIdentity visitor = await(f.conversations.identifyVisitor(null,
                new VisitorProfile("es-ES", "Europe/Madrid", "Ana Ruiz", "Ana.Ruiz@Example.com")));
        Appended chat = await(f.conversations.appendVisitorMessage(visitor.contactId(), "c1", "Hola, widget here"));
        Appended mailed = mail("ana.ruiz@example.com ", "Writing by mail now");

        assertEquals(visitor.contactId(), contactOf(mailed));
        ContactHistory history = await(f.directory.history(visitor.contactId())).orElseThrow();
        Set<String> channels = history.conversations().stream().map(t -> t.conversation().channel())
                .collect(Collectors.toSet());
        assertEquals(Set.of("web", "mail-eu"), channels);
        List<String> texts = history.conversations().stream().flatMap(t -> t.messages().stream())
                .map(ChatMessage::text).toList();
        assertTrue(texts.contains("Hola, widget here") && texts.contains("Writing by mail now"), texts.toString());
        assertEquals(chat.message().conversationId(), history.conversations().stream()
                .filter(t -> t.conversation().channel().equals("web")).findFirst().orElseThrow().conversation().id());
    }

    @Test
    void anEmailTypedInTheWidgetNeverTakesOverAnotherContactsAddress() {
        Appended first = mail("owner@example.com", "I am the owner");
        VisitorIdentity stranger = await(f.conversations.identifyVisitor(null,
                new VisitorProfile(null, null, "Not Owner", "OWNER@example.com")));
        assertNotEquals(contactOf(first), stranger.contactId());
        assertEquals(contactOf(first), contactOf(mail("owner@example.com", "Still me")));
    }

    @Test
    void mergingMovesIdentitiesJoinsHistoriesAndIsRecorded() {
        Appended mailed = mail("bo@example.com", "Mail from Bo");
        String mailContact = contactOf(mailed);
        VisitorIdentity visitor = await(f.conversations.identifyVisitor(null, VisitorProfile.empty()));
        await(f.conversations.appendVisitorMessage(visitor.contactId(), "w1", "Chat from Bo"));

        ContactMerge merge = await(f.directory.merge(visitor.contactId(), mailContact, "agent-1", "carla"));
        assertEquals(1, merge.identitiesMoved());
        assertEquals(1, merge.conversationsJoined());

        // The widget token now finds the surviving contact, and its history holds both channels' messages.
        assertEquals(mailContact, await(f.conversations.identifyVisitor(visitor.visitorToken(),
                VisitorProfile.empty())).contactId());
        ContactHistory history = await(f.directory.history(mailContact)).orElseThrow();
        List<String> texts = history.conversations().stream().flatMap(t -> t.messages().stream())
                .map(ChatMessage::text).toList();
        assertTrue(texts.containsAll(List.of("Mail from Bo", "Chat from Bo")), texts.toString());
        assertEquals(1, history.merges().size());
        ContactMerge recorded = history.merges().get(0);
        assertEquals("carla", recorded.agentUsername());
        assertEquals(visitor.contactId(), recorded.mergedContactId());
        assertEquals(mailContact, recorded.intoContactId());

        ContactHistory merged = await(f.directory.history(visitor.contactId())).orElseThrow();
        assertEquals(mailContact, merged.mergedInto());
        assertEquals(mailContact, await(f.directory.contactOf(
                history.conversations().stream().filter(t -> t.conversation().channel().equals("web"))
                        .findFirst().orElseThrow().conversation().id())).orElseThrow());
    }

    @Test
    void impossibleMergesAreRefusedAndChangeNothing() {
        String a = contactOf(mail("c1@example.com", "one"));
        String b = contactOf(mail("c2@example.com", "two"));
        MergeRefusedException self = assertInstanceOf(MergeRefusedException.class,
                failureOf(f.directory.merge(a, a, "agent-1", "carla")));
        assertFalse(self.unknown());
        MergeRefusedException unknown = assertInstanceOf(MergeRefusedException.class,
                failureOf(f.directory.merge(a, UUID.randomUUID().toString(), "agent-1", "carla")));
        assertTrue(unknown.unknown());
        assertInstanceOf(IllegalArgumentException.class, failureOf(f.directory.merge("x", b, "agent-1", "carla")));
        await(f.directory.merge(a, b, "agent-1", "carla"));
        MergeRefusedException again = assertInstanceOf(MergeRefusedException.class,
                failureOf(f.directory.merge(a, b, "agent-1", "carla")));
        assertFalse(again.unknown());
        assertEquals(1, await(f.directory.history(b)).orElseThrow().merges().size());
        assertTrue(await(f.directory.history(UUID.randomUUID().toString())).isEmpty());
    }
}
