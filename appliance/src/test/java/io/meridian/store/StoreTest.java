package io.meridian.store;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.StoreTesting.failureOf;
import static io.meridian.store.TestNotes.count;
import static io.meridian.store.TestNotes.createNotes;
import static io.meridian.store.TestNotes.insertNote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's reads, group commit and failure isolation, on each engine. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreTest {

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private TestStores.Place place;

    @BeforeEach
    void place() {
        place = TestStores.place(engine, dir.resolve("db"));
    }

    /** Verifies that Flyway created the schema, and that data survives closing and opening the store again. */
    @Test
    void migratesAndKeepsDataAcrossRestarts(Vertx vertx) {
        try (Store store = place.open(vertx, 16)) {
            assertTrue(await(store.<Boolean>read(c -> tableExists(c, "flyway_schema_history"))));
            assertTrue(await(store.<Boolean>read(c -> tableExists(c, "messages"))));
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "before restart")));
        }
        try (Store store = place.open(vertx, 16)) {
            assertEquals(List.of("before restart"), await(store.read(TestNotes::notes)));
        }
    }

    /**
     * Verifies that many concurrent writes all commit, in fewer commits than writes (group commit happens), and
     * prints the throughput and average batch size.
     */
    @Test
    void batchesConcurrentWrites(Vertx vertx) {
        int writes = 4000;
        try (Store store = place.open(vertx, 256)) {
            createNotes(store);
            long batchesBefore = store.committedBatches();
            long writesBefore = store.committedWrites();
            long start = System.nanoTime();
            // Submitted from the event loop, as the chat path does; each completes after its own commit.
            Promise<List<Future<Integer>>> submitted = Promise.promise();
            vertx.runOnContext(v -> {
                List<Future<Integer>> all = new ArrayList<>();
                for (int i = 0; i < writes; i++) {
                    int id = i;
                    all.add(store.write(c -> insertNote(c, id, "note " + id)));
                }
                submitted.complete(all);
            });
            List<Future<Integer>> futures = await(submitted.future());
            await(Future.all(futures));
            double seconds = (System.nanoTime() - start) / 1e9;
            long batches = store.committedBatches() - batchesBefore;
            long committed = store.committedWrites() - writesBefore;
            assertEquals(writes, committed);
            assertTrue(batches < committed, batches + " commits for " + committed + " writes");
            assertEquals(writes, (int) await(store.read(c -> count(c))));
            System.out.printf(Locale.ROOT, "GROUP COMMIT: %d writes in %.2f s = %.0f writes/s, %d commits, %.1f writes per commit%n",
                    committed, seconds, committed / seconds, batches, (double) committed / batches);
        }
    }

    /**
     * Verifies that a work that throws fails alone: its own changes are undone, and the other works of the same
     * batch commit in that one batch.
     */
    @Test
    void failsOnlyTheFailingWorkOfABatch(Vertx vertx) throws Exception {
        try (Store store = place.open(vertx, 64)) {
            createNotes(store);
            TestNotes.HeldWriter held = TestNotes.HeldWriter.hold(store);
            long batchesBefore = store.committedBatches();
            Future<Integer> first = store.write(c -> insertNote(c, 1, "first"));
            Future<Integer> failing = store.write(c -> {
                insertNote(c, 2, "undone");
                throw new SQLException("customer-visible reason", "22000");
            });
            Future<Integer> duplicate = store.write(c -> insertNote(c, 1, "same key as first"));
            Future<Integer> last = store.write(c -> insertNote(c, 3, "last"));
            held.release();
            assertEquals(1, (int) await(held.blocker()));
            assertEquals(1, (int) await(first));
            assertEquals(1, (int) await(last));
            assertEquals("customer-visible reason", failureOf(failing).getMessage());
            assertInstanceOf(SQLException.class, failureOf(duplicate));
            // One commit for the blocker's batch, one for the four works queued behind it.
            assertEquals(batchesBefore + 2, store.committedBatches(), "the four works shared one batch");
            assertEquals(List.of("blocker", "first", "last"), await(store.read(TestNotes::notes)));
        }
    }

    /**
     * Verifies that a work may answer a failed statement and go on, when the statement ran through
     * {@link StatementUndo}: a duplicate insert undone alone, then another insert, in the same batch as other works.
     * (On PostgreSQL, without it, the statement after the failure would fail too.)
     */
    @Test
    void aStatementUndoneAloneLetsItsWorkGoOn(Vertx vertx) throws Exception {
        try (Store store = place.open(vertx, 64)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "first")));
            TestNotes.HeldWriter held = TestNotes.HeldWriter.hold(store);
            Future<String> goesOn = store.write(c -> {
                String outcome;
                try {
                    StatementUndo.alone(c, w -> insertNote(w, 1, "same key as first"));
                    outcome = "inserted";
                } catch (SQLException duplicate) {
                    outcome = "already there (" + duplicate.getSQLState() + ")";
                }
                insertNote(c, 2, "after the duplicate");
                return outcome;
            });
            Future<Integer> neighbour = store.write(c -> insertNote(c, 3, "neighbour"));
            held.release();
            assertEquals(1, (int) await(held.blocker()));
            assertEquals("already there (23505)", await(goesOn));
            assertEquals(1, (int) await(neighbour));
            assertEquals(List.of("blocker", "first", "after the duplicate", "neighbour"),
                    await(store.read(TestNotes::notes)));
        }
    }

    /**
     * Verifies that when a batch's transaction is lost (as when Derby rolls it back after a deadlock, or the commit
     * fails), every write of that batch fails and none is stored, and the next batch works again.
     */
    @Test
    void failsTheWholeBatchWhenItsTransactionIsLost(Vertx vertx) throws Exception {
        try (Store store = place.open(vertx, 64)) {
            createNotes(store);
            TestNotes.HeldWriter held = TestNotes.HeldWriter.hold(store);
            Future<Integer> good = store.write(c -> insertNote(c, 1, "lost with its batch"));
            // Ends the shared transaction behind the store's back, which is what a deadlock victim experiences.
            Future<Integer> breaker = store.write(c -> {
                c.rollback();
                return 0;
            });
            held.release();
            assertEquals(1, (int) await(held.blocker()));
            assertInstanceOf(IllegalStateException.class, failureOf(good));
            assertInstanceOf(IllegalStateException.class, failureOf(breaker));
            assertEquals(1, (int) await(store.write(c -> insertNote(c, 2, "after"))));
            assertEquals(List.of("blocker", "after"), await(store.read(TestNotes::notes)));
        }
    }

    /** Verifies that close() commits the writes already queued, and that later writes are refused. */
    @Test
    void closeDrainsPendingWrites(Vertx vertx) {
        List<Future<Integer>> pending = new ArrayList<>();
        Store store = place.open(vertx, 8);
        createNotes(store);
        for (int i = 0; i < 200; i++) {
            int id = i;
            pending.add(store.write(c -> insertNote(c, id, "queued " + id)));
        }
        store.close();
        await(Future.all(pending));
        assertTrue(failureOf(store.write(c -> insertNote(c, 999, "too late"))) instanceof IllegalStateException);
        assertTrue(failureOf(store.read(TestNotes::notes)) instanceof IllegalStateException);
        try (Store reopened = place.open(vertx, 8)) {
            assertEquals(200, (int) await(reopened.read(c -> count(c))));
        }
    }

    /** Verifies that reads cannot write: writes must go through group commit. */
    @Test
    void readsAreReadOnly(Vertx vertx) {
        try (Store store = place.open(vertx, 8)) {
            createNotes(store);
            assertInstanceOf(SQLException.class, failureOf(store.read(c -> insertNote(c, 1, "sneaky"))));
            assertEquals(0, (int) await(store.read(c -> count(c))));
        }
    }

    /** Whether {@code table} exists, whatever case the engine keeps unquoted names in (Derby upper, PostgreSQL lower). */
    static boolean tableExists(Connection c, String table) throws SQLException {
        for (String name : List.of(table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
