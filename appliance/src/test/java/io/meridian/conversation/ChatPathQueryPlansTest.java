package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.SqlWork;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queries a chat message runs, each read through Derby's own run-time statistics: every one finds its rows through
 * an index and reads only the rows it needs, so their cost does not grow with the table or the conversation. The
 * plans are printed (lines starting {@code PLAN}) for docs/benchmarks.md, "Query plans of the chat path".
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatPathQueryPlansTest {

    private static final int CONVERSATIONS = 12;
    private static final int MESSAGES_EACH = 40;
    private static final Pattern ROWS_SEEN = Pattern.compile("Number of rows qualified=(\\d+)");

    private static ConversationFixture fixture;
    private static ConversationService service;
    private static final List<Appended> LAST = new ArrayList<>();
    private static final List<String> CONTACTS = new ArrayList<>();
    private final ConversationRecords records = new ConversationRecords();

    @BeforeAll
    static void conversationsWithHistory(Vertx vertx, @TempDir Path dir) {
        fixture = new ConversationFixture(vertx, dir);
        service = fixture.newService();
        for (int c = 0; c < CONVERSATIONS; c++) {
            String contact = ConversationFixture.newContact(service);
            Appended last = null;
            for (int m = 0; m < MESSAGES_EACH; m++) {
                last = await(service.appendVisitorMessage(contact, "c" + c + "-m" + m, "Message " + m));
            }
            LAST.add(last);
            CONTACTS.add(contact);
        }
    }

    @AfterAll
    static void closeStore() {
        fixture.close();
    }

    /** Verifies that the open-conversation look-up for a contact uses the contact-and-status index. */
    @Test
    void openConversationOfAContact() {
        String plan = plan(c -> records.openOf(c, CONTACTS.get(3)).orElseThrow().id());
        assertIndexOnly(plan, "CONVERSATIONS", "CONVERSATIONS_CONTACT_STATUS");
    }

    /** Verifies that the resend check for a visitor's message reads one index entry, not the contact's messages. */
    @Test
    void resendCheckByClientMessageId() {
        String plan = plan(c -> records.visitorMessageByClientId(c, CONTACTS.get(5), "c5-m" + (MESSAGES_EACH - 1))
                .orElseThrow().id());
        assertIndexOnly(plan, "MESSAGES", "MESSAGES_CONTACT_CLIENT");
        assertEquals(1, rowsQualified(plan, "MESSAGES"), plan);
    }

    /**
     * Verifies that the facts read for each message's language hints end in a primary-key look-up of the contact
     * (after one of the conversation: two reads, not a join, see {@code ConversationRecords.facts}).
     */
    @Test
    void factsForLanguageHints() {
        ChatMessage message = LAST.get(7).message();
        String plan = plan(c -> records.facts(c, message.conversationId()).orElseThrow().contactId());
        assertIndexOnly(plan, "CONTACTS", "CONTACTS_PK");
        assertFalse(plan.contains("CONVERSATIONS"), "no join:\n" + plan);
    }

    /** Verifies that a page of a conversation reads its messages in order from the conversation's index. */
    @Test
    void pageOfAConversation() {
        ChatMessage message = LAST.get(9).message();
        String plan = plan(c -> records.messages(c, message.conversationId(), MESSAGES_EACH - 5, 50).size());
        assertIndexOnly(plan, "MESSAGES", "MESSAGES_CONVERSATION_SEQ");
        assertEquals(5, rowsQualified(plan, "MESSAGES"), plan);
        assertFalse(plan.contains("Sort ResultSet"), "read in index order, not sorted:\n" + plan);
    }

    /** Verifies that a message found by its id is one primary-key look-up. */
    @Test
    void messageById() {
        ChatMessage message = LAST.get(11).message();
        String plan = plan(c -> records.messageById(c, message.id()).orElseThrow().id());
        assertIndexOnly(plan, "MESSAGES", "MESSAGES_PK");
    }

    /** The statement's plan as Derby ran it, printed for the docs. */
    private String plan(SqlWork<Object> query) {
        String plan = await(fixture.store.read(c -> {
            try (CallableStatement on = c.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)")) {
                on.execute();
            }
            try {
                query.apply(c);
                return lastPlan(c);
            } finally {
                try (CallableStatement off = c.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)")) {
                    off.execute();
                }
            }
        }));
        plan.lines().forEach(line -> System.out.println("PLAN " + line));
        return plan;
    }

    private static String lastPlan(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void assertIndexOnly(String plan, String table, String index) {
        assertFalse(plan.contains("Table Scan ResultSet for " + table), table + " scanned whole:\n" + plan);
        assertTrue(plan.contains("ResultSet for " + table + " using index " + index)
                || plan.contains("ResultSet for " + table + " using constraint " + index), table + " not read through "
                + index + ":\n" + plan);
    }

    /** Rows the scan of the table's index let through to the query. */
    private static int rowsQualified(String plan, String table) {
        int at = plan.indexOf("ResultSet for " + table + " using");
        Matcher m = ROWS_SEEN.matcher(plan);
        assertTrue(at >= 0 && m.find(at), "no row count for " + table + ":\n" + plan);
        return Integer.parseInt(m.group(1));
    }
}
