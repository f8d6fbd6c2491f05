package com.example.meridian.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import io.meridian.spi.testkit.ChannelConnectorContract;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example channel against a fake Example Chat API, through the channel contract and a few own checks. */
@Timeout(30)
class ExampleChannelTest extends ChannelConnectorContract {

    private static final String WEBHOOK_SECRET = "whs-51be";

    private FakeExampleChat chat;

    @BeforeEach
    void startFakeApi() throws Exception {
        chat = new FakeExampleChat();
    }

    @AfterEach
    void stopFakeApi() {
        chat.close();
    }

    @Override
    protected ChannelConnectorFactory channelFactory() {
        return new ExampleChannelFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("apiUrl", chat.baseUrl(), "apiToken", FakeExampleChat.TOKEN, "webhookSecret", WEBHOOK_SECRET);
    }

    @Override
    protected ChannelIdentity recipient() {
        return new ChannelIdentity("example-chat", "user-4711", "Ana");
    }

    @Override
    protected Optional<WebhookRequest> sampleWebhook() throws Exception {
        return Optional.of(signedWebhook("id=m-100&from=user-4711&name=Ana&text=Where+is+my+parcel%3F"));
    }

    @Override
    protected void prepareInboundMessage() {
        chat.queueInbound("m-200", "user-4711", "Is the shop open on Sunday?");
    }

    @Override
    protected boolean simulateRemoteOutage() {
        chat.close();
        return true;
    }

    private static WebhookRequest signedWebhook(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return WebhookRequest.builder("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Example-Signature", signature)
                .body(body)
                .build();
    }

    /** Verifies that a webhook with a wrong signature is refused with 401 and delivers nothing. */
    @Test
    void badSignatureIsRefused() throws Exception {
        ChannelConnector connector = newInstance();
        WebhookRequest forged = WebhookRequest.builder("POST", "/")
                .header("x-example-signature", "00ff")
                .body("id=m-1&from=user-1&text=hi")
                .build();
        assertEquals(401, connector.onWebhook(forged).status());
        assertEquals(0, fakeContext().receiveCalls());
    }

    /** Verifies that the text and recipient reach the API and a retry does not send twice. */
    @Test
    void sendPostsTextOnceAcrossRetries() throws Exception {
        ChannelConnector connector = newInstance();
        connector.send(sampleMessage("outbox-9"));
        connector.send(sampleMessage("outbox-9"));
        assertEquals(1, chat.sent().size());
        assertEquals("user-4711", chat.sent().get(0).get("to"));
        assertEquals("Hello from the Meridian contract test.", chat.sent().get(0).get("text"));
    }

    /** Verifies that a webhook whose message the appliance cannot commit is answered with an error the remote retries. */
    @Test
    void uncommittedWebhookIsNotAcknowledged() throws Exception {
        ChannelConnector connector = newInstance();
        fakeContext().failNextReceive(new io.meridian.spi.ConnectorException("store busy", true));
        WebhookRequest request = sampleWebhook().orElseThrow();
        org.junit.jupiter.api.Assertions.assertThrows(io.meridian.spi.ConnectorException.class,
                () -> connector.onWebhook(request));
        WebhookResponse retried = connector.onWebhook(request);
        assertEquals(200, retried.status());
        assertEquals(1, fakeContext().received().size());
    }
}
