package io.meridian.protocol;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.List;

/**
 * An agent signed in to the REST API the way docs/api.md §2.1 tells a script to: {@code POST /api/v1/session}, then the
 * {@code meridian_session} cookie on every request and the {@code csrfToken} as {@code X-CSRF-Token} on writes.
 * The cookie is carried by hand, as {@code curl -b} would, so the test does not depend on a cookie jar's rules for
 * {@code Secure} cookies over the plain-HTTP loopback a test node uses. A session opened with a base URL (e.g. a node's
 * public {@code https://} address) sends every request there instead of to 127.0.0.1.
 */
public final class AgentSession {

    public static final String HOST = "127.0.0.1";
    private static final String COOKIE_NAME = "meridian_session";

    private final Vertx vertx;
    private final WebClient web;
    private final String baseUrl;
    private final String cookie;
    private final String csrfToken;
    private final JsonObject agent;

    private AgentSession(Vertx vertx, WebClient web, String baseUrl, String cookie, String csrfToken, JsonObject agent) {
        this.vertx = vertx;
        this.web = web;
        this.baseUrl = baseUrl;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
        this.agent = agent;
    }

    /** Signs in; fails if the answer is not 200 with a session cookie and a CSRF token. */
    public static Future<AgentSession> signIn(Vertx vertx, WebClient web, int port, String username, String password) {
        return signIn(vertx, web, "http://" + HOST + ":" + port, username, password);
    }

    /** Signs in at {@code baseUrl} (scheme, host and port); fails as {@link #signIn(Vertx, WebClient, int, String, String)}. */
    public static Future<AgentSession> signIn(Vertx vertx, WebClient web, String baseUrl, String username, String password) {
        return web.postAbs(baseUrl + "/api/v1/session")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("password", password).encode()))
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture("sign-in answered " + response.statusCode() + ": " + response.bodyAsString());
                    }
                    String cookie = response.cookies().stream()
                            .filter(c -> c.startsWith(COOKIE_NAME + "="))
                            .map(c -> c.split(";", 2)[0])
                            .findFirst()
                            .orElse(null);
                    JsonObject body = response.bodyAsJsonObject();
                    if (cookie == null || body == null || body.getString("csrfToken") == null) {
                        return Future.failedFuture("sign-in answer lacks the session cookie or csrfToken: "
                                + response.cookies() + " " + response.bodyAsString());
                    }
                    return Future.succeededFuture(new AgentSession(vertx, web, baseUrl, cookie, body.getString("csrfToken"),
                            body.getJsonObject("agent")));
                });
    }

    /** Blocking {@link #signIn} for test steps. */
    public static AgentSession open(Vertx vertx, WebClient web, int port, String username, String password) {
        return Await.result(signIn(vertx, web, port, username, password), "signing in as " + username);
    }

    /** Blocking {@link #signIn(Vertx, WebClient, String, String, String)} for test steps. */
    public static AgentSession open(Vertx vertx, WebClient web, String baseUrl, String username, String password) {
        return Await.result(signIn(vertx, web, baseUrl, username, password), "signing in as " + username);
    }

    /**
     * A first sign-in as a person makes it: with the one-time password an admin gave (or the node wrote), then the
     * password of one's own (docs/api.md §2.1), then signed in again with it.
     */
    public static Future<AgentSession> firstSignIn(Vertx vertx, WebClient web, int port, String username,
            String initial, String chosen) {
        return signIn(vertx, web, port, username, initial)
                .compose(first -> first.request(HttpMethod.POST, "/api/v1/session/password")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(new JsonObject().put("current", initial).put("new", chosen).encode())))
                .compose(changed -> changed.statusCode() == 200 ? signIn(vertx, web, port, username, chosen)
                        : Future.failedFuture("changing the password of " + username + " answered "
                                + changed.statusCode() + ": " + changed.bodyAsString()));
    }

    /** The {@code agent} object of the sign-in answer. */
    public JsonObject agent() {
        return agent;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** {@code name=value} of the session cookie, for a {@code Cookie} header. */
    public String cookie() {
        return cookie;
    }

    /** A request carrying the session cookie (and, for writes, the CSRF token). */
    public HttpRequest<Buffer> request(HttpMethod method, String uri) {
        HttpRequest<Buffer> request = web.requestAbs(method, baseUrl + uri).putHeader("Cookie", cookie);
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            request.putHeader("X-CSRF-Token", csrfToken);
        }
        return request;
    }

    public HttpResponse<Buffer> get(String uri) {
        return Await.result(request(HttpMethod.GET, uri).send(), "GET " + uri);
    }

    public HttpResponse<Buffer> postJson(String uri, JsonObject body) {
        return Await.result(request(HttpMethod.POST, uri)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.encode())), "POST " + uri);
    }

    /** {@code POST /api/v1/conversations/{id}/messages}: the raw answer, so a caller can tell 201 from 200. */
    public HttpResponse<Buffer> reply(String conversationId, String clientMessageId, String text) {
        return postJson("/api/v1/conversations/" + conversationId + "/messages",
                new JsonObject().put("clientMessageId", clientMessageId).put("text", text));
    }

    /** {@code GET /api/v1/conversations?query}, which must answer 200: the conversations listed. */
    public List<JsonObject> conversations(String query) {
        return listed(get("/api/v1/conversations?" + query), "conversations");
    }

    /** {@code GET /api/v1/conversations/{id}/messages}, which must answer 200: every message, in seq order. */
    public List<JsonObject> messages(String conversationId) {
        return listed(get("/api/v1/conversations/" + conversationId + "/messages"), "messages");
    }

    private static List<JsonObject> listed(HttpResponse<Buffer> response, String field) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200 but got " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject().getJsonArray(field).stream().map(JsonObject.class::cast).toList();
    }

    /** Opens {@code /api/v1/live} with the session cookie (plain WebSocket: an {@code http} base URL only). */
    public Future<LiveFeed> live() {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme())) {
            return Future.failedFuture("live() opens plain WebSockets only, not " + baseUrl);
        }
        return LiveFeed.connect(vertx, uri.getHost(), uri.getPort(), cookie);
    }

    /** An agent's {@code /api/v1/live} WebSocket, collecting its inbox events. */
    public static final class LiveFeed {

        private final WebSocketClient client;
        private final WebSocket socket;
        private final FrameInbox inbox = new FrameInbox();

        private final java.util.concurrent.atomic.AtomicBoolean closedByServer = new java.util.concurrent.atomic.AtomicBoolean();

        private LiveFeed(WebSocketClient client, WebSocket socket) {
            this.client = client;
            this.socket = socket;
            socket.textMessageHandler(inbox::accept);
            socket.closeHandler(v -> closedByServer.set(true));
        }

        /** Whether the connection has closed. */
        public boolean closed() {
            return closedByServer.get();
        }

        /** {@code cookie} may be null, to try the upgrade without a session. */
        public static Future<LiveFeed> connect(Vertx vertx, int port, String cookie) {
            return connect(vertx, HOST, port, cookie);
        }

        private static Future<LiveFeed> connect(Vertx vertx, String host, int port, String cookie) {
            WebSocketClient client = vertx.createWebSocketClient();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/api/v1/live");
            if (cookie != null) {
                options.addHeader("Cookie", cookie);
            }
            return client.connect(options)
                    .map(socket -> new LiveFeed(client, socket))
                    .onFailure(e -> client.close());
        }

        /** Blocks until an event of {@code type} matching {@code conversationId} arrives. */
        public JsonObject expect(String type, String conversationId) {
            return inbox.expect(f -> type.equals(f.getString("type")) && conversationId.equals(f.getString("conversationId")),
                    "a '" + type + "' event of conversation " + conversationId);
        }

        /** Blocks until an event matching {@code match} arrives. */
        public JsonObject expect(java.util.function.Predicate<JsonObject> match, String what) {
            return inbox.expect(match, what);
        }

        /** Every frame received so far, as text, claimed or not. */
        public List<String> seen() {
            return inbox.seen();
        }

        public Future<Void> close() {
            return socket.close().transform(ar -> client.close());
        }
    }
}
