package com.example.meridian.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.spi.crm.ContactLookup;
import io.meridian.spi.crm.CrmActivity;
import io.meridian.spi.crm.CrmConnectorFactory;
import io.meridian.spi.testkit.CrmConnectorContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example CRM against a fake Example CRM API, through the CRM contract. */
@Timeout(30)
class ExampleCrmTest extends CrmConnectorContract {

    private static final String KEY = "key-77c2";

    private HttpServer crm;
    private final List<String> activities = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeCrm() throws IOException {
        crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crm.createContext("/contacts", exchange -> {
            if (!KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                respond(exchange, 401, "");
            } else if (exchange.getRequestURI().getPath().endsWith("/orders")) {
                String limit = exchange.getRequestURI().getQuery().replaceFirst("limit=", "");
                List<String> orders = List.of("A-1003|shipped|59.90|EUR|2026-11-20T10:00:00Z",
                        "A-1002|delivered|12.00|EUR|2026-10-02T09:30:00Z",
                        "A-1001|delivered|99.00|EUR|2026-08-15T16:45:00Z");
                respond(exchange, 200, String.join("\n", orders.subList(0, Math.min(orders.size(),
                        Integer.parseInt(limit)))));
            } else if ("email=ana%40example.com".equals(exchange.getRequestURI().getRawQuery())) {
                respond(exchange, 200, "c-42|Ana Souza|ana@example.com|+5511987654321|Souza Ltda");
            } else {
                respond(exchange, 404, "");
            }
        });
        crm.createContext("/activities", exchange -> {
            activities.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 204, "");
        });
        crm.start();
    }

    @AfterEach
    void stopFakeCrm() {
        crm.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    protected CrmConnectorFactory crmFactory() {
        return new ExampleCrmFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("baseUrl", "http://127.0.0.1:" + crm.getAddress().getPort() + "/", "apiKey", KEY);
    }

    @Override
    protected ContactLookup knownContact() {
        return ContactLookup.byEmail("ana@example.com");
    }

    @Override
    protected void assertActivityRecorded(CrmActivity activity) {
        assertEquals(1, activities.size());
        assertTrue(activities.get(0).contains("conversation=" + activity.conversationId()), activities.get(0));
    }

    /** Verifies that the egress names the configured host, loopback or not (the appliance judges its addresses). */
    @Test
    void egressFollowsTheConfiguredUrl() throws Exception {
        assertEquals(java.util.Set.of("127.0.0.1"), config().egress().remoteHosts());
        var remote = io.meridian.spi.ConnectorConfig.of(crmFactory().descriptor(),
                Map.of("baseUrl", "https://crm.souza.example/api/", "apiKey", KEY));
        assertEquals(java.util.Set.of("crm.souza.example"), remote.egress().remoteHosts());
    }
}
