package io.meridian.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.store.StoreTesting;
import io.meridian.testing.Await;
import io.meridian.testing.LogCapture;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own fault, met by every console page and REST call at once: the database goes away underneath a running
 * node. Each answer is a 5xx that carries an error id; each id is in exactly one short log line ("Server error id on
 * METHOD path"); no page logs the failure its own way; stack traces stay at one per distinct cause. When the database
 * is back, the same pages work again without a restart.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeFaultAnswersTest {

    private static final Pattern PAGE_ID = Pattern.compile("([0-9a-f]{12})");
    private static final Pattern LOGGED = Pattern.compile("Server error ([0-9a-f]{12}) on (GET|POST) ([^\\s:]+)");

    @TempDir
    Path dir;

    /** A request a signed-in admin makes; {@code form} is sent as a URL-encoded form when not null. */
    private record Call(HttpMethod method, String path, String form) {
        static Call get(String path) {
            return new Call(HttpMethod.GET, path, null);
        }

        static Call form(String path, String form) {
            return new Call(HttpMethod.POST, path, form);
        }

        static Call json(String path) {
            return new Call(HttpMethod.POST, path, "json");
        }
    }

    /**
     * Verifies that with the database shut down and moved away, 16 console pages, forms and REST calls each answer
     * 500 with an id (the page in the agent's language shows it as the error reference; the problem document as
     * {@code errorId}), that the log holds one "Server error" line per request naming that id, nothing else at ERROR
     * besides the store's own word that it lost the database, and fewer stack traces than requests; and that every
     * page answers again once the database is back.
     */
    @Test
    void everyPageAndCallAnswersTheNodesFaultWithAnIdLoggedOnce(Vertx vertx) throws Exception {
        Path data = dir.resolve("node");
        SignedInNode node = SignedInNode.start(vertx, data, Map.of("MERIDIAN_STORE_ENGINE", "derby"));
        try {
            AgentSession admin = node.agent("ada", "Ada Admin", Role.ADMIN, "correct horse battery staple 7");
            String unknown = UUID.randomUUID().toString();
            List<Call> calls = List.of(
                    Call.get("/console/inbox"),
                    Call.get("/console/conversations/" + unknown),
                    Call.get("/console/contacts/" + unknown),
                    Call.get("/console/glossary"),
                    Call.get("/console/agents"),
                    Call.form("/console/glossary/import", "source=en&target=de&csv=" + "invoice%2CRechnung"),
                    Call.form("/console/settings", "language=de&zone=Europe%2FBerlin&reading="),
                    Call.form("/console/conversations/" + unknown + "/reply", "text=hello&clientMessageId="
                            + UUID.randomUUID()),
                    Call.form("/console/agents", "username=bea&displayName=Bea&role=AGENT"
                            + "&password=another+long+password+8"),
                    Call.get("/api/v1/conversations"),
                    Call.get("/api/v1/conversations/" + unknown + "/messages"),
                    Call.get("/api/v1/contacts/" + unknown),
                    Call.get("/api/v1/translation/glossary?source=en&target=de"),
                    Call.get("/api/v1/attachments/" + unknown),
                    Call.get("/console/attachments/" + unknown),
                    Call.json("/api/v1/conversations/" + unknown + "/close"));
            for (Call call : calls) {
                int status = send(admin, call).statusCode();
                assertTrue(status < 500, call + " answers " + status + " before the fault");
            }

            Path db = data.resolve("db");
            StoreTesting.shutDownUnderneath(db);
            Path away = data.resolve("db-away");
            Files.move(db, away);
            try (LogCapture log = LogCapture.attach()) {
                for (Call call : calls) {
                    HttpResponse<Buffer> answer = send(admin, call);
                    assertEquals(500, answer.statusCode(), call + " answers the node's fault: " + answer.bodyAsString());
                    String id = idIn(call, answer);
                    List<String> lines = log.entries().stream().filter(e -> e.contains(id)).toList();
                    assertEquals(1, lines.size(), "exactly one log entry names " + id + ": " + lines);
                    Matcher logged = LOGGED.matcher(lines.get(0));
                    assertTrue(logged.find(), lines.get(0));
                    assertEquals(call.path().replaceFirst("\\?.*", ""), logged.group(3));
                }
                // The store itself says once that it lost the database; every other ERROR line is a request's.
                List<ILoggingEvent> errors = log.events().stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .filter(e -> !e.getLoggerName().startsWith("io.meridian.store.")).toList();
                assertEquals(calls.size(), errors.size(), "one ERROR line per request, no page's own: "
                        + errors.stream().map(ILoggingEvent::getFormattedMessage).toList());
                assertTrue(log.withStackTrace().size() < calls.size() / 2,
                        log.withStackTrace().size() + " stack traces for " + calls.size() + " requests of a few causes");
            }

            Files.move(away, db);
            Await.until(() -> Await.result(node.web().get(node.node().port(), AgentSession.HOST, "/health/ready")
                    .send(), "readiness").statusCode() == 200, "the store is back");
            for (Call call : calls.stream().filter(c -> c.method() == HttpMethod.GET).toList()) {
                int status = send(admin, call).statusCode();
                assertTrue(status == 200 || status == 404, call + " works again: " + status);
            }
        } catch (Throwable failure) {
            try {
                node.stop();
            } catch (Throwable alsoStopping) {
                failure.addSuppressed(alsoStopping);
            }
            throw failure;
        }
        node.stop();
    }

    private static HttpResponse<Buffer> send(AgentSession admin, Call call) {
        HttpRequest<Buffer> request = admin.request(call.method(), call.path()).followRedirects(false);
        if (call.form() == null) {
            return Await.result(request.send(), call.toString());
        }
        if (call.form().equals("json")) {
            return Await.result(request.sendJsonObject(new JsonObject()), call.toString());
        }
        return Await.result(request.putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(call.form())), call.toString());
    }

    /** The error id the answer carries: {@code errorId} of a problem document, or the reference a page shows. */
    private static String idIn(Call call, HttpResponse<Buffer> answer) {
        if (call.path().startsWith("/api/")) {
            assertEquals("application/problem+json", answer.getHeader("Content-Type"), call.toString());
            String id = answer.bodyAsJsonObject().getString("errorId");
            assertTrue(id != null && PAGE_ID.matcher(id).matches(), call + ": " + answer.bodyAsString());
            return id;
        }
        String page = answer.bodyAsString();
        assertTrue(answer.getHeader("Content-Type").startsWith("text/html"), call.toString());
        // In the agent's language where the page knew it before the fault (this admin chose German), else English.
        int at = Math.max(page.indexOf("Error reference: "), page.indexOf("Fehlerkennung: "));
        assertTrue(at >= 0, call + " shows the error reference: " + page);
        Matcher id = PAGE_ID.matcher(page.substring(at));
        assertTrue(id.find(), page);
        return id.group(1);
    }
}
