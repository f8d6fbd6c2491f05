package io.meridian.security;

import io.meridian.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A script using the REST API as docs/security.md §7 describes: sign in with JSON, then send the session cookie on
 * every call and the CSRF token as {@code X-CSRF-Token} on writes. The cookie is carried by hand, as curl would.
 */
final class ApiClient implements AutoCloseable {

    private final WebClient web;
    private final int port;
    private String cookie;
    private String csrfToken;

    ApiClient(Vertx vertx, int port) {
        this.web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        this.port = port;
    }

    /** {@code POST /api/v1/session}; on 200 keeps the cookie and token for later calls. */
    HttpResponse<Buffer> signIn(String username, String password) {
        HttpResponse<Buffer> response = Await.result(web.post(port, SecurityFixture.HOST, "/api/v1/session")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("username", username).put("password", password).encode())),
                "signing in as " + username);
        if (response.statusCode() == 200) {
            keepSession(response);
        }
        return response;
    }

    /** Takes a new cookie and token from an answer that carries them (sign-in, password change). */
    void keepSession(HttpResponse<Buffer> response) {
        response.cookies().stream()
                .filter(c -> c.startsWith("meridian_session="))
                .map(c -> c.split(";", 2)[0])
                .findFirst()
                .ifPresent(c -> cookie = c);
        String token = response.bodyAsJsonObject().getString("csrfToken");
        if (token != null) {
            csrfToken = token;
        }
    }

    String csrfToken() {
        return csrfToken;
    }

    String cookie() {
        return cookie;
    }

    /** A request with the session cookie (if signed in) and no CSRF token. */
    HttpRequest<Buffer> bare(HttpMethod method, String uri) {
        HttpRequest<Buffer> request = web.request(method, port, SecurityFixture.HOST, uri);
        if (cookie != null) {
            request.putHeader("Cookie", cookie);
        }
        return request;
    }

    HttpResponse<Buffer> get(String uri) {
        return Await.result(bare(HttpMethod.GET, uri).send(), "GET " + uri);
    }

    /** A JSON write with the cookie and the CSRF token, as the docs tell a script to send it. */
    HttpResponse<Buffer> write(HttpMethod method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = bare(method, uri).putHeader("X-CSRF-Token", csrfToken);
        if (body == null) {
            return Await.result(request.send(), method + " " + uri);
        }
        return Await.result(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())),
                method + " " + uri);
    }

    @Override
    public void close() {
        web.close();
    }
}
