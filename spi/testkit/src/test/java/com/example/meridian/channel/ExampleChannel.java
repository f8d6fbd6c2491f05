package com.example.meridian.channel;

import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorException;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One Example Chat account. Thread-safe: the HTTP client is, and the poll cursor is only touched by poll(). */
final class ExampleChannel implements ChannelConnector {

    private final ChannelContext context;
    private final URI apiUrl;
    private final char[] apiToken;
    private final byte[] webhookSecret;
    private final Duration pollInterval;
    private final HttpClient http;
    private volatile String cursor = "";
    private volatile boolean closed;

    ExampleChannel(ChannelContext context, ConnectorConfig config) {
        this.context = context;
        this.apiUrl = config.uri("apiUrl");
        this.apiToken = config.secret("apiToken");
        this.webhookSecret = new String(config.secret("webhookSecret")).getBytes(StandardCharsets.UTF_8);
        this.pollInterval = Duration.ofSeconds(config.integer("pollSeconds"));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void start() throws ConnectorException {
        // Fail early on a wrong token: the appliance shows this message to the admin.
        int status = call(HttpRequest.newBuilder(apiUrl.resolve("v1/me")).GET()).statusCode();
        if (status == 401 || status == 403) {
            throw new ConnectorException("Example Chat refused the API token (HTTP " + status + ")", false);
        }
        context.logger().log(System.Logger.Level.INFO, "connected to {0}", apiUrl.getHost());
    }

    @Override
    public SendResult send(OutboundMessage message) throws ConnectorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("to", message.to().address());
        form.put("text", message.text() == null ? "" : message.text());
        HttpResponse<String> response = call(HttpRequest.newBuilder(apiUrl.resolve("v1/messages"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("idempotency-key", message.outboxId()) // the same on every retry of this message
                .POST(HttpRequest.BodyPublishers.ofString(Form.encode(form))));
        if (response.statusCode() / 100 == 2) {
            return new SendResult(response.body().trim());
        }
        boolean retryable = response.statusCode() == 429 || response.statusCode() >= 500;
        throw new ConnectorException("Example Chat answered HTTP " + response.statusCode(), retryable);
    }

    @Override
    public WebhookResponse onWebhook(WebhookRequest request) throws Exception {
        if (!request.method().equals("POST")) {
            return WebhookResponse.status(405);
        }
        Optional<String> signature = request.header("x-example-signature");
        if (signature.isEmpty() || !validSignature(request.body(), signature.get())) {
            return WebhookResponse.status(401);
        }
        Map<String, String> fields;
        try {
            fields = Form.decode(request.bodyAsString());
        } catch (IllegalArgumentException e) {
            return WebhookResponse.status(400);
        }
        if (!fields.containsKey("id") || !fields.containsKey("from")) {
            return WebhookResponse.status(400);
        }
        context.receive(toMessage(fields)); // returns once committed; a failure here makes Example Chat retry
        return WebhookResponse.ok();
    }

    @Override
    public void poll() throws Exception {
        HttpResponse<String> response = call(HttpRequest.newBuilder(apiUrl.resolve("v1/updates?after=" + cursor)).GET());
        if (response.statusCode() / 100 != 2) {
            throw new ConnectorException("Example Chat answered HTTP " + response.statusCode(),
                    response.statusCode() >= 500);
        }
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                Map<String, String> fields = Form.decode(line);
                context.receive(toMessage(fields));
                cursor = fields.get("id"); // advance only after the message is committed
            }
        }
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public void close() {
        closed = true; // the JDK client needs no explicit close on Java 17; nothing else to release
    }

    private InboundMessage toMessage(Map<String, String> fields) {
        return InboundMessage.builder(fields.get("id"),
                        new ChannelIdentity("example-chat", fields.get("from"), fields.get("name")))
                .text(fields.getOrDefault("text", ""))
                .sentAt(context.clock().instant())
                .build();
    }

    private boolean validSignature(byte[] body, String hex) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(webhookSecret, "HmacSHA256"));
        byte[] expected = mac.doFinal(body);
        try {
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private HttpResponse<String> call(HttpRequest.Builder request) throws ConnectorException {
        if (closed) {
            throw new ConnectorException("connector is closed", false);
        }
        try {
            return http.send(request.header("authorization", "Bearer " + new String(apiToken))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorException("Example Chat is unreachable: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted", true, e);
        }
    }
}
