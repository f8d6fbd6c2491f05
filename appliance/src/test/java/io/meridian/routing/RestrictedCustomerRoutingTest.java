package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ProcessingRestriction;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.meridian.conversation.VisitorProfile;
import io.meridian.store.StoreTesting;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer who restricted the processing of their data (GDPR article 18): no queue rule reads their words, their
 * language is not recorded, and their profile stays as it was, until the restriction is lifted.
 */
@Timeout(120)
class RestrictedCustomerRoutingTest {

    private static final String SETUP = """
            teams:
              - {id: desk, name: Desk, time-zone: UTC, languages: [en], hours: {daily: "00:00-24:00"}}
            agents:
              - {username: ana, teams: [desk], languages: [en], max-conversations: 1}
            queue:
              rules:
                - {name: refunds, keywords: [refund], priority: 50}
            """;

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private RoutingService routing;
    private ConversationService conversations;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RoutingFixture(dir);
        fixture.writeSetup(SETUP, Map.of());
        routing = fixture.service(Clock.systemUTC(), RoutingFixture.ENGLISH);
        conversations = fixture.conversations;
    }

    @AfterEach
    void tearDown() {
        routing.stop();
        fixture.close();
    }

    /**
     * Verifies that the refund rule raises an ordinary customer's conversation to 50 and records their language, while
     * a restricted customer's same words wait at the default priority with no language recorded; that their profile
     * and language refuse or skip changes; and that after the restriction is lifted the rule reads them again.
     */
    @Test
    void noQueueRuleReadsARestrictedCustomer() {
        String ordinary = fixture.queued(routing, "I would like a refund for my order please");
        assertEquals("50", fixture.routingRow(ordinary)[3], "the rule matched");
        assertEquals("en", StoreTesting.await(conversations.facts(ordinary)).orElseThrow().language());

        var rosa = StoreTesting.await(conversations.identifyVisitor(null,
                new VisitorProfile("en-US", "America/New_York", "Rosa Restricted", "rosa@example.com")));
        String contact = rosa.contactId();
        ProcessingRestriction placed = StoreTesting.await(conversations.restrictions().restrict(contact,
                Ground.ACCURACY, "admin-1"));
        assertEquals(contact, placed.contactId());
        assertEquals(Ground.ACCURACY, placed.ground());
        assertTrue(conversations.restrictions().restricted(contact));

        String restricted = StoreTesting.await(conversations.appendVisitorMessage(contact, "c-1",
                "I would like a refund for my order please")).message().conversationId();
        assertTrue(StoreTesting.await(conversations.restrictions().conversationRestricted(restricted)));
        assertFalse(StoreTesting.await(conversations.restrictions().conversationRestricted(ordinary)));
        StoreTesting.await(routing.route(restricted, "I would like a refund for my order please"));
        assertEquals("0", fixture.routingRow(restricted)[3], "no rule read the restricted customer's words");
        assertNull(StoreTesting.await(conversations.facts(restricted)).orElseThrow().language(),
                "their language was not recorded");
        assertTrue(StoreTesting.await(conversations.facts(restricted)).orElseThrow().restricted());

        // Read-only: a correction is refused, what the widget sends again is not kept.
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StoreTesting.await(
                conversations.correctContact(contact, "Rosa Changed", null, null)));
        assertTrue(refused.getMessage().contains("restricted"), refused.getMessage());
        var back = StoreTesting.await(conversations.identifyVisitor(rosa.visitorToken(),
                new VisitorProfile("en-US", "America/New_York", "Rosa Other", "other.rosa@example.com")));
        assertEquals(contact, back.contactId(), "the same customer");
        assertEquals("Rosa Restricted", StoreTesting.await(conversations.storedContact(contact)).orElseThrow().name());
        assertTrue(StoreTesting.await(conversations.findContacts("other.rosa@example.com")).isEmpty(),
                "no new address joined them");

        // Placing it again keeps the first; lifting it lets the rules and corrections in again.
        assertEquals(placed, StoreTesting.await(conversations.restrictions().restrict(contact, Ground.OBJECTION,
                "admin-2")));
        assertTrue(StoreTesting.await(conversations.restrictions().lift(contact)));
        assertFalse(StoreTesting.await(conversations.restrictions().lift(contact)), "nothing left to lift");
        assertFalse(conversations.restrictions().restricted(contact));
        StoreTesting.await(conversations.correctContact(contact, "Rosa Corrected", null, null));
        assertEquals("Rosa Corrected", StoreTesting.await(conversations.storedContact(contact)).orElseThrow().name());
        StoreTesting.await(conversations.close(restricted));
        String again = StoreTesting.await(conversations.appendVisitorMessage(contact, "c-2",
                "Another refund question")).message().conversationId();
        StoreTesting.await(routing.route(again, "Another refund question"));
        assertEquals("50", fixture.routingRow(again)[3], "the rule reads them again");
    }
}
