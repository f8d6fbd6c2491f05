package io.meridian.egress;

import io.meridian.spi.DataEgress;
import io.meridian.spi.HttpEgress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP client connectors get ({@link io.meridian.spi.ConnectorContext#http()}): every request resolves its host
 * and checks every address with the {@link EgressRule}, then connects to the address it checked, so there is no gap
 * between check and connection for DNS to change the answer in. The request keeps the host name (the {@code Host}
 * header, the TLS server name and the certificate check), and no redirect is followed: a 3xx goes back to the
 * connector as it is.
 *
 * <p>One Vert.x client for the whole host; {@link #forInstance} binds it to an instance's egress. {@code send}
 * blocks the calling plugin thread until the answer is read or the request's timeout passes; it refuses to run on an
 * event loop. Thread-safe.
 */
public final class CheckedHttp implements AutoCloseable {

    /** Set by the client itself, from the URI and the body. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection");

    private final EgressRule rule;
    private final HttpClient client;
    private final TrustOptions trust;

    public CheckedHttp(Vertx vertx, EgressRule rule) {
        this(vertx, rule, null);
    }

    /** {@code trust}: the certificates to trust instead of the JDK's (tests); {@code null} for the JDK's. */
    CheckedHttp(Vertx vertx, EgressRule rule, TrustOptions trust) {
        this.rule = rule;
        this.trust = trust;
        // Pooled connections are keyed by the server address too, so a request never reuses one to another address.
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setForceSni(true));
    }

    /** The client as one instance sees it: checked against {@code egress} (as {@link EgressRule#classify} left it). */
    public HttpEgress forInstance(DataEgress egress) {
        return request -> send(request, egress);
    }

    HttpEgress.Response send(HttpEgress.Request request, DataEgress egress)
            throws IOException, InterruptedException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("HttpEgress.send blocks; call it on a plugin thread, not an event loop");
        }
        URI uri = request.uri();
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress address = rule.check(host, egress);
        long millis = request.timeout().toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(host)
                .setPort(port)
                .setSsl(tls)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setURI(pathAndQuery(uri))
                .setFollowRedirects(false)
                .setConnectTimeout(millis)
                .setIdleTimeout(millis);
        if (tls) {
            // The certificate is checked against the name, though the connection goes to the checked address.
            ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
            options.setSslOptions(trust == null ? ssl : ssl.setTrustOptions(trust));
        }
        request.headers().forEach((name, values) -> {
            if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + name + "' is set by the client");
            }
            values.forEach(value -> options.addHeader(name, value));
        });
        byte[] body = request.body();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<HttpEgress.Response> answer = client.request(options).compose(req -> {
            sent.set(req);
            return body.length == 0 ? req.send() : req.send(Buffer.buffer(body));
        }).compose(response -> {
            Promise<HttpEgress.Response> read = Promise.promise();
            Buffer received = Buffer.buffer();
            response.exceptionHandler(read::tryFail);
            response.handler(chunk -> {
                if (received.length() + chunk.length() > HttpEgress.MAX_RESPONSE_BYTES) {
                    read.tryFail(new IOException("answer larger than " + HttpEgress.MAX_RESPONSE_BYTES + " bytes"));
                    response.request().reset();
                    return;
                }
                received.appendBuffer(chunk);
            });
            response.endHandler(v -> {
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                response.headers().names().forEach(n -> headers.put(n, response.headers().getAll(n)));
                read.tryComplete(new HttpEgress.Response(response.statusCode(), headers, received.getBytes()));
            });
            return read.future();
        });
        try {
            return answer.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reset(sent);
            throw new HttpTimeoutException("no answer from " + host + " within " + millis + " ms");
        } catch (InterruptedException e) {
            reset(sent);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getClass().getSimpleName() + " from " + host + ": " + cause.getMessage(),
                    cause);
        }
    }

    private static void reset(AtomicReference<HttpClientRequest> sent) {
        HttpClientRequest request = sent.get();
        if (request != null) {
            request.reset();
        }
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    @Override
    public void close() {
        client.close();
    }
}
