package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.protocol.AgentSession;
import io.meridian.security.Role;
import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.meridian.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Inbound mail on a real node: sanitised HTML in a sandboxed document, sealed attachments, threading, robots. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailIntakeWebTest {

    private static final String PASSWORD = "Mail-intake-test-pw-1";

    @TempDir
    static Path dataDir;

    private static SignedInNode desk;
    private static TestNode node;
    private static WebClient web;
    private static AgentSession carla;

    @BeforeAll
    static void start(Vertx vertx) {
        desk = SignedInNode.start(vertx, dataDir, Map.of("MERIDIAN_EMAIL_ATTACHMENT_MAX_BYTES", "1000"));
        node = desk.node();
        web = desk.web();
        carla = desk.agent("carla", "Carla", Role.AGENT, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.stop();
        }
    }

    private static MailIntake.Intake accept(InboundMessage m) {
        return Await.result(node.node().mailIntake().accept("mail-in", m), "storing the mail");
    }

    @Test
    void htmlIsSanitisedAndServedSandboxedAttachmentsSealedAndDownloadable() {
        byte[] pdf = "%PDF-1.4 invoice 42".getBytes(StandardCharsets.US_ASCII);
        InboundMessage m = InboundMessage.builder("<h1." + UUID.randomUUID() + "@customer.example>",
                        ChannelIdentity.email("hana@example.com", "Hana"))
                .subject("Invoice").text("See the invoice")
                .html("<p onclick=\"x()\">See <b>the invoice</b><script>alert('pwn')</script>"
                        + "<img src=\"https://tracker.example/p.gif\"></p><blockquote>old mail</blockquote>")
                .attachment(new Attachment("invoice 42.pdf", "application/pdf", pdf))
                .attachment(new Attachment("huge.bin", "application/octet-stream", new byte[5000]))
                .build();
        MailIntake.Intake intake = accept(m);
        assertEquals(1, intake.attachmentsStored());
        assertEquals(List.of("huge.bin (5000 bytes)"), intake.attachmentsSkipped());
        assertTrue(intake.automatic().isEmpty());
        String messageId = intake.appended().message().id();

        HttpResponse<Buffer> html = carla.get("/console/messages/" + messageId + "/html");
        assertEquals(200, html.statusCode());
        assertTrue(html.getHeader("Content-Security-Policy").startsWith("sandbox;"), html.getHeader("Content-Security-Policy"));
        String body = html.bodyAsString();
        assertFalse(body.contains("<script") || body.contains("alert") || body.contains("onclick"), body);
        assertFalse(body.contains("<img"), body);
        assertTrue(body.contains("<b>the invoice</b>") && body.contains("<details class=\"quoted-history\">"), body);

        String contactId = carla.get("/api/v1/conversations/" + intake.appended().message().conversationId())
                .bodyAsJsonObject().getString("contactId");
        String page = carla.get("/console/contacts/" + contactId).bodyAsString();
        assertTrue(page.contains("src=\"/console/messages/" + messageId + "/html\""), page);
        assertTrue(page.contains("sandbox=\"\""), page);
        Matcher link = Pattern.compile("href=\"/console/attachments/([0-9a-f-]{36})\"").matcher(page);
        assertTrue(link.find(), page);
        assertTrue(page.contains("invoice 42.pdf"), page);

        HttpResponse<Buffer> file = carla.get("/console/attachments/" + link.group(1));
        assertEquals(200, file.statusCode());
        assertArrayEquals(pdf, file.bodyAsBuffer().getBytes());
        assertTrue(file.getHeader("Content-Disposition").startsWith("attachment; filename=\"invoice 42.pdf\""),
                file.getHeader("Content-Disposition"));
        assertEquals("nosniff", file.getHeader("X-Content-Type-Options"));

        HttpResponse<Buffer> anonymous = Await.result(web.get(node.port(), AgentSession.HOST,
                "/console/attachments/" + link.group(1)).followRedirects(false).send(), "anonymous download");
        assertTrue(anonymous.statusCode() == 302 || anonymous.statusCode() == 401, "" + anonymous.statusCode());
        assertEquals(404, carla.get("/console/attachments/" + UUID.randomUUID()).statusCode());
        assertEquals(400, carla.get("/console/messages/not-an-id/html").statusCode());
    }

    @Test
    void aReplyFindsItsThreadAndARobotsMailIsMarked() {
        String firstId = "<t1." + UUID.randomUUID() + "@customer.example>";
        MailIntake.Intake first = accept(InboundMessage.builder(firstId, ChannelIdentity.email("ivo@example.com", null))
                .subject("Kettle").text("It leaks").build());
        String conversation = first.appended().message().conversationId();
        String sent = "<meridian." + UUID.randomUUID() + "@shop.example>";
        Await.result(node.node().mailIntake().rememberSent(conversation, sent), "remember our reply");

        MailIntake.Intake reply = accept(InboundMessage.builder("<t2." + UUID.randomUUID() + "@customer.example>",
                        ChannelIdentity.email("ivo@example.com", null))
                .subject("Re: Kettle").text("Still leaks").inReplyTo(sent).references(List.of(firstId, sent)).build());
        assertEquals(conversation, reply.threadConversationId().orElseThrow());
        assertEquals(conversation, reply.appended().message().conversationId());

        MailIntake.Intake bounce = accept(InboundMessage.builder("<b." + UUID.randomUUID() + "@mailer.example>",
                        ChannelIdentity.email("ivo@example.com", null))
                .subject("Out of office").text("I am away").header("x-meridian-auto", "auto-reply").build());
        assertEquals("auto-reply", bounce.automatic().orElseThrow());
        String contactId = carla.get("/api/v1/conversations/" + conversation).bodyAsJsonObject().getString("contactId");
        assertTrue(carla.get("/console/contacts/" + contactId).bodyAsString()
                .contains("<span class=\"badge automatic\">auto-reply</span>"));

        // Delivered again (a crash before the fetch was committed): nothing is doubled.
        MailIntake.Intake again = accept(InboundMessage.builder(firstId, ChannelIdentity.email("ivo@example.com", null))
                .subject("Kettle").text("It leaks").build());
        assertTrue(again.appended().duplicate());
    }
}
