package io.meridian.spi.channel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the appliance answers to a webhook call, returned by {@link ChannelConnector#onWebhook(WebhookRequest)}.
 *
 * <p>Immutable: headers and body are copied; {@link #body()} returns a fresh copy. Answer 2xx once every message of
 * the request was {@linkplain ChannelContext#receive received}; 4xx for a request that is not for this connector or
 * fails verification (the remote side should not retry it); some APIs also use a GET to verify the endpoint, which
 * is answered here too (e.g. with a challenge in the body).
 *
 * @param status the HTTP status, 100 to 599
 * @param headers response headers, possibly empty
 * @param body response body, possibly empty
 */
public record WebhookResponse(int status, Map<String, String> headers, byte[] body) {

    /** Validates and copies. */
    public WebhookResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("WebhookResponse status " + status + " is not an HTTP status");
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach((k, v) -> {
            Objects.requireNonNull(k, "WebhookResponse header name");
            Objects.requireNonNull(v, () -> "WebhookResponse header '" + k + "' value");
        });
        body = body == null ? new byte[0] : body.clone();
    }

    /** @return 200 with an empty body */
    public static WebhookResponse ok() {
        return status(200);
    }

    /** @return the status with an empty body */
    public static WebhookResponse status(int status) {
        return new WebhookResponse(status, Map.of(), new byte[0]);
    }

    /** @return the status with a UTF-8 plain-text body */
    public static WebhookResponse text(int status, String text) {
        return new WebhookResponse(status, Map.of("content-type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the status with a JSON body */
    public static WebhookResponse json(int status, String json) {
        return new WebhookResponse(status, Map.of("content-type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
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

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookResponse r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WebhookResponse[" + status + ", " + body.length + " bytes]";
    }
}
