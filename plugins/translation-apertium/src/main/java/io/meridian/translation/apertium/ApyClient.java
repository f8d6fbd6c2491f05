package io.meridian.translation.apertium;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.EgressRefusedException;
import io.meridian.spi.HttpEgress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two calls of the APY HTTP API the provider needs: {@code GET /listPairs} and {@code POST /translate}.
 *
 * <p>Failures become {@link ConnectorException}s: an APY that cannot be reached, times out, answers 408, 429 or 5xx
 * (503 is what APY sends when a pipeline is stuck), or answers something that is not its JSON is retryable; a 4xx
 * (APY's 400 for a pair that is not installed) is not, nor is a host the appliance refuses for residency. Messages
 * name the server and the mode, never the text.
 *
 * <p>Requests go through the appliance's residency-checked client ({@code ConnectorContext.http()}), which connects
 * only where the instance's residency allows and follows no redirect.
 *
 * <p>Thread-safe: the appliance's client is.
 */
final class ApyClient {

    /** APY answers are small; more than this is not APY. */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final HttpEgress http;
    private final URI base;
    private final Duration timeout;

    ApyClient(HttpEgress http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /**
     * @return the modes APY lists
     * @throws ConnectorException if APY cannot be asked or answers something else
     * @throws InterruptedException if the thread is interrupted
     */
    List<ApyPair> listPairs() throws ConnectorException, InterruptedException {
        HttpEgress.Request request = HttpEgress.Request.get(endpoint("listPairs"), timeout)
                .header("Accept", "application/json");
        Map<String, Object> answer = call(request, "listing its pairs");
        if (!(answer.get("responseData") instanceof List<?> data)) {
            throw garbage("listing its pairs", "no responseData list");
        }
        List<ApyPair> pairs = new ArrayList<>();
        for (Object item : data) {
            if (item instanceof Map<?, ?> entry && entry.get("sourceLanguage") instanceof String source
                    && entry.get("targetLanguage") instanceof String target && !source.isBlank()
                    && !target.isBlank()) {
                pairs.add(new ApyPair(source, target));
            } else {
                throw garbage("listing its pairs", "an entry without sourceLanguage and targetLanguage");
            }
        }
        return pairs;
    }

    /**
     * Translates plain text with unknown words marked.
     *
     * @param mode the mode
     * @param text the text, already shielded
     * @return APY's translation, with its marks
     * @throws ConnectorException if APY cannot translate it
     * @throws InterruptedException if the thread is interrupted
     */
    String translate(ApyPair mode, String text) throws ConnectorException, InterruptedException {
        String form = "langpair=" + encode(mode.langpair()) + "&format=txt&markUnknown=yes&q=" + encode(text);
        HttpEgress.Request request = HttpEgress.Request.post(endpoint("translate"),
                "application/x-www-form-urlencoded; charset=UTF-8", form.getBytes(StandardCharsets.UTF_8), timeout)
                .header("Accept", "application/json");
        String doing = "translating with " + mode;
        Map<String, Object> answer = call(request, doing);
        if (answer.get("responseData") instanceof Map<?, ?> data && data.get("translatedText") instanceof String out) {
            return out;
        }
        throw garbage(doing, "no responseData.translatedText");
    }

    private Map<String, Object> call(HttpEgress.Request request, String doing)
            throws ConnectorException, InterruptedException {
        HttpEgress.Response response;
        try {
            response = http.send(request);
        } catch (EgressRefusedException e) {
            throw new ConnectorException("Apertium APY at " + authority() + " is refused by the residency rule while "
                    + doing + ": " + e.getMessage(), false, e);
        } catch (HttpTimeoutException e) {
            throw new ConnectorException("Apertium APY at " + authority() + " did not answer within "
                    + timeout.toSeconds() + " s while " + doing, true, e);
        } catch (IOException e) {
            throw new ConnectorException("Apertium APY at " + authority() + " cannot be reached while " + doing
                    + " (" + e.getClass().getSimpleName() + "): is apertium-apy running?", true, e);
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
                throw failure(status, doing, "");
            }
            throw garbage(doing, "a body that is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw garbage(doing, "JSON that is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        if (status != 200) {
            Object explanation = object.get("explanation");
            throw failure(status, doing, explanation instanceof String s ? ": " + s : "");
        }
        return object;
    }

    private ConnectorException failure(int status, String doing, String explanation) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new ConnectorException("Apertium APY at " + authority() + " answered HTTP " + status + " while "
                + doing + explanation, retryable);
    }

    private ConnectorException garbage(String doing, String what) {
        return new ConnectorException("Apertium APY at " + authority() + " answered with " + what + " while "
                + doing + "; is the base URL that of an APY server?", true);
    }

    private URI endpoint(String path) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    }

    private String authority() {
        // host and port only: user info in the URL would be a credential
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
