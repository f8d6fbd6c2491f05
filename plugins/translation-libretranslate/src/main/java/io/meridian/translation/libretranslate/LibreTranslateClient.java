package io.meridian.translation.libretranslate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.EgressRefusedException;
import io.meridian.spi.HttpEgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LibreTranslate HTTP API: {@code GET /languages} and {@code POST /translate} with a JSON body
 * {@code {q, source, target, format, api_key}} answered by {@code {translatedText}}; errors come as
 * {@code {error}} with 400 (bad request, or a key is required), 403 (API key refused, or a temporary ban after
 * too many limit violations), 429 (rate limit) or 500.
 *
 * <p>Failures become {@link ConnectorException}s: unreachable, timed out, 408, 429 (with its {@code Retry-After}),
 * 5xx and the temporary ban are retryable, as is an answer that is not LibreTranslate's JSON; 400, 403 and other
 * 4xx are not, nor is a host the appliance refuses for residency.
 * Messages name the host and the server's error, never the text or the key.
 *
 * <p>Requests go through the appliance's residency-checked client ({@code ConnectorContext.http()}), which connects
 * only where the instance's residency allows and follows no redirect.
 *
 * <p>Thread-safe: the appliance's client is, and the key is only read.
 */
final class LibreTranslateClient {

    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final int MAX_ERROR_CHARS = 200;
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpEgress http;
    private final URI base;
    private final Duration timeout;
    private final char[] apiKey;

    /**
     * @param http the appliance's residency-checked client
     * @param base the server's base URL
     * @param timeout for one request, connecting included
     * @param apiKey the key, or {@code null} for a server without keys; kept, not copied
     */
    LibreTranslateClient(HttpEgress http, URI base, Duration timeout, char[] apiKey) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
        this.apiKey = apiKey;
    }

    /** @return the server's host, as the result's engine names it */
    String host() {
        return base.getHost();
    }

    /**
     * @return language code to the codes it translates into, as {@code /languages} lists them
     * @throws ConnectorException if the server cannot be asked or answers something else
     * @throws InterruptedException if the thread is interrupted
     */
    Map<String, List<String>> languages() throws ConnectorException, InterruptedException {
        HttpEgress.Request request = HttpEgress.Request.get(endpoint("languages"), timeout)
                .header("Accept", "application/json");
        Object answer = call(request, "listing its languages");
        if (!(answer instanceof List<?> list)) {
            throw garbage("listing its languages", "JSON that is not a list of languages");
        }
        Map<String, List<String>> languages = new LinkedHashMap<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> language) || !(language.get("code") instanceof String code)
                    || code.isBlank()) {
                throw garbage("listing its languages", "a language without a code");
            }
            List<String> targets = new ArrayList<>();
            if (language.get("targets") instanceof List<?> codes) {
                for (Object target : codes) {
                    if (target instanceof String t && !t.isBlank()) {
                        targets.add(t);
                    }
                }
            } else if (language.containsKey("targets")) {
                throw garbage("listing its languages", "targets that are not a list");
            }
            languages.put(code, targets);
        }
        return languages;
    }

    /**
     * @param html the shielded text as HTML
     * @param source LibreTranslate's code of its language
     * @param target LibreTranslate's code of the language wanted
     * @return the translated HTML
     * @throws ConnectorException if it cannot be translated
     * @throws InterruptedException if the thread is interrupted
     */
    String translate(String html, String source, String target) throws ConnectorException, InterruptedException {
        HttpEgress.Request request = HttpEgress.Request.post(endpoint("translate"), "application/json",
                translateBody(html, source, target), timeout).header("Accept", "application/json");
        String doing = "translating " + source + " to " + target;
        Object answer = call(request, doing);
        if (answer instanceof Map<?, ?> object && object.get("translatedText") instanceof String text) {
            return text;
        }
        throw garbage(doing, "JSON without translatedText");
    }

    private byte[] translateBody(String html, String source, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length() + 128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("q", html);
            json.writeStringField("source", source);
            json.writeStringField("target", target);
            json.writeStringField("format", "html");
            if (apiKey != null) {
                json.writeFieldName("api_key");
                json.writeString(apiKey, 0, apiKey.length);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    private Object call(HttpEgress.Request request, String doing) throws ConnectorException, InterruptedException {
        HttpEgress.Response response;
        try {
            response = http.send(request);
        } catch (EgressRefusedException e) {
            throw new ConnectorException("LibreTranslate at " + authority() + " is refused by the residency rule "
                    + "while " + doing + ": " + e.getMessage(), false, e);
        } catch (HttpTimeoutException e) {
            throw new ConnectorException("LibreTranslate at " + authority() + " did not answer within "
                    + timeout.toSeconds() + " s while " + doing, true, e);
        } catch (IOException e) {
            throw new ConnectorException("LibreTranslate at " + authority() + " cannot be reached while " + doing
                    + " (" + e.getClass().getSimpleName() + ")", true, e);
        }
        int status = response.status();
        byte[] body = response.body();
        if (body.length > MAX_BODY) {
            throw garbage(doing, "an answer larger than " + MAX_BODY + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (IOException e) {
            if (status != 200) {
                throw failure(status, doing, "", response);
            }
            throw garbage(doing, "a body that is not JSON (" + response.header("Content-Type")
                    .orElse("no content type") + ", " + body.length + " bytes)");
        }
        if (status != 200) {
            String error = parsed instanceof Map<?, ?> object && object.get("error") instanceof String e
                    ? ": " + clean(e) : "";
            throw failure(status, doing, error, response);
        }
        return parsed;
    }

    private ConnectorException failure(int status, String doing, String error, HttpEgress.Response response) {
        String where = "LibreTranslate at " + authority() + " answered HTTP " + status + " while " + doing + error;
        if (status == 403 && error.contains("Too many request")) {
            return new ConnectorException(where + "; this node is banned for a while for exceeding its limits",
                    true); // LibreTranslate's flood ban is temporary
        }
        if (status == 403) {
            return new ConnectorException(where + (apiKey == null
                    ? "; it needs an API key: set apiKey" : "; check apiKey"), false);
        }
        if (status == 429) {
            Duration wait = retryAfter(response).orElse(null);
            return new ConnectorException(where + "; rate limited", true, null, wait);
        }
        boolean retryable = status == 408 || status >= 500;
        return new ConnectorException(where, retryable);
    }

    private static Optional<Duration> retryAfter(HttpEgress.Response response) {
        try {
            return response.header("Retry-After").map(String::strip).map(Long::parseLong)
                    .filter(s -> s >= 0).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: let the appliance's back-off decide
        }
    }

    private ConnectorException garbage(String doing, String what) {
        return new ConnectorException("LibreTranslate at " + authority() + " answered with " + what + " while "
                + doing + "; is the base URL that of a LibreTranslate server?", true);
    }

    // The server's error is shown to the admin: one line, bounded.
    private static String clean(String error) {
        String line = error.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS) + "…";
    }

    private URI endpoint(String path) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    }

    private String authority() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    }

    /** Overwrites the key in memory. */
    void wipe() {
        if (apiKey != null) {
            Arrays.fill(apiKey, '\0');
        }
    }
}
