package com.example.meridian.crm;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.crm.ContactLookup;
import io.meridian.spi.crm.CrmActivity;
import io.meridian.spi.crm.CrmConnector;
import io.meridian.spi.crm.CrmContact;
import io.meridian.spi.crm.CrmOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to Example CRM's line-based API: {@code GET contacts?email=} answers {@code id|name|email|phone|company},
 * {@code GET contacts/{id}/orders?limit=} answers {@code orderId|status|total|currency|placedAt} lines.
 */
final class ExampleCrm implements CrmConnector {

    private final URI baseUrl;
    private final char[] apiKey;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newHttpClient();

    ExampleCrm(ConnectorConfig config) {
        this.baseUrl = config.uri("baseUrl");
        this.apiKey = config.secret("apiKey");
        this.timeout = Duration.ofSeconds(config.integer("timeoutSeconds"));
    }

    @Override
    public Optional<CrmContact> findContact(ContactLookup lookup) throws ConnectorException {
        String query = lookup.externalId() != null ? "id=" + encode(lookup.externalId())
                : lookup.email() != null ? "email=" + encode(lookup.email()) : "phone=" + encode(lookup.phone());
        HttpResponse<String> response = get("contacts?" + query);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        String[] f = response.body().trim().split("\\|", -1);
        return Optional.of(new CrmContact(f[0], f[1], f[2], f[3], f[4], Map.of(),
                baseUrl.resolve("ui/contacts/" + f[0]).toString()));
    }

    @Override
    public List<CrmOrder> recentOrders(String crmContactId, int limit) throws ConnectorException {
        HttpResponse<String> response = get("contacts/" + encode(crmContactId) + "/orders?limit=" + limit);
        List<CrmOrder> orders = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.split("\\|", -1);
                orders.add(new CrmOrder(f[0], f[1], new BigDecimal(f[2]), f[3], Instant.parse(f[4]), null));
            }
        }
        return orders;
    }

    @Override
    public void recordActivity(CrmActivity activity) throws ConnectorException {
        String body = "contact=" + encode(activity.crmContactId()) + "&conversation=" + encode(activity.conversationId())
                + "&channel=" + encode(activity.channel()) + "&summary=" + encode(activity.summary());
        send(HttpRequest.newBuilder(baseUrl.resolve("activities"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Override
    public void close() {
        // the JDK client holds no resources that need closing on Java 17
    }

    private HttpResponse<String> get(String path) throws ConnectorException {
        return send(HttpRequest.newBuilder(baseUrl.resolve(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws ConnectorException {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("x-api-key", new String(apiKey)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorException("Example CRM is unreachable", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted", true, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2 || status == 404) {
            return response;
        }
        throw new ConnectorException("Example CRM answered HTTP " + status, status == 429 || status >= 500);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
