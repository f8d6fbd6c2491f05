package io.meridian.store;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.StoreTesting.failureOf;
import static io.meridian.store.TestNotes.createNotes;
import static io.meridian.store.TestNotes.insertNote;
import static io.meridian.store.TestNotes.notes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.meridian.web.HealthEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store under connection faults, on each engine: a connection the database closed or killed is replaced, a read that lost its
 * connection is retried once, a broken write connection fails its batch cleanly, and readiness follows whether the
 * database can serve.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreFaultsTest {

    @Parameter
    StoreEngine engine;

    /** More reads than any pool has connections (at most 8), so every slot is used several times. */
    private static final int READS = 24;

    @TempDir
    Path dir;

    private TestStores.Place place;

    @BeforeEach
    void place() {
        place = TestStores.place(engine, dir.resolve("db"));
    }

    /**
     * Verifies that a pooled connection closed underneath the idle pool is never handed out again: every later read
     * succeeds on another connection, and the pool counts the replacement.
     */
    @Test
    void replacesAConnectionClosedUnderneathThePool(Vertx vertx) throws Exception {
        try (Store store = place.open(vertx, 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "kept")));
            Connection closed = await(store.read(c -> c));
            closed.close();
            for (int i = 0; i < READS; i++) {
                Connection[] used = new Connection[1];
                assertEquals(List.of("kept"), await(store.read(c -> {
                    used[0] = c;
                    return notes(c);
                })), "read " + i);
                assertNotSame(closed, used[0], "read " + i + " got the closed connection");
            }
            assertEquals(1, store.replacedReadConnections());
        }
    }

    /**
     * Verifies that a read whose connection Derby drops in the middle ("No current connection", as after an
     * internal error of session severity) is run once more on a fresh connection and succeeds.
     */
    @Test
    void retriesAReadOnceWhenItsConnectionBreaks(Vertx vertx) {
        try (Store store = place.open(vertx, 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "read after the fault")));
            AtomicInteger attempts = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            List<String> read = await(store.read(c -> {
                if (attempts.incrementAndGet() == 1) {
                    c.abort(Runnable::run);
                    try {
                        return notes(c);
                    } catch (SQLException e) {
                        firstFailure.set(e.getSQLState());
                        throw e;
                    }
                }
                return notes(c);
            }));
            assertEquals(List.of("read after the fault"), read);
            assertEquals("08003", firstFailure.get(), "the first attempt lost its connection");
            assertEquals(2, attempts.get());
            assertEquals(1, store.replacedReadConnections());
            for (int i = 0; i < READS; i++) {
                assertEquals(read, await(store.read(TestNotes::notes)));
            }
        }
    }

    /**
     * Verifies that only connection failures are retried, and only once: an ordinary SQL error fails at once and
     * keeps its connection; a read that breaks its fresh connection too fails with that error; reads go on working.
     */
    @Test
    void retriesOnlyConnectionFailuresAndOnlyOnce(Vertx vertx) {
        try (Store store = place.open(vertx, 16)) {
            createNotes(store);
            AtomicInteger attempts = new AtomicInteger();
            Throwable syntax = failureOf(store.read(c -> {
                attempts.incrementAndGet();
                return c.createStatement().executeQuery("SELECT no_such_column FROM test_notes.notes").next();
            }));
            // The engines name an unknown column differently.
            assertEquals(engine == StoreEngine.DERBY ? "42X04" : "42703",
                    assertInstanceOf(SQLException.class, syntax).getSQLState());
            assertEquals(1, attempts.get(), "an ordinary SQL error is not retried");
            assertEquals(0, store.replacedReadConnections());

            attempts.set(0);
            Throwable twice = failureOf(store.read(c -> {
                attempts.incrementAndGet();
                c.abort(Runnable::run);
                return notes(c);
            }));
            assertEquals("08003", assertInstanceOf(SQLException.class, twice).getSQLState());
            assertEquals(2, attempts.get(), "retried exactly once");
            for (int i = 0; i < READS; i++) {
                assertEquals(0, (int) await(store.read(TestNotes::count)));
            }
            assertEquals(2, store.replacedReadConnections(), "both broken connections were replaced");
        }
    }

    /**
     * Verifies that when the write connection breaks inside a batch, every write of that batch fails and none is
     * stored, and the next write commits on a new connection; and that a write connection closed while idle is
     * replaced before the next batch.
     */
    @Test
    void replacesABrokenWriteConnectionAndFailsItsBatch(Vertx vertx) throws Exception {
        try (Store store = place.open(vertx, 64)) {
            createNotes(store);
            TestNotes.HeldWriter held = TestNotes.HeldWriter.hold(store);
            // Queued behind the blocker, so the three form the next batch, whose connection breaks.
            Future<Integer> before = store.write(c -> insertNote(c, 1, "before the fault"));
            Future<Integer> breaker = store.write(c -> {
                c.abort(Runnable::run);
                return insertNote(c, 2, "on a dead connection");
            });
            Future<Integer> after = store.write(c -> insertNote(c, 3, "after the fault"));
            held.release();
            assertEquals(1, (int) await(held.blocker()));
            long writesBefore = store.committedWrites();
            for (Future<Integer> lost : List.of(before, after)) {
                Throwable failure = failureOf(lost);
                assertInstanceOf(IllegalStateException.class, failure);
                assertTrue(failure.getMessage().contains("not stored"), failure.getMessage());
            }
            assertInstanceOf(SQLException.class, failureOf(breaker));
            assertEquals(writesBefore, store.committedWrites(), "nothing of the batch was acknowledged");

            assertEquals(1, (int) await(store.write(c -> insertNote(c, 4, "new connection"))));
            Connection idle = await(store.write(c -> c));
            idle.close();
            assertEquals(1, (int) await(store.write(c -> insertNote(c, 5, "replaced while idle"))));
            assertEquals(List.of("blocker", "new connection", "replaced while idle"), await(store.read(TestNotes::notes)));
        }
    }

    /**
     * Verifies that /health/ready answers UP while the store serves, DOWN once the database is taken away underneath
     * the node (Derby's shut down and its files gone; PostgreSQL's connections ended and new ones refused), and UP
     * again once it is back (Derby booted again with its key); reads and writes then work as before.
     */
    @Test
    void readinessFollowsWhetherTheStoreCanServe(Vertx vertx) throws Exception {
        Path db = dir.resolve("db");
        try (Store store = place.open(vertx, 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "survives")));
            Router router = Router.router(vertx);
            new HealthEndpoint(store::ready).addRoutes(router);
            HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
            WebClient web = WebClient.create(vertx);
            try {
                assertEquals("UP", readiness(web, server));

                place.takeDown();
                Await.until(() -> "DOWN".equals(readiness(web, server)), "readiness turns DOWN");
                assertInstanceOf(SQLException.class, failureOf(store.read(TestNotes::notes)));
                assertTrue(failureOf(store.write(c -> insertNote(c, 2, "lost"))).getMessage()
                        .contains("not stored"));
                if (engine == StoreEngine.DERBY) {
                    assertFalse(Files.exists(db), "nothing was created in the database's place");
                }

                place.bringBack();
                Await.until(() -> "UP".equals(readiness(web, server)), "readiness turns UP again");
                assertEquals(1, (int) await(store.write(c -> insertNote(c, 3, "after the outage"))));
                assertEquals(List.of("survives", "after the outage"), await(store.read(TestNotes::notes)));
            } finally {
                web.close();
                await(server.close());
            }
        }
    }

    /** The status /health/ready answers, checked against its HTTP status. */
    private static String readiness(WebClient web, HttpServer server) {
        HttpResponse<Buffer> response = await(web.get(server.actualPort(), "127.0.0.1", "/health/ready").send());
        String status = new JsonObject(response.bodyAsString()).getString("status");
        assertEquals("UP".equals(status) ? 200 : 503, response.statusCode(), status);
        return status;
    }
}
