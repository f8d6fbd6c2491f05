package io.meridian.store;

import static io.meridian.store.StoreTesting.await;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A table of the store tests' own, in a schema the migrations do not use, and the latch the writer tests hold. */
final class TestNotes {

    private TestNotes() {
    }

    static void createNotes(Store store) {
        await(store.write(c -> {
            if (store.engine() == StoreEngine.POSTGRESQL) {
                // Derby creates a schema with its first table; PostgreSQL wants it first.
                c.createStatement().execute("CREATE SCHEMA test_notes");
            }
            return c.createStatement().execute("CREATE TABLE test_notes.notes (id INT PRIMARY KEY, text VARCHAR(100))");
        }));
    }

    static int insertNote(Connection c, int id, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO test_notes.notes (id, text) VALUES (?, ?)")) {
            s.setInt(1, id);
            s.setString(2, text);
            return s.executeUpdate();
        }
    }

    static List<String> notes(Connection c) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT text FROM test_notes.notes ORDER BY id")) {
            while (rs.next()) {
                texts.add(rs.getString(1));
            }
        }
        return texts;
    }

    static int count(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM test_notes.notes")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The writer held by a work that inserts note 0 ("blocker") once {@link #release()} is called, so the works
     * submitted meanwhile queue up and are drained into one batch together.
     */
    record HeldWriter(Future<Integer> blocker, CountDownLatch releaseLatch) {

        static HeldWriter hold(Store store) throws InterruptedException {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> blocker = store.write(c -> {
                busy.countDown();
                awaitLatch(release);
                return insertNote(c, 0, "blocker");
            });
            if (!busy.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writer did not take the blocking work");
            }
            return new HeldWriter(blocker, release);
        }

        void release() {
            releaseLatch.countDown();
        }
    }

    /** Waits (on the test's thread) until the test lets the held writer go. */
    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
