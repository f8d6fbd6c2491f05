package io.meridian.spi;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP client the appliance gives a connector ({@link ConnectorContext#http()}), which applies the residency rule
 * at the moment it connects.
 *
 * <p>Why: whether a host is on site depends on the addresses its name resolves to, and those may change between a
 * check and a connection (DNS rebinding) or be redirected elsewhere. A connector that opens its own connections
 * therefore cannot keep a residency promise. This client resolves the host, checks <em>every</em> address it
 * resolves to against the instance's residency, connects to the address it checked (the request still carries the
 * host name: {@code Host} header, TLS server name and certificate check), and never follows a redirect: a 3xx answer
 * comes back to the connector as it is.
 *
 * <p>Use it for every request that carries customer data. Blocking: call it on the connector's own threads (the
 * appliance's plugin threads), never on an event loop.
 *
 * <p>Thread-safe.
 *
 * @since 1.1.0
 */
public interface HttpEgress {

    /** The largest answer body a request may get; a larger answer fails with an {@link IOException}. */
    int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    /**
     * Sends one request and reads the whole answer.
     *
     * @param request the request
     * @return the answer, whatever its status (3xx included: redirects are not followed)
     * @throws EgressRefusedException if the residency rule refuses the host; nothing was sent
     * @throws java.net.http.HttpTimeoutException if the request did not complete within its timeout
     * @throws IOException if the host cannot be resolved or reached, or the answer is too large
     * @throws InterruptedException if the thread is interrupted
     */
    Response send(Request request) throws IOException, InterruptedException;

    /**
     * One HTTP request. Immutable.
     *
     * @param method the method in upper case, e.g. {@code GET}, {@code POST}
     * @param uri an absolute {@code http} or {@code https} URI without user info
     * @param headers request headers (names case-insensitive); {@code Host} and {@code Content-Length} are set by
     *        the client
     * @param body the body, empty for none
     * @param timeout for the whole request, connecting included
     */
    record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {

        /** Validates and copies. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(timeout, "timeout");
            if (!method.matches("[A-Z]+")) {
                throw new IllegalArgumentException("method must be an upper-case token such as GET, got '" + method
                        + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("uri must be an absolute http or https URI");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("uri has no host");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("uri must not carry a user name or password");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            headers = copy(headers);
            body = body == null ? new byte[0] : body.clone();
        }

        /**
         * @param uri where to send it
         * @param timeout for the whole request
         * @return a {@code GET} without headers
         */
        public static Request get(URI uri, Duration timeout) {
            return new Request("GET", uri, Map.of(), new byte[0], timeout);
        }

        /**
         * @param uri where to send it
         * @param contentType the body's media type
         * @param body the body
         * @param timeout for the whole request
         * @return a {@code POST} with the body and its {@code Content-Type}
         */
        public static Request post(URI uri, String contentType, byte[] body, Duration timeout) {
            return new Request("POST", uri, Map.of("Content-Type", List.of(contentType)), body, timeout);
        }

        /**
         * @param name a header name
         * @param value its value, added to any it has
         * @return this request with the header added
         */
        public Request header(String name, String value) {
            Map<String, List<String>> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            more.putAll(headers);
            List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
            values.add(Objects.requireNonNull(value, "value"));
            more.put(Objects.requireNonNull(name, "name"), values);
            return new Request(method, uri, more, body, timeout);
        }

        /** @return a copy of the body */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && method.equals(r.method) && uri.equals(r.uri) && headers.equals(r.headers)
                    && Arrays.equals(body, r.body) && timeout.equals(r.timeout);
        }

        @Override
        public int hashCode() {
            return Objects.hash(method, uri, headers, Arrays.hashCode(body), timeout);
        }

        /** Names the method and the host only: the path, query and body may carry data. */
        @Override
        public String toString() {
            return "Request[" + method + " " + uri.getScheme() + "://" + uri.getHost() + "]";
        }
    }

    /**
     * One HTTP answer. Immutable.
     *
     * @param status the status code
     * @param headers the answer's headers (names case-insensitive)
     * @param body the whole body, empty for none
     */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** Validates and copies. */
        public Response {
            Objects.requireNonNull(headers, "headers");
            headers = copy(headers);
            body = body == null ? new byte[0] : body.clone();
        }

        /**
         * @param name a header name, any case
         * @return its first value
         */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** @return a copy of the body */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response r && status == r.status && headers.equals(r.headers)
                    && Arrays.equals(body, r.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, headers, Arrays.hashCode(body));
        }

        /** Names the status and size only: the body may carry data. */
        @Override
        public String toString() {
            return "Response[" + status + ", " + body.length + " bytes]";
        }
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            Objects.requireNonNull(name, "header name");
            List<String> list = List.copyOf(Objects.requireNonNull(values, "header values"));
            copy.merge(name, list, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            });
        });
        return Collections.unmodifiableMap(copy);
    }
}
