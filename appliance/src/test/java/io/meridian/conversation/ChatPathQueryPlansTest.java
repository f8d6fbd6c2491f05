package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.meridian.store.StoreEngine;
import io.meridian.store.SqlWork;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The look-ups a chat message makes, each read through Derby's own record of how it ran them (its XPLAIN tables):
 * every statement finds its rows through the expected index and lets through only the rows it needs, so their cost
 * does not grow with the table or the conversation, and none joins two tables (see {@code ConversationRecords.facts}).
 * The scans are printed (lines starting {@code PLAN}) for docs/benchmarks.md, "Query plans of the chat path".
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatPathQueryPlansTest {

    private static final int CONVERSATIONS = 12;
    private static final int MESSAGES_EACH = 40;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private static ConversationFixture fixture;
    private static final List<ChatMessage> LAST = new ArrayList<>();
    private static final List<String> CONTACTS = new ArrayList<>();
    private final ConversationRecords records = new ConversationRecords();

    @BeforeAll
    static void conversationsWithHistory(Vertx vertx, @TempDir Path dir) {
        // Derby's own statistics show its plans.
        fixture = new ConversationFixture(vertx, dir, StoreEngine.DERBY);
        ConversationService service = fixture.newService();
        for (int c = 0; c < CONVERSATIONS; c++) {
            String contact = ConversationFixture.newContact(service);
            Appended last = null;
            for (int m = 0; m < MESSAGES_EACH; m++) {
                last = await(service.appendVisitorMessage(contact, "c" + c + "-m" + m, "Message " + m));
            }
            LAST.add(last.message());
            CONTACTS.add(contact);
        }
    }

    @AfterAll
    static void closeStore() {
        fixture.close();
    }

    /** Verifies that a contact's open web chat is found by the contact-and-status index, then its contact. */
    @Test
    void openConversationOfAContact() {
        Plan plan = plan(c -> records.openOnChannel(c, CONTACTS.get(3), "web").orElseThrow().id());
        assertEquals(List.of(new Scan("CONVERSATIONS", "CONVERSATIONS_CONTACT_STATUS", 1),
                new Scan("CONTACTS", "CONTACTS_PK", 1)), plan.scans());
    }

    /** Verifies that the resend check for a visitor's message reads one index entry, not the contact's messages. */
    @Test
    void resendCheckByClientMessageId() {
        Plan plan = plan(c -> records.visitorMessageByClientId(c, CONTACTS.get(5), "c5-m" + (MESSAGES_EACH - 1))
                .orElseThrow().id());
        assertEquals(List.of(new Scan("MESSAGES", "MESSAGES_CONTACT_CLIENT", 1)), plan.scans());
    }

    /** Verifies that the facts read for each message's language hints are two primary-key look-ups. */
    @Test
    void factsForLanguageHints() {
        Plan plan = plan(c -> records.facts(c, LAST.get(7).conversationId()).orElseThrow().contactId());
        assertEquals(List.of(new Scan("CONVERSATIONS", "CONVERSATIONS_PK", 1), new Scan("CONTACTS", "CONTACTS_PK", 1)),
                plan.scans());
    }

    /** Verifies that a page of a conversation reads its messages in order from the conversation's index. */
    @Test
    void pageOfAConversation() {
        Plan plan = plan(c -> records.messages(c, LAST.get(9).conversationId(), MESSAGES_EACH - 5, 50).size());
        assertEquals(List.of(new Scan("MESSAGES", "MESSAGES_CONVERSATION_SEQ", 5)), plan.scans());
        assertFalse(plan.operations().contains("SORT"), "read in index order, not sorted: " + plan.operations());
    }

    /** Verifies that a message found by its id is one primary-key look-up. */
    @Test
    void messageById() {
        Plan plan = plan(c -> records.messageById(c, LAST.get(11).id()).orElseThrow().id());
        assertEquals(List.of(new Scan("MESSAGES", "MESSAGES_PK", 1)), plan.scans());
    }

    /** One scan of a statement: the table, the index it went through, the rows it let through. */
    record Scan(String table, String index, int rowsQualified) {
    }

    /** The scans of every statement a work ran, in order, and the operations of their plans. */
    record Plan(List<Scan> scans, List<String> operations) {
    }

    /**
     * How Derby ran the statements of {@code work}, from its XPLAIN tables. Captured in a write because Derby stores
     * them in tables (the read pool's connections are read-only); the plans do not depend on the connection.
     */
    private Plan plan(SqlWork<Object> work) {
        String schema = "PLANS_" + SCHEMAS.incrementAndGet();
        return await(fixture.store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
                s.execute("CALL SYSCS_UTIL.SYSCS_SET_XPLAIN_SCHEMA('" + schema + "')");
                try {
                    // On Derby's own connection: a statement the store's connection kept from before statistics
                    // were switched on reports its scans but not their row counts.
                    work.apply(c instanceof org.apache.commons.dbcp2.DelegatingConnection<?> kept
                            ? kept.getInnermostDelegate() : c);
                } finally {
                    s.execute("CALL SYSCS_UTIL.SYSCS_SET_XPLAIN_SCHEMA('')");
                    s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)");
                }
                List<Scan> scans = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT p.scan_object_type, p.scan_object_name, "
                        + "p.no_qualified_rows, st.stmt_text FROM " + schema + ".sysxplain_statements st "
                        + "JOIN " + schema + ".sysxplain_resultsets r ON r.stmt_id = st.stmt_id "
                        + "JOIN " + schema + ".sysxplain_scan_props p ON p.scan_rs_id = r.scan_rs_id "
                        + "ORDER BY st.xplain_time")) {
                    while (rs.next()) {
                        System.out.println("PLAN " + rs.getString(2) + " rows=" + rs.getInt(3) + ": "
                                + rs.getString(4));
                        String object = rs.getString(2);
                        boolean heap = "T".equals(rs.getString(1));
                        scans.add(new Scan(heap ? object : tableOf(c, object), heap ? null : object, rs.getInt(3)));
                    }
                }
                List<String> operations = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT op_identifier FROM " + schema + ".sysxplain_resultsets")) {
                    while (rs.next()) {
                        operations.add(rs.getString(1));
                    }
                }
                return new Plan(scans, operations);
            }
        }));
    }

    /** The table of an index, named as Derby names it or by its constraint. */
    private static String tableOf(Connection c, String index) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.tablename FROM sys.sysconglomerates g "
                + "JOIN sys.systables t ON t.tableid = g.tableid WHERE g.conglomeratename = ? "
                + "UNION SELECT t.tablename FROM sys.sysconstraints k JOIN sys.systables t ON t.tableid = k.tableid "
                + "WHERE k.constraintname = ?")) {
            s.setString(1, index);
            s.setString(2, index);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        }
    }
}
