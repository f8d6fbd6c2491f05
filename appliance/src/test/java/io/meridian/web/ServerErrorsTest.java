package io.meridian.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.Templates;
import io.meridian.testing.Await;
import io.meridian.testing.LogCapture;
import io.meridian.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fault of the node, hit many times: each request gets a 500 carrying an error id that is in exactly one short
 * log line, and the stack trace is logged once per cause a minute, not once per request.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerErrorsTest {

    private static final Pattern LOGGED_ID = Pattern.compile("Server error ([0-9a-f]{12}) on GET /api/v1/broken");

    @TempDir
    Path uploads;

    /**
     * Verifies that 300 requests to a route that throws get 300 problem documents with distinct ids, each id in one
     * log line, one stack trace in all, and that the console's error page shows the id too.
     */
    @Test
    void everyFailureHasAnIdAndTheStackTraceIsLoggedOnce(Vertx vertx) {
        Consumer<Router> broken = router -> {
            router.get("/api/v1/broken").handler(ctx -> {
                throw new IllegalStateException("a bug in the node");
            });
            router.get("/console/broken").handler(ctx -> ctx.fail(new IllegalStateException("a bug in a page")));
        };
        WebServer server = new WebServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0), new Templates(),
                List.of(broken), uploads);
        Await.result(vertx.deployVerticle(server), "starting the server");
        WebClient web = WebClient.create(vertx);
        try (LogCapture log = LogCapture.attach()) {
            Set<String> answeredIds = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                HttpResponse<Buffer> response = Await.result(web.get(server.actualPort(), "127.0.0.1", "/api/v1/broken")
                        .send(), "request " + i);
                assertEquals(500, response.statusCode());
                assertEquals("application/problem+json", response.getHeader("Content-Type"));
                JsonObject problem = response.bodyAsJsonObject();
                assertTrue(problem.getString("detail").contains("safe to retry"), problem.encode());
                answeredIds.add(problem.getString("errorId"));
            }
            assertEquals(300, answeredIds.size(), "a distinct id for every failure");
            Set<String> loggedIds = new HashSet<>();
            for (String entry : log.entries()) {
                Matcher m = LOGGED_ID.matcher(entry);
                if (m.find()) {
                    loggedIds.add(m.group(1));
                }
            }
            assertEquals(answeredIds, loggedIds, "each id the clients got is in the log");
            assertEquals(1, log.withStackTrace().size(), "one stack trace for one cause");
            // A line each (about 300 bytes) and one trace, where a trace a request would have been about 2 MB.
            assertTrue(log.bytes() < 300 * 330 + 8_000, "the log grew by " + log.bytes() + " bytes");

            HttpResponse<Buffer> page = Await.result(web.get(server.actualPort(), "127.0.0.1", "/console/broken").send(),
                    "the console page");
            assertEquals(500, page.statusCode());
            Matcher logged = Pattern.compile("Server error ([0-9a-f]{12}) on GET /console/broken")
                    .matcher(String.join("", log.entries()));
            assertTrue(logged.find(), "the page's failure is logged");
            assertTrue(page.bodyAsString().contains(logged.group(1)), "the page shows the id: " + page.bodyAsString());
        } finally {
            web.close();
        }
    }

    /**
     * Verifies the stack-trace budget: a cause's trace again only after a minute, and never more than
     * {@value ServerErrors#MAX_TRACES_PER_MINUTE} traces in a minute however many causes there are.
     */
    @Test
    void stackTracesAreLimitedPerCauseAndPerMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
        ServerErrors errors = new ServerErrors(clock);
        try (LogCapture log = LogCapture.attach()) {
            errors.record("GET", "/api/v1/a", sameCause());
            errors.record("GET", "/api/v1/a", sameCause());
            assertEquals(1, log.withStackTrace().size(), "the same cause within a minute: no second trace");
            clock.advance(Duration.ofSeconds(61));
            errors.record("GET", "/api/v1/a", sameCause());
            assertEquals(2, log.withStackTrace().size(), "a minute later the trace comes again");

            log.clear();
            for (int i = 0; i < 100; i++) {
                errors.record("GET", "/api/v1/b", distinctCause(i));
            }
            assertEquals(ServerErrors.MAX_TRACES_PER_MINUTE - 1, log.withStackTrace().size(),
                    "the minute's budget (one trace was spent above) caps distinct causes too");
            assertEquals(100, log.entries().size(), "still one line for every failure");
        }
    }

    /** An exception thrown from the same line every time: one cause. */
    private static IllegalStateException sameCause() {
        return new IllegalStateException("the same fault");
    }

    /** An exception thrown from a different line for each {@code i}: a distinct cause. */
    private static RuntimeException distinctCause(int i) {
        RuntimeException e = new RuntimeException("cause " + i);
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("Fault", "at", "Fault.java", i + 1)});
        return e;
    }
}
