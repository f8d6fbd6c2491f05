package io.meridian.security;

import static io.meridian.security.SessionApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.PasswordHasher;
import io.meridian.crypto.PasswordScheme;
import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.meridian.web.HealthEndpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in limits under bursts of simultaneous attempts: every attempt takes its place before its password is
 * hashed, hashing runs on a bounded pool of its own, and a password too long to be real is never hashed. Password
 * checks are counted and, where a test needs every attempt to be in flight at once, held until it lets them go.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignInConcurrencyTest {

    private static final String PASSWORD = "Concurrency-test-pw-1";
    private static final int MAX_FAILURES = 5;
    private static final int BURST = 100;
    /** Fewer than the hashing threads some tests hold: if hashing used these, the worker route below would hang. */
    private static final int WORKER_THREADS = 4;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private CountedScheme scheme;
    private HashingPool pool;
    private AgentAccounts accounts;
    private SecurityFixture.Server server;
    private WebClient client;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKER_THREADS));
        store = SecurityFixture.openStore(vertx, dir);
        scheme = new CountedScheme();
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false),
                new PoolOptions().setHttp1MaxSize(2 * BURST));
    }

    @AfterEach
    void close() {
        scheme.release();
        if (server != null) {
            server.stop();
        }
        SecurityFixture.closeStore(vertx, store);
        Await.result(vertx.close(), "closing Vert.x");
    }

    /** Accounts over the counted scheme with a hashing pool of {@code threads} + {@code queue}, and a server. */
    private void start(int threads, int queue, SourceThrottle throttle) {
        pool = new HashingPool(vertx, threads, queue);
        accounts = new AgentAccounts(vertx, store, scheme, MAX_FAILURES, Duration.ofMinutes(15), Clock.systemUTC(), pool);
        server = SecurityFixture.start(vertx, SecurityFixture.config(dir, Map.of()), accounts,
                dir.resolve("initial-admin-password"), throttle, this::neighbourRoutes);
    }

    /**
     * What must stay answerable during a flood: /health/ready as the node has it (a store query), a route on the
     * event loop (as the widget's ping is answered) and one on the shared worker pool.
     */
    private void neighbourRoutes(Router router) {
        new HealthEndpoint(() -> store.read(c -> {
            c.createStatement().execute("VALUES (1)");
            return null;
        }).mapEmpty()).addRoutes(router);
        router.get("/test/ping").handler(ctx -> ctx.response().end("pong"));
        router.get("/test/worker").handler(ctx -> vertx.executeBlocking(() -> "worked", false)
                .onComplete(ar -> ctx.response().end(ar.result())));
    }

    /** A throttle that never refuses, so a test about the account lockout is not cut short by the address limit. */
    private static SourceThrottle lenientThrottle() {
        return new SourceThrottle(SourceThrottle.WINDOW, 10 * BURST, 1, 20, System::currentTimeMillis);
    }

    /**
     * Verifies that 100 wrong passwords and the right one sent at once for one account get fewer password checks than
     * max-failures, lock the account, and that the right one, though it raced them, does not sign in.
     */
    @Test
    void aBurstOnOneAccountGetsFewerChecksThanTheLimitAndLocksIt() {
        start(8, 2 * BURST, lenientThrottle());
        SecurityFixture.readyAgent(accounts, "ivan", "Ivan", Role.AGENT, PASSWORD);
        int before = scheme.verifications.get();
        scheme.hold();

        AtomicInteger answered = new AtomicInteger();
        List<Future<HttpResponse<Buffer>>> wrong = new ArrayList<>();
        for (int i = 0; i < BURST / 2; i++) {
            wrong.add(signIn("ivan", "wrong-password-" + i, answered));
        }
        Future<HttpResponse<Buffer>> right = signIn("ivan", PASSWORD, answered);
        for (int i = BURST / 2; i < BURST; i++) {
            wrong.add(signIn("ivan", "wrong-password-" + i, answered));
        }
        // Every attempt is either answered or held in its password check: all of them were in flight together.
        Await.until(() -> answered.get() + scheme.held.get() == BURST + 1, "every attempt answered or being checked");
        int checked = scheme.verifications.get() - before;
        scheme.release();

        HttpResponse<Buffer> rightAnswer = Await.result(right, "the right password");
        assertProblem(rightAnswer, 423, "account-locked");
        for (Future<HttpResponse<Buffer>> attempt : wrong) {
            assertProblem(Await.result(attempt, "a wrong password"), 423, "account-locked");
        }
        assertTrue(checked <= MAX_FAILURES - 1, checked + " passwords checked, limit " + MAX_FAILURES);
        assertEquals(checked, scheme.verifications.get() - before, "no check started after the burst was let go");

        assertProblem(Await.result(signIn("ivan", PASSWORD, answered), "signing in later"), 423, "account-locked");
        assertEquals(checked, scheme.verifications.get() - before, "a locked account's password is not checked");
    }

    /**
     * Verifies that 100 wrong sign-ins at once from one address, each for another username, get exactly the address
     * limit of checks (401) and 429 with Retry-After for the rest.
     */
    @Test
    void aBurstFromOneAddressGetsNoMoreChecksThanTheAddressLimit() {
        start(8, 2 * BURST, SecurityFixture.quickThrottle());
        int before = scheme.verifications.get();

        List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            attempts.add(signIn("guess-" + i, "wrong-password", new AtomicInteger()));
        }
        int rejected = 0;
        int throttled = 0;
        for (Future<HttpResponse<Buffer>> attempt : attempts) {
            HttpResponse<Buffer> answer = Await.result(attempt, "a guess");
            if (answer.statusCode() == 429) {
                assertProblem(answer, 429, "too-many-attempts");
                assertTrue(Long.parseLong(answer.getHeader("Retry-After")) > 0);
                throttled++;
            } else {
                assertProblem(answer, 401, "invalid-credentials");
                rejected++;
            }
        }
        assertEquals(SourceThrottle.REFUSE_AFTER, rejected, "checked guesses");
        assertEquals(BURST - SourceThrottle.REFUSE_AFTER, throttled, "refused guesses");
        assertEquals(SourceThrottle.REFUSE_AFTER, scheme.verifications.get() - before, "passwords checked");
    }

    /**
     * Verifies that while a flood of sign-ins fills the hashing pool (its checks held), the sign-ins beyond its
     * capacity are answered 503 with Retry-After at once, every check runs on the pool's own threads, and
     * /health/ready, an event-loop route and a worker-pool route still answer.
     */
    @Test
    void aFloodOfSignInsLeavesEventLoopsAndWorkersFree() {
        int threads = WORKER_THREADS;
        int queue = 16;
        start(threads, queue, lenientThrottle());
        scheme.hold();

        AtomicInteger answered = new AtomicInteger();
        List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            attempts.add(signIn("flood-" + i, "wrong-password", answered));
        }
        int capacity = threads + queue;
        Await.until(() -> answered.get() == BURST - capacity && scheme.held.get() == threads,
                "the pool full and the rest answered");

        try (ApiClient neighbour = new ApiClient(vertx, server.port())) {
            assertEquals(200, neighbour.get("/health/ready").statusCode());
            assertEquals("pong", neighbour.get("/test/ping").bodyAsString());
            assertEquals("worked", neighbour.get("/test/worker").bodyAsString());
        }
        List<String> threadNames = List.copyOf(scheme.threads);
        assertEquals(threads, threadNames.size());
        threadNames.forEach(name -> assertTrue(name.startsWith(pool.threadName()), "checked on " + name));

        scheme.release();
        int busy = 0;
        for (Future<HttpResponse<Buffer>> attempt : attempts) {
            HttpResponse<Buffer> answer = Await.result(attempt, "a flood sign-in");
            if (answer.statusCode() == 503) {
                assertProblem(answer, 503, "sign-in-busy");
                assertTrue(Long.parseLong(answer.getHeader("Retry-After")) > 0);
                busy++;
            } else {
                assertProblem(answer, 401, "invalid-credentials");
            }
        }
        assertEquals(BURST - capacity, busy, "sign-ins refused while the pool was full");
        assertEquals(capacity, scheme.verifications.get(), "passwords checked");
        assertTrue(scheme.threads.stream().allMatch(name -> name.startsWith(pool.threadName())), scheme.threads.toString());
    }

    /**
     * Verifies that a password longer than the maximum is refused with 400 by the API and the console form, and a
     * sign-in body larger than any honest one with 413, all without a password being hashed.
     */
    @Test
    void anOversizePasswordIsRefusedWithoutHashing() {
        start(2, 8, SecurityFixture.quickThrottle());
        SecurityFixture.readyAgent(accounts, "ivan", "Ivan", Role.AGENT, PASSWORD);
        int before = scheme.verifications.get();
        String tooLong = "x".repeat(AccountRules.MAX_PASSWORD_CHARS + 1);

        try (ApiClient api = new ApiClient(vertx, server.port());
                ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            HttpResponse<Buffer> refused = api.signIn("ivan", tooLong);
            assertProblem(refused, 400, "invalid-field");
            assertTrue(refused.bodyAsJsonObject().getString("detail").contains("at most 1024"), refused.bodyAsString());

            HttpResponse<Buffer> page = browser.signIn("ivan", tooLong);
            assertEquals(400, page.statusCode());
            assertTrue(page.bodyAsString().contains("at most 1024 characters"), page.bodyAsString());

            String huge = "y".repeat(200_000);
            assertProblem(api.signIn("ivan", huge), 413, "too-large");
            String token = browser.tokenFrom("/console/login");
            HttpResponse<Buffer> hugeForm = browser.post("/console/login", MultiMap.caseInsensitiveMultiMap()
                    .add("csrf", token).add("username", "ivan").add("password", huge));
            // The server reads no form field over 16 KiB: refused while the body is read, before the sign-in sees it.
            assertEquals(400, hugeForm.statusCode());
            assertTrue(hugeForm.bodyAsString().contains("could not be read"), hugeForm.bodyAsString());

            assertEquals(before, scheme.verifications.get(), "passwords hashed");
            assertEquals(200, api.signIn("ivan", PASSWORD).statusCode(), "the real password still works");
        }
    }

    /**
     * Verifies that the limits leave room for every honest password: one of exactly the maximum length in
     * three-byte characters (9 bytes each in a form) is checked, by the API and the console form alike.
     */
    @Test
    void aPasswordOfTheMaximumLengthIsChecked() {
        start(2, 8, SecurityFixture.quickThrottle());
        SecurityFixture.readyAgent(accounts, "ivan", "Ivan", Role.AGENT, PASSWORD);
        int before = scheme.verifications.get();
        String longest = "\u20ac".repeat(AccountRules.MAX_PASSWORD_CHARS);

        try (ApiClient api = new ApiClient(vertx, server.port());
                ConsoleBrowser browser = new ConsoleBrowser(vertx, server.port())) {
            assertProblem(api.signIn("ivan", longest), 401, "invalid-credentials");
            HttpResponse<Buffer> page = browser.signIn("ivan", longest);
            assertEquals(401, page.statusCode(), page.bodyAsString());
        }
        assertEquals(before + 2, scheme.verifications.get(), "passwords checked");
    }

    private Future<HttpResponse<Buffer>> signIn(String username, String password, AtomicInteger answered) {
        return client.post(server.port(), SecurityFixture.HOST, "/api/v1/session")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("password", password).encode()))
                .onComplete(done -> answered.incrementAndGet());
    }

    /** Argon2id at a test's low cost that counts its checks, notes their threads and can hold them. */
    private static final class CountedScheme implements PasswordScheme {

        private final PasswordHasher argon2 = new PasswordHasher(1024, 1, 1);
        final AtomicInteger verifications = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        final Queue<String> threads = new ConcurrentLinkedQueue<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        /** Checks from now on wait in the hashing thread until {@link #release}. */
        void hold() {
            threads.clear();
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public String hash(char[] password) {
            return argon2.hash(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            verifications.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            held.incrementAndGet();
            try {
                if (!gate.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the password check go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                held.decrementAndGet();
            }
            return argon2.verify(password, encoded);
        }

        @Override
        public boolean needsRehash(String encoded) {
            return argon2.needsRehash(encoded);
        }
    }
}
