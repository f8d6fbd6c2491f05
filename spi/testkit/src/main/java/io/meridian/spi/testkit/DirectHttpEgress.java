package io.meridian.spi.testkit;

import io.meridian.spi.HttpEgress;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpEgress} for tests: the JDK's HTTP client, connecting wherever the system resolver says, with no
 * residency checks. Like the appliance's client it never follows redirects and bounds the answer to
 * {@link HttpEgress#MAX_RESPONSE_BYTES}. The appliance's own client is what enforces residency; a connector's tests
 * check its HTTP dialogue against a fake server on loopback.
 *
 * <p>Thread-safe.
 *
 * @since 1.1.0
 */
public final class DirectHttpEgress implements HttpEgress {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Creates the client. */
    public DirectHttpEgress() {
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout())
                .method(request.method(), request.body().length == 0 && !request.method().equals("POST")
                        && !request.method().equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new IOException("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        Map<String, List<String>> headers = response.headers().map();
        return new Response(response.statusCode(), headers, body);
    }
}
