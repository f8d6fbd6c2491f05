package com.example.meridian.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Example Chat API on a loopback port, as the example channel's tests talk to it. */
final class FakeExampleChat implements AutoCloseable {

    static final String TOKEN = "tok-3f9a1c";

    private final HttpServer server;
    private final List<Map<String, String>> sent = new ArrayList<>();
    private final Map<String, String> idByIdempotencyKey = new HashMap<>();
    private final List<String> updates = new ArrayList<>();

    FakeExampleChat() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/me", exchange -> {
            respond(exchange, authorized(exchange) ? 200 : 401, "example-account");
        });
        server.createContext("/v1/messages", exchange -> {
            if (!authorized(exchange)) {
                respond(exchange, 401, "");
                return;
            }
            Map<String, String> form = Form.decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String key = exchange.getRequestHeaders().getFirst("idempotency-key");
            String id;
            synchronized (this) {
                id = idByIdempotencyKey.get(key);
                if (id == null) {
                    id = "ec-" + (sent.size() + 1);
                    idByIdempotencyKey.put(key, id);
                    sent.add(form);
                }
            }
            respond(exchange, 200, id);
        });
        server.createContext("/v1/updates", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String after = query == null ? "" : query.replaceFirst("^after=", "");
            StringBuilder body = new StringBuilder();
            synchronized (this) {
                boolean past = after.isEmpty();
                for (String update : updates) {
                    if (past) {
                        body.append(update).append('\n');
                    } else if (Form.decode(update).get("id").equals(after)) {
                        past = true;
                    }
                }
            }
            respond(exchange, authorized(exchange) ? 200 : 401, body.toString());
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    synchronized void queueInbound(String id, String from, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("from", from);
        fields.put("name", "Ana");
        fields.put("text", text);
        updates.add(Form.encode(fields));
    }

    synchronized List<Map<String, String>> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static boolean authorized(HttpExchange exchange) {
        return ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("authorization"));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
