package io.meridian.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.Templates;
import io.meridian.testing.Await;
import io.meridian.testing.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A request no handler answers (a failure in a callback) is answered by the node after a while, not left hanging. */
@Timeout(60)
class UnansweredRequestTest {

    @TempDir
    Path dir;

    /**
     * Verifies that a console page and an API call whose handlers never answer get 503 (a page, and a problem
     * document) once the safety net's time is up, each logged with its path, and that an answered request is not
     * touched later.
     */
    @Test
    void aRequestNobodyAnswersGets503() {
        Vertx vertx = Vertx.vertx();
        try (LogCapture log = LogCapture.attach()) {
            List<Consumer<Router>> mounts = List.of(router -> {
                router.get("/console/hang").handler(ctx -> { });
                router.get("/api/v1/hang").handler(ctx -> { });
                router.get("/api/v1/quick").handler(ctx -> ctx.response().end("ok"));
            });
            WebServer server = new WebServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0), new Templates(),
                    mounts, dir).answerWithin(500);
            Await.result(vertx.deployVerticle(server), "starting the server");
            WebClient web = WebClient.create(vertx);
            int port = server.actualPort();

            var page = Await.result(web.get(port, "127.0.0.1", "/console/hang").send(), "the page");
            assertEquals(503, page.statusCode());
            assertTrue(page.bodyAsString().contains("did not answer in time"), page.bodyAsString());
            var call = Await.result(web.get(port, "127.0.0.1", "/api/v1/hang").send(), "the call");
            assertEquals(503, call.statusCode());
            assertEquals("application/problem+json", call.getHeader("Content-Type"));
            var quick = Await.result(web.get(port, "127.0.0.1", "/api/v1/quick").send(), "an answered call");
            assertEquals("ok", quick.bodyAsString());
            Await.until(() -> log.events().stream().filter(e -> e.getFormattedMessage().startsWith("No answer to GET /"))
                    .count() == 2, "both logged");
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(800).toNanos());
            assertTrue(log.events().stream().noneMatch(e -> e.getFormattedMessage().contains("/api/v1/quick")),
                    log.entries().toString());
        } finally {
            Await.result(vertx.close(), "closing vert.x");
        }
    }
}
