package io.meridian.security;

import io.meridian.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** A browser as far as the console's forms need one: a cookie jar, form posts, no automatic redirects. */
final class ConsoleBrowser implements AutoCloseable {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final WebClientSession web;
    private final int port;

    ConsoleBrowser(Vertx vertx, int port) {
        this.web = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)));
        this.port = port;
    }

    HttpResponse<Buffer> get(String uri) {
        return Await.result(web.get(port, SecurityFixture.HOST, uri).send(), "GET " + uri);
    }

    HttpResponse<Buffer> head(String uri) {
        return Await.result(web.head(port, SecurityFixture.HOST, uri).send(), "HEAD " + uri);
    }

    HttpResponse<Buffer> post(String uri, MultiMap form) {
        return Await.result(web.post(port, SecurityFixture.HOST, uri).sendForm(form), "POST " + uri);
    }

    /** The CSRF token of the form on the page at {@code uri}. */
    String tokenFrom(String uri) {
        HttpResponse<Buffer> page = get(uri);
        return csrfField(page.bodyAsString()).orElseThrow(() -> new AssertionError(
                uri + " has no csrf field: " + page.statusCode() + " " + page.bodyAsString()));
    }

    /** Opens the sign-in page and submits it, as a person would. */
    HttpResponse<Buffer> signIn(String username, String password) {
        String token = tokenFrom("/console/login");
        return post("/console/login", MultiMap.caseInsensitiveMultiMap()
                .add("csrf", token).add("username", username).add("password", password));
    }

    /** The value of the {@code meridian_session} cookie the jar holds, if any. */
    Optional<String> sessionCookie() {
        return StreamSupport.stream(web.cookieStore().get(false, SecurityFixture.HOST, "/").spliterator(), false)
                .filter(c -> c.name().equals("meridian_session"))
                .map(c -> c.value())
                .findFirst();
    }

    static Optional<String> csrfField(String html) {
        Matcher m = CSRF_FIELD.matcher(html == null ? "" : html);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public void close() {
        web.close();
    }
}
