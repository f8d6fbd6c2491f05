package io.meridian.e2e;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An agent's signed-in REST session, written only from docs/api.md §2: sign in with {@code POST /api/v1/session},
 * keep the {@code meridian_session} cookie, send the {@code csrfToken} as {@code X-CSRF-Token} on every write.
 * The cookie is handled by hand because it is marked Secure and these nodes speak plain HTTP on loopback.
 */
final class AgentSession {

    static final String SESSION_COOKIE = "meridian_session";

    private final WebClient client;
    private final String baseUrl;
    private final String cookie;
    private final String csrfToken;

    private AgentSession(WebClient client, String baseUrl, String cookie, String csrfToken) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
    }

    /** Signs in; fails with the status and body if the node refuses. */
    static Future<AgentSession> signIn(WebClient client, String baseUrl, String username, String password) {
        return client.postAbs(baseUrl + "/api/v1/session")
                .sendJsonObject(new JsonObject().put("username", username).put("password", password))
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(new IllegalStateException("sign-in as " + username + " answered "
                                + response.statusCode() + ": " + response.bodyAsString()));
                    }
                    String session = response.cookies().stream()
                            .filter(c -> c.startsWith(SESSION_COOKIE + "="))
                            .map(c -> c.split(";", 2)[0])
                            .findFirst()
                            .orElse(null);
                    if (session == null) {
                        return Future.failedFuture(new IllegalStateException(
                                "sign-in set no " + SESSION_COOKIE + " cookie; Set-Cookie: " + response.cookies()));
                    }
                    String csrf = response.bodyAsJsonObject().getString("csrfToken");
                    return Future.succeededFuture(new AgentSession(client, baseUrl, session, csrf));
                });
    }

    /** {@code GET /api/v1/conversations?status=...}: the conversation objects, most recent activity first. */
    Future<JsonArray> conversations(String status) {
        return expect(get("/api/v1/conversations?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8)), 200)
                .map(body -> body.getJsonArray("conversations"));
    }

    /** {@code GET /api/v1/conversations/{id}/messages}: every message, in seq order. */
    Future<JsonArray> messages(String conversationId) {
        return expect(get("/api/v1/conversations/" + conversationId + "/messages"), 200)
                .map(body -> body.getJsonArray("messages"));
    }

    /** {@code POST /api/v1/conversations/{id}/messages}: the raw response, so a caller can check 201 against 200. */
    Future<HttpResponse<Buffer>> reply(String conversationId, String clientMessageId, String text) {
        return write("/api/v1/conversations/" + conversationId + "/messages")
                .sendJsonObject(new JsonObject().put("clientMessageId", clientMessageId).put("text", text));
    }

    /** {@code POST /api/v1/conversations/{id}/close}. */
    Future<JsonObject> close(String conversationId) {
        return expect(write("/api/v1/conversations/" + conversationId + "/close").send(), 200);
    }

    private Future<HttpResponse<Buffer>> get(String path) {
        return client.getAbs(baseUrl + path).putHeader("Cookie", cookie).send();
    }

    private HttpRequest<Buffer> write(String path) {
        return client.postAbs(baseUrl + path).putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrfToken);
    }

    private static Future<JsonObject> expect(Future<HttpResponse<Buffer>> response, int status) {
        return response.compose(r -> r.statusCode() == status
                ? Future.succeededFuture(r.bodyAsJsonObject())
                : Future.failedFuture(new IllegalStateException("expected " + status + " but got " + r.statusCode()
                        + ": " + r.bodyAsString())));
    }
}
