package io.meridian.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.protocol.WidgetVisitor;
import io.meridian.security.Role;
import io.meridian.testing.Await;
import io.meridian.testing.LogCapture;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated requests against a real node (every mounted route, every method, odd content types, bodies,
 * ids, paths, headers and query strings, anonymous and as a signed-in agent and admin): none may get a 5xx, and the
 * log may only grow by a little. The requests come from a seeded random generator, so a failure names the seed and
 * the request's number, and {@code -Dmeridian.fuzz.seed=<seed>} replays exactly that run.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpFuzzTest {

    private static final long SEED = Long.getLong("meridian.fuzz.seed", 20261206L);
    private static final int REQUESTS = Integer.getInteger("meridian.fuzz.requests", 3000);
    private static final int LANES = 6;
    private static final int BATCH = 300;
    /** A few audit lines (refused sign-ins) are expected; stack traces or a line per request are not. */
    private static final long LOG_BUDGET_BYTES = 48 * 1024;
    /** Every request is answered at once; one that waits this long has hung. */
    private static final long ANSWER_WITHIN_MILLIS = 5_000;
    private static final String PASSWORD = "Fuzz-test-password-1";

    /** GET and POST more often than the rest, so that most requests reach a route's handler rather than a 405. */
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.GET, HttpMethod.GET,
            HttpMethod.POST, HttpMethod.POST, HttpMethod.POST, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE);
    private static final List<String> CONTENT_TYPES = plusNone(
            "multipart/form-data", "multipart/form-data; boundary=fuzzBoundary", "MULTIPART/FORM-DATA; boundary=",
            "multipart/form-data; boundary=fuzzBoundary; charset=x-no-such-charset",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/x-www-form-urlencoded; charset=x-no-such-charset", "application/json",
            "application/json; charset=utf-16", "application/json; charset=x-no-such-charset", "text/plain",
            "text/plain; charset=shift_jis", "application/octet-stream", "application/problem+json", "*/*",
            ";;;=", "multipart/mixed; boundary=fuzzBoundary", "text/html; charset=\"utf-8\"");
    private static final List<String> IDS = List.of("0", "-1", "99999999999999999999999", "null", "%00", "%ZZ",
            "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%F0%9F%98%80", "%C3%28", "%E2%80%AE%00", "a".repeat(700),
            "fuzz-agent", "x'%20OR%201=1--", UUID.randomUUID().toString());
    private static final List<String> EXTRA_PATHS = List.of("/", "/console/static/../../../etc/passwd",
            "/console/static/%2e%2e/%2e%2e/pom.xml", "/console/static/console.css", "/widget/%2e%2e%2fpom.xml",
            "/widget/../../pom.xml", "/widget/widget.js", "/api/v1/no-such-thing", "/api/v2/conversations",
            "/hooks/", "/hooks/no-plugin/no-instance", "/hooks/../api/v1/session", "//api//v1//conversations",
            "/health/%ff", "/console%00", "/%00", "/console/" + "x/".repeat(900), "/api/v1/" + "%41".repeat(1000),
            "/no-such-area");
    private static final List<String> QUERIES = List.of("", "", "", "?limit=-1", "?limit=abc",
            "?limit=99999999999999999999", "?status=%ZZ", "?q=" + "x".repeat(3000), "?a=1&a=2&a=3", "?%", "?=&=&",
            "?status=open&status=closed", "?before=not-a-date", "?page=%C3%28", "?lang=..%2F..%2Fetc", "?%00=%00");

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignedInNode desk;
    private static HttpClient client;
    private static AgentSession agent;
    private static AgentSession admin;
    private static String conversationId;
    private static String messageId;

    @BeforeAll
    static void startNode(Vertx v) {
        vertx = v;
        desk = SignedInNode.start(vertx, dataDir, Map.of());
        agent = desk.agent("fuzz-agent", "Fuzz Agent", Role.AGENT, PASSWORD);
        admin = desk.agent("fuzz-admin", "Fuzz Admin", Role.ADMIN, PASSWORD);
        WidgetVisitor visitor = WidgetVisitor.open(vertx, desk.node().port());
        visitor.hello(null);
        JsonObject stored = visitor.say("Hello, I need help with my order").getJsonObject("message");
        conversationId = stored.getString("conversationId");
        messageId = stored.getString("id");
        Await.result(visitor.close(), "closing the visitor");
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(AgentSession.HOST)
                .setDefaultPort(desk.node().port()).setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024));
    }

    @AfterAll
    static void stopNode() {
        if (client != null) {
            Await.result(client.close(), "closing the client");
        }
        if (desk != null) {
            desk.stop();
        }
    }

    /**
     * Verifies the issue's case: a form content type on GET, OPTIONS or TRACE, anonymously, under /api and /console,
     * answers 415 (a problem document under /api) instead of 500, and 300 of them leave the log as it was.
     */
    @Test
    void formOnBodilessMethodIs415AndLogsNothing() {
        try (LogCapture log = LogCapture.attach()) {
            List<HttpMethod> methods = List.of(HttpMethod.GET, HttpMethod.OPTIONS, HttpMethod.TRACE);
            List<String> types = List.of("multipart/form-data", "application/x-www-form-urlencoded");
            List<String> paths = List.of("/api/v1/conversations", "/console/inbox", "/api/v1/session", "/console/login",
                    "/hooks/no-plugin/no-instance");
            for (int i = 0; i < 300; i++) {
                HttpMethod method = methods.get(i % methods.size());
                String type = types.get(i % types.size());
                String path = paths.get(i % paths.size());
                Answer answer = Await.result(send(new FuzzRequest(i, Identity.ANONYMOUS, method, path, type,
                        Buffer.buffer("a=1"), "a=1", Map.of())), method + " " + path);
                assertEquals(415, answer.status(), method + " " + path + " with " + type + ": " + answer.body());
                if (path.startsWith("/console")) {
                    assertTrue(answer.contentType().startsWith("text/html"), answer.contentType());
                    assertTrue(answer.body().contains("send forms with POST"), answer.body());
                } else {
                    assertEquals("application/problem+json", answer.contentType(), answer.body());
                    assertEquals(415, new JsonObject(answer.body()).getInteger("status"));
                }
            }
            assertEquals(0, log.bytes(), () -> String.join("", log.entries()));
        }
    }

    /**
     * Verifies that {@value #REQUESTS} generated requests get no 5xx, that every error under /api is a problem document,
     * and that they make the log grow by less than {@value #LOG_BUDGET_BYTES} bytes, with no stack trace.
     */
    @Test
    void generatedRequestsGetNoServerErrorAndBarelyGrowTheLog() {
        List<FuzzRequest> requests = generate(new Random(SEED), REQUESTS);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> unsent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger answered = new AtomicInteger();
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (LogCapture log = LogCapture.attach()) {
            for (int from = 0; from < requests.size(); from += BATCH) {
                List<FuzzRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
                List<Future<Void>> lanes = new ArrayList<>();
                for (int lane = 0; lane < LANES; lane++) {
                    Future<Void> chain = Future.succeededFuture();
                    for (int i = lane; i < batch.size(); i += LANES) {
                        FuzzRequest request = batch.get(i);
                        chain = chain.compose(v -> send(request).map(answer -> {
                            answered.incrementAndGet();
                            statuses.merge(answer.status(), 1, Integer::sum);
                            check(request, answer).ifPresent(failures::add);
                            return (Void) null;
                        }).recover(e -> {
                            if (e instanceof java.util.concurrent.TimeoutException
                                    || e.getClass().getSimpleName().contains("Timeout")) {
                                failures.add("no answer within " + ANSWER_WITHIN_MILLIS + " ms for " + request);
                            } else {
                                unsent.add(request + ": " + e);
                            }
                            return Future.succeededFuture();
                        }));
                    }
                    lanes.add(chain);
                }
                Await.result(Future.all(lanes), "requests " + from + ".." + (from + batch.size()));
            }
            assertTrue(failures.isEmpty(), () -> failures.size() + " bad answers (seed " + SEED + "):\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
            assertTrue(answered.get() >= requests.size() * 9 / 10,
                    () -> "only " + answered.get() + " of " + requests.size() + " requests were answered at all; e.g.\n"
                            + String.join("\n", unsent.subList(0, Math.min(20, unsent.size()))));
            // The run reached the handlers as each identity: reads succeeded, bad input and unknown ids were refused.
            assertTrue(statuses.keySet().containsAll(List.of(200, 400, 401, 403, 404, 405, 415)),
                    () -> "statuses seen: " + statuses);
            System.out.println("HttpFuzzTest seed " + SEED + ": statuses " + statuses + ", log grew by " + log.bytes()
                    + " bytes");
            assertTrue(log.withStackTrace().isEmpty(), () -> "stack traces logged:\n" + String.join("", log.entries()));
            assertTrue(log.bytes() < LOG_BUDGET_BYTES, () -> "the log grew by " + log.bytes() + " bytes:\n"
                    + String.join("", log.entries().subList(0, Math.min(30, log.entries().size()))));
        }
    }

    private static java.util.Optional<String> check(FuzzRequest request, Answer answer) {
        if (answer.status() >= 500) {
            return java.util.Optional.of(answer.status() + " for " + request + " -> " + shorten(answer.body()));
        }
        boolean api = request.path().startsWith("/api/") && !request.path().contains("/..");
        // The HTTP decoder answers a request line or header block past its limits (414, 431) before any route.
        boolean refusedByDecoder = answer.contentType() == null && Set.of(400, 414, 431).contains(answer.status());
        if (api && answer.status() >= 400 && request.method() != HttpMethod.HEAD && !refusedByDecoder
                && !"application/problem+json".equals(answer.contentType())) {
            return java.util.Optional.of(answer.status() + " without a problem document (" + answer.contentType()
                    + ") for " + request + " -> " + shorten(answer.body()));
        }
        return java.util.Optional.empty();
    }

    private static Future<Answer> send(FuzzRequest request) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.path())
                .setIdleTimeout(ANSWER_WITHIN_MILLIS);
        return client.request(options).compose(http -> {
            if (request.contentType() != null) {
                http.putHeader("Content-Type", request.contentType());
            }
            request.headers().forEach(http::putHeader);
            AgentSession session = switch (request.identity()) {
                case AGENT -> agent;
                case ADMIN -> admin;
                case ANONYMOUS -> null;
            };
            if (session != null) {
                http.putHeader("Cookie", session.cookie()).putHeader("X-CSRF-Token", session.csrfToken());
            }
            Future<io.vertx.core.http.HttpClientResponse> sent = request.body().length() == 0 ? http.send()
                    : http.send(request.body());
            return sent.compose(response -> response.body().map(body -> new Answer(response.statusCode(),
                    response.getHeader("Content-Type"), body.toString(StandardCharsets.UTF_8))));
        });
    }

    /** The requests of one run: each a method, a path of a mounted route (or beyond), a content type and a body. */
    private static List<FuzzRequest> generate(Random random, int count) {
        List<String> routes = desk.node().node().routePaths();
        List<FuzzRequest> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Identity identity = Identity.values()[random.nextInt(Identity.values().length)];
            HttpMethod method = METHODS.get(random.nextInt(METHODS.size()));
            String path = random.nextInt(8) == 0 ? pick(random, EXTRA_PATHS) : concrete(pick(random, routes), random);
            if (identity != Identity.ANONYMOUS && endsSession(path)) {
                identity = Identity.ANONYMOUS; // a signed-in fuzz client must stay signed in
            }
            path += pick(random, QUERIES);
            String bodyKind = pick(random, BODY_KINDS);
            // Often the content type the body claims to be, so that it gets past the media-type checks into handlers.
            String contentType = random.nextInt(3) == 0 ? fitting(bodyKind) : pick(random, CONTENT_TYPES);
            Buffer body = body(bodyKind, random);
            Map<String, String> headers = new LinkedHashMap<>();
            switch (random.nextInt(10)) {
                case 0 -> headers.put("Accept-Language", "xx-YY;q=abc, " + "en;q=0.1,".repeat(200));
                case 1 -> headers.put("X-Fuzz", "z".repeat(6000));
                case 2 -> headers.put("Cookie", "meridian_session=" + "%00garbage".repeat(10));
                case 3 -> headers.putAll(Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Version", "13"));
                case 4 -> headers.put("Accept", "application/json;q=x, text/html");
                case 5 -> headers.put("X-Forwarded-For", "not-an-address, ::1, 999.1.1.1");
                default -> { }
            }
            requests.add(new FuzzRequest(n, identity, method, path, contentType, body, bodyKind, headers));
        }
        return requests;
    }

    private static final List<String> BODY_KINDS = List.of("empty", "empty", "garbage", "large", "nul", "invalid-utf8",
            "json", "json-controls", "json-array", "json-deep", "malformed-json", "json-huge-number", "form",
            "form-bad-escape", "multipart", "multipart-truncated");

    private static Buffer body(String kind, Random random) {
        return switch (kind) {
            case "empty" -> Buffer.buffer();
            case "garbage" -> randomBytes(random, 1 + random.nextInt(4096));
            case "large" -> randomBytes(random, 200 * 1024);
            case "nul" -> Buffer.buffer(new byte[64]);
            case "invalid-utf8" -> Buffer.buffer(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED,
                    (byte) 0xA0, (byte) 0x80, 0x7B});
            case "json" -> Buffer.buffer(new JsonObject().put("clientMessageId", "fuzz-" + random.nextInt())
                    .put("text", "Fuzzed reply " + random.nextInt()).put("status", "AWAY").encode());
            case "json-controls" -> Buffer.buffer(new JsonObject().put("clientMessageId", "c-" + random.nextInt())
                    .put("text", "\u0000\u202Eevil\u2066\u0007").put("displayName", "\u202Egnp.exe").encode());
            case "json-array" -> Buffer.buffer("[1,2,{\"text\":null}]");
            case "json-deep" -> Buffer.buffer("[".repeat(5000) + "]".repeat(5000));
            case "malformed-json" -> Buffer.buffer("{\"text\":\"unterminated");
            case "json-huge-number" -> Buffer.buffer("{\"limit\":1e999999,\"text\":12345678901234567890123}");
            case "form" -> Buffer.buffer("csrf=nope&text=hello&username=x&password=y&name=%E2%80%AE");
            case "form-bad-escape" -> Buffer.buffer("a=%ZZ&b=%&%=c&" + "k=v&".repeat(500));
            case "multipart" -> Buffer.buffer("--fuzzBoundary\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
                    + "hello\r\n--fuzzBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.ics\"\r\n"
                    + "Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n\r\n--fuzzBoundary--\r\n");
            case "multipart-truncated" -> Buffer.buffer("--fuzzBoundary\r\nContent-Disposition: form-data; name=\"te");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String fitting(String bodyKind) {
        if (bodyKind.startsWith("json") || bodyKind.equals("malformed-json")) {
            return "application/json";
        } else if (bodyKind.startsWith("form")) {
            return "application/x-www-form-urlencoded";
        } else if (bodyKind.startsWith("multipart")) {
            return "multipart/form-data; boundary=fuzzBoundary";
        }
        return "application/octet-stream";
    }

    private static Buffer randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    /** A route's path with its parameters and wildcard filled in: from the real conversation to traversal attempts. */
    private static String concrete(String route, Random random) {
        StringBuilder path = new StringBuilder();
        for (String segment : route.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            if (segment.startsWith(":")) {
                path.append(switch (random.nextInt(4)) {
                    case 0 -> conversationId;
                    case 1 -> messageId;
                    default -> pick(random, IDS);
                });
            } else if (segment.equals("*")) {
                path.append(pick(random, IDS));
            } else {
                path.append(segment);
            }
        }
        return path.isEmpty() ? "/" : path.toString().replace("//", "/");
    }

    private static boolean endsSession(String path) {
        return path.startsWith("/api/v1/session") || path.startsWith("/console/logout")
                || path.startsWith("/console/login") || path.contains("password");
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private enum Identity { ANONYMOUS, AGENT, ADMIN }

    private record Answer(int status, String contentType, String body) {
    }

    private record FuzzRequest(int number, Identity identity, HttpMethod method, String path, String contentType,
            Buffer body, String bodyKind, Map<String, String> headers) {
        @Override
        public String toString() {
            return "#" + number + " " + identity + " " + method + " " + shorten(path) + " Content-Type: " + contentType
                    + ", body " + bodyKind + " (" + body.length() + " bytes), headers " + headers.keySet();
        }
    }

    /** The values and null, for "no Content-Type at all" (which {@code List.of} cannot hold). */
    private static List<String> plusNone(String... values) {
        List<String> list = new ArrayList<>(java.util.Arrays.asList(values));
        list.add(null);
        return Collections.unmodifiableList(list);
    }
}
