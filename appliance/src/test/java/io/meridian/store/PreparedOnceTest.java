package io.meridian.store;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.StoreTesting.failureOf;
import static io.meridian.store.TestNotes.createNotes;
import static io.meridian.store.TestNotes.insertNote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.commons.dbcp2.DelegatingStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The store's connections prepare each SQL text once and hand the same statement back, clean, on the next call. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PreparedOnceTest {

    private static final String BY_ID = "SELECT text FROM test_notes.notes WHERE id = ?";

    @TempDir
    Path dir;

    /** Verifies that the reader and the writer get Derby's same statement back for the same text, with no old parameter. */
    @Test
    void sameTextSameStatementWithItsParametersCleared(Vertx vertx) {
        try (Store store = Store.open(vertx, dir.resolve("db"), StoreTesting.newStorageKey(), 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "one") + insertNote(c, 2, "two")));
            assertTrue(await(store.write(PreparedOnceTest::preparedOnce)), "the writer reuses its statement");
            assertTrue(await(store.read(PreparedOnceTest::preparedOnce)), "a reader reuses its statement");
            SQLException unset = (SQLException) failureOf(store.read(c -> {
                try (PreparedStatement s = c.prepareStatement(BY_ID)) {
                    s.setInt(1, 2);
                    s.executeQuery().close();
                }
                // The same statement again: the parameter set above must not answer for this call.
                try (PreparedStatement s = c.prepareStatement(BY_ID); ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }));
            assertEquals("07000", unset.getSQLState(), "a parameter not set is refused, not taken from the last call");
        }
    }

    /** Verifies that a text prepared again while its first statement is open gets its own, and both read correctly. */
    @Test
    void nestedUseOfOneTextGetsTwoStatements(Vertx vertx) {
        try (Store store = Store.open(vertx, dir.resolve("db"), StoreTesting.newStorageKey(), 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "one") + insertNote(c, 2, "two")));
            List<String> read = await(store.read(c -> {
                List<String> texts = new ArrayList<>();
                try (PreparedStatement outer = c.prepareStatement(BY_ID)) {
                    outer.setInt(1, 1);
                    try (PreparedStatement inner = c.prepareStatement(BY_ID)) {
                        assertNotSame(derbys(outer), derbys(inner));
                        inner.setInt(1, 2);
                        texts.add(single(outer));
                        texts.add(single(inner));
                    }
                }
                return texts;
            }));
            assertEquals(List.of("one", "two"), read);
        }
    }

    /** Verifies that more distinct texts than a connection keeps all still run, and a result set left open is closed. */
    @Test
    void manyTextsAndResultSetsLeftOpen(Vertx vertx) {
        try (Store store = Store.open(vertx, dir.resolve("db"), StoreTesting.newStorageKey(), 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "one")));
            int texts = PreparedOnce.KEPT_PER_CONNECTION + 50;
            int found = await(store.read(c -> {
                int rows = 0;
                for (int i = 0; i < texts; i++) {
                    try (PreparedStatement s = c.prepareStatement(BY_ID + " AND " + i + " = " + i)) {
                        s.setInt(1, 1);
                        rows += s.executeQuery().next() ? 1 : 0;
                    }
                }
                return rows;
            }));
            assertEquals(texts, found);
            boolean leftOpenIsClosed = await(store.read(c -> {
                ResultSet leftOpen;
                try (PreparedStatement s = c.prepareStatement(BY_ID)) {
                    s.setInt(1, 1);
                    leftOpen = s.executeQuery();
                }
                return leftOpen.isClosed();
            }));
            assertTrue(leftOpenIsClosed, "handing a statement back closes what it left open");
        }
    }

    private static boolean preparedOnce(Connection c) throws SQLException {
        Statement first;
        try (PreparedStatement s = c.prepareStatement(BY_ID)) {
            s.setInt(1, 1);
            assertEquals("one", single(s));
            first = derbys(s);
        }
        try (PreparedStatement s = c.prepareStatement(BY_ID)) {
            s.setInt(1, 2);
            assertEquals("two", single(s));
            assertFalse(s.isClosed());
            return first == derbys(s);
        }
    }

    private static String single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static Statement derbys(PreparedStatement s) {
        Statement inner = ((DelegatingStatement) s).getInnermostDelegate();
        assertTrue(inner.getClass().getName().startsWith("org.apache.derby"), "the innermost statement is Derby's");
        return inner;
    }
}
