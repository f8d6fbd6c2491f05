package io.meridian.spi.channel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw HTTP request the remote side sent to {@code /hooks/{plugin}/{instance}[/...]}, as the appliance received
 * it, for {@link ChannelConnector#onWebhook(WebhookRequest)} to verify and parse.
 *
 * <p>Immutable: header names are lower-cased, maps and lists are copied, the body is copied in and every
 * {@link #body()} call returns a fresh copy. The body is the exact bytes received, so a signature over it (e.g. an
 * HMAC header) can be checked. The appliance limits the body size before calling.
 *
 * @param method the HTTP method in upper case, e.g. {@code POST}
 * @param path the request's path as received, starting with {@code /}, e.g. {@code /hooks/channel-example/support}
 *        or {@code /hooks/channel-example/support/status}; a connector serving several sub-paths matches on its end
 * @param headers header name (lower case) to values, in the order received
 * @param query query parameter name to values (decoded)
 * @param body the request body, empty if none
 * @param remoteAddress the client's IP address as the appliance sees it (after trusted proxies), or {@code null}
 */
public record WebhookRequest(String method, String path, Map<String, List<String>> headers,
                             Map<String, List<String>> query, byte[] body, String remoteAddress) {

    /** Validates, normalises and copies. */
    public WebhookRequest {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("WebhookRequest method must not be blank");
        }
        method = method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("WebhookRequest path '" + path + "' must start with /");
        }
        headers = copy(headers, true);
        query = copy(query, false);
        body = body == null ? new byte[0] : body.clone();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map, boolean lowerCaseKeys) {
        if (map == null) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((name, values) -> {
            Objects.requireNonNull(name, "WebhookRequest: a header or parameter name is null");
            Objects.requireNonNull(values, () -> "WebhookRequest: values of '" + name + "' are null");
            String key = lowerCaseKeys ? name.toLowerCase(Locale.ROOT) : name;
            List<String> merged = copy.containsKey(key) ? new java.util.ArrayList<>(copy.get(key)) : new java.util.ArrayList<>();
            for (String v : values) {
                merged.add(Objects.requireNonNull(v, () -> "WebhookRequest: a value of '" + name + "' is null"));
            }
            copy.put(key, List.copyOf(merged));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** @return a copy of the body */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * @param name a header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a query parameter name
     * @return its first value
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param method the HTTP method
     * @param path the request path
     * @return a builder, mainly for tests
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookRequest r && method.equals(r.method) && path.equals(r.path)
                && headers.equals(r.headers) && query.equals(r.query) && Arrays.equals(body, r.body)
                && Objects.equals(remoteAddress, r.remoteAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, query, Arrays.hashCode(body), remoteAddress);
    }

    /** Shows the method, path and body size; not headers (they may carry credentials) nor the body. */
    @Override
    public String toString() {
        return "WebhookRequest[" + method + " " + path + ", " + body.length + " bytes]";
    }

    /** Builds a {@link WebhookRequest}; not thread-safe. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private String remoteAddress;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** @return this builder with the header value appended */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        /** @return this builder with the query parameter value appended */
        public Builder query(String name, String value) {
            query.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        /** @return this builder with the body */
        public Builder body(byte[] value) {
            this.body = value;
            return this;
        }

        /** @return this builder with the body encoded as UTF-8 */
        public Builder body(String value) {
            this.body = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** @return this builder */
        public Builder remoteAddress(String value) {
            this.remoteAddress = value;
            return this;
        }

        /** @return the request */
        public WebhookRequest build() {
            return new WebhookRequest(method, path, headers, query, body, remoteAddress);
        }
    }
}
