package io.meridian.spi.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRecordsTest {

    /** Verifies that attachments copy their bytes in and out, and compare by content. */
    @Test
    void attachmentIsImmutable() {
        byte[] bytes = {1, 2, 3};
        Attachment a = new Attachment("invoice.pdf", "application/pdf", bytes);
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, a.content());
        a.content()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, a.content());
        assertEquals(new Attachment("invoice.pdf", "application/pdf", new byte[] {1, 2, 3}), a);
        assertEquals("Attachment[invoice.pdf, application/pdf, 3 bytes]", a.toString());
    }

    /** Verifies that file names with directories are refused and safeFileName() cleans them. */
    @Test
    void attachmentNamesAreSafe() {
        assertThrows(IllegalArgumentException.class, () -> new Attachment("../etc/passwd", "text/plain", new byte[0]));
        assertEquals("passwd", Attachment.safeFileName("../etc/passwd"));
        assertEquals("a_b.txt", Attachment.safeFileName("C:\\tmp\\a\nb.txt".substring(7)));
        assertEquals("attachment", Attachment.safeFileName(".."));
        assertThrows(IllegalArgumentException.class, () -> new Attachment("a.txt", "text", new byte[0]));
    }

    /** Verifies builders, copies and the content rule of inbound messages. */
    @Test
    void inboundMessage() {
        List<String> refs = new ArrayList<>(List.of("<a@x>"));
        InboundMessage m = InboundMessage.builder("<b@x>", ChannelIdentity.email("ana@example.com", "Ana"))
                .subject("Order").text("Where is it?").references(refs).header("List-Id", "x").build();
        refs.add("<c@x>");
        assertEquals(List.of("<a@x>"), m.references());
        assertEquals(List.of(), m.attachments());
        assertEquals(Map.of("List-Id", "x"), m.headers());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InboundMessage.builder("id", ChannelIdentity.phone("+1555", null)).build())
                .getMessage().contains("no text, html or attachment"));
        assertThrows(IllegalArgumentException.class, () -> InboundMessage.builder(" ",
                ChannelIdentity.phone("+1555", null)).text("x").build());
        assertTrue(assertThrows(NullPointerException.class, () -> new InboundMessage("id",
                ChannelIdentity.phone("+1555", null), null, null, "x", null, java.util.Arrays.asList((Attachment) null),
                null, null, null, null)).getMessage().contains("attachments must not contain null"));
    }

    /** Verifies outbound messages' required ids. */
    @Test
    void outboundMessage() {
        ChannelIdentity to = new ChannelIdentity("telegram", "4711", null);
        OutboundMessage m = OutboundMessage.builder("ob-1", "c-1", to).text("Hi").locale("es").build();
        assertEquals("ob-1", m.outboxId());
        assertThrows(IllegalArgumentException.class, () -> OutboundMessage.builder("", "c-1", to).text("x").build());
        assertThrows(IllegalArgumentException.class, () -> new ChannelIdentity("Tele gram", "1", null));
    }

    /** Verifies that webhook requests lower-case header names, merge duplicates, copy the body and hide it in toString. */
    @Test
    void webhookRequest() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest r = new WebhookRequest("post", null,
                Map.of("X-Signature", List.of("abc")), Map.of("token", List.of("t")), body, "203.0.113.5");
        body[0] = 'X';
        assertEquals("POST", r.method());
        assertEquals("/", r.path());
        assertEquals("abc", r.header("x-signature").orElseThrow());
        assertEquals("abc", r.header("X-SIGNATURE").orElseThrow());
        assertEquals("{\"a\":1}", r.bodyAsString());
        assertEquals("t", r.queryParam("token").orElseThrow());
        assertEquals("WebhookRequest[POST /, 7 bytes]", r.toString());
        WebhookRequest built = WebhookRequest.builder("GET", "/verify").header("A", "1").header("a", "2").build();
        assertEquals(List.of("1", "2"), built.headers().get("a"));
        assertThrows(IllegalArgumentException.class, () -> WebhookRequest.builder("GET", "verify").build());
    }

    /** Verifies webhook responses. */
    @Test
    void webhookResponse() {
        assertEquals(200, WebhookResponse.ok().status());
        assertEquals(0, WebhookResponse.status(404).body().length);
        WebhookResponse challenge = WebhookResponse.text(200, "abc");
        assertEquals("abc", challenge.bodyAsString());
        assertEquals("text/plain; charset=utf-8", challenge.headers().get("content-type"));
        assertThrows(IllegalArgumentException.class, () -> WebhookResponse.status(99));
        assertEquals(WebhookResponse.json(200, "{}"), WebhookResponse.json(200, "{}"));
    }

    /** Verifies the small records' validation. */
    @Test
    void resultsAndReceipts() {
        assertThrows(IllegalArgumentException.class, () -> new SendResult(""));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveResult("c", " ", false));
        assertThrows(NullPointerException.class, () -> new DeliveryReceipt("x", null, java.time.Instant.EPOCH, null));
        assertFalse(new ReceiveResult("c", "m", false).duplicate());
    }
}
