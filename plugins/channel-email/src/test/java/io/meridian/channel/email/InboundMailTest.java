package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.InboundMessage;
import io.meridian.spi.testkit.FakeChannelContext;
import io.meridian.spi.testkit.LoggedLine;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Customer mail as it arrives over IMAP from GreenMail, and what the connector makes of it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboundMailTest {

    private MailServer server;
    private FakeChannelContext context;
    private ChannelConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new MailServer();
        context = MailServer.context();
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        server.close();
    }

    private ChannelConnector connect(Map<String, String> overrides) throws Exception {
        Map<String, String> values = server.config();
        values.putAll(overrides);
        connector = MailServer.connector(context, values);
        return connector;
    }

    private InboundMessage pollOne() throws Exception {
        if (connector == null) {
            connect(Map.of());
        }
        connector.poll();
        List<InboundMessage> received = context.received();
        assertEquals(1, received.size(), "one mail expected");
        return received.get(0);
    }

    /** Verifies that a plain customer mail becomes an InboundMessage with every field set, and is then marked read. */
    @Test
    void customerMailBecomesAnInboundMessage() throws Exception {
        MimeMessage mail = server.newCustomerMail("Where is my order 1234?");
        mail.setText("Hola,\nmy order has not arrived.\nMaría", "UTF-8");
        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        mail.setSentDate(java.util.Date.from(sent));
        server.send(mail);

        InboundMessage m = pollOne();
        assertEquals(mail.getMessageID(), m.externalId());
        assertTrue(m.externalId().startsWith("<") && m.externalId().endsWith(">"));
        assertEquals("email", m.from().kind());
        assertEquals("maria.lopez@example.org", m.from().address(), "addresses are lower-cased");
        assertEquals("María López", m.from().displayName());
        assertEquals("email", m.to().kind());
        assertEquals(MailServer.SUPPORT, m.to().address());
        assertEquals("Where is my order 1234?", m.subject());
        assertEquals("Hola,\nmy order has not arrived.\nMaría", m.text().replace("\r\n", "\n"));
        assertNull(m.html());
        assertEquals(sent, m.sentAt());
        assertTrue(m.attachments().isEmpty());
        assertNull(m.headers().get(AutomaticMail.HEADER), "a person's mail is not automatic");

        List<Flags> flags = server.supportInboxFlags();
        assertEquals(1, flags.size());
        assertTrue(flags.get(0).contains(Flags.Flag.SEEN), "committed mail is marked read");
        connector.poll();
        assertEquals(1, context.receiveCalls(), "a processed mail is not fetched again");
    }

    /** Verifies that HTML passes through untouched (script included: sanitising is the appliance's job) and the
     *  plain-text alternative is the text. */
    @Test
    void htmlWithScriptPassesThroughAndPlainTextIsKept() throws Exception {
        String html = "<html><body><p>Hello <b>team</b></p><script>alert('x')</script>"
                + "<img src=\"https://tracker.example.net/pixel.gif\"></body></html>";
        MimeMessage mail = server.newCustomerMail("HTML mail");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("Hello team", "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        mail.setContent(alternative);
        server.send(mail);

        InboundMessage m = pollOne();
        assertEquals(html, m.html());
        assertEquals("Hello team", m.text());
    }

    /** Verifies that an HTML-only mail gets a text rendering without the script's code. */
    @Test
    void htmlOnlyMailGetsATextRendering() throws Exception {
        MimeMessage mail = server.newCustomerMail("HTML only");
        mail.setText("<p>Dear support,</p><p>the box was <i>damaged</i> &amp; wet.</p>"
                + "<script>stealCookies()</script>", "UTF-8", "html");
        server.send(mail);

        InboundMessage m = pollOne();
        assertTrue(m.html().contains("<script>stealCookies()</script>"), "html is passed on as received");
        assertEquals("Dear support,\n\nthe box was damaged & wet.", m.text());
    }

    /** Verifies that an attachment within the limit arrives byte for byte. */
    @Test
    void attachmentWithinTheLimitArrivesIntact() throws Exception {
        byte[] pdf = new byte[300_000];
        new Random(7).nextBytes(pdf);
        server.send(mailWithAttachment("Invoice", pdf, "invoice.pdf", "application/pdf"));

        InboundMessage m = pollOne();
        assertEquals(1, m.attachments().size());
        Attachment a = m.attachments().get(0);
        assertEquals("invoice.pdf", a.fileName());
        assertEquals("application/pdf", a.mediaType());
        assertArrayEquals(pdf, a.content());
        assertNull(m.headers().get(InboundMailParser.SKIPPED_HEADER));
    }

    /** Verifies that an attachment over the limit is left out with a note, while the mail itself is delivered. */
    @Test
    void attachmentOverTheLimitIsSkippedAndTheMailStillArrives() throws Exception {
        byte[] big = new byte[400_000];
        new Random(8).nextBytes(big);
        byte[] small = "small note".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MimeMessage mail = mailWithAttachment("Photos", big, "holiday.zip", "application/zip");
        MimeMultipart mixed = (MimeMultipart) mail.getContent();
        MimeBodyPart note = new MimeBodyPart();
        note.setDataHandler(new DataHandler(new ByteArrayDataSource(small, "text/plain")));
        note.setFileName("note.txt");
        mixed.addBodyPart(note);
        mail.setContent(mixed);
        server.send(mail);
        connect(Map.of(EmailChannelFactory.MAX_ATTACHMENT_BYTES, "100000"));

        InboundMessage m = pollOne();
        assertEquals(1, m.attachments().size(), "only the small attachment is imported");
        assertEquals("note.txt", m.attachments().get(0).fileName());
        assertTrue(m.text().startsWith("Please see the attachment."), m.text());
        assertTrue(m.text().contains("\"holiday.zip\""), "the text says which file was left out: " + m.text());
        assertTrue(m.text().contains("limit of 97.7 KiB"), m.text());
        assertTrue(m.headers().get(InboundMailParser.SKIPPED_HEADER).startsWith("holiday.zip ("),
                m.headers().toString());
        assertTrue(server.supportInboxFlags().get(0).contains(Flags.Flag.SEEN), "the mail counts as processed");
    }

    /** Verifies that vacation replies (Auto-Submitted, X-Autoreply, Precedence) are marked auto-reply. */
    @Test
    void autoRepliesAreRecognised() throws Exception {
        MimeMessage vacation = server.newCustomerMail("Out of office");
        vacation.setText("I am away until Monday.");
        vacation.setHeader("Auto-Submitted", "auto-replied");
        server.send(vacation);
        MimeMessage responder = server.newCustomerMail("Automatic reply");
        responder.setText("Thanks, we got your mail.");
        responder.setHeader("X-Autoreply", "yes");
        responder.setHeader("Precedence", "bulk");
        server.send(responder);
        MimeMessage human = server.newCustomerMail("Real question");
        human.setText("Is the shop open on Sunday?");
        human.setHeader("Auto-Submitted", "no");
        server.send(human);

        connect(Map.of()).poll();
        List<InboundMessage> received = context.received();
        assertEquals(3, received.size());
        assertEquals("auto-reply", received.get(0).headers().get(AutomaticMail.HEADER));
        assertEquals("auto-replied", received.get(0).headers().get("auto-submitted"));
        assertEquals("auto-reply", received.get(1).headers().get(AutomaticMail.HEADER));
        assertEquals("yes", received.get(1).headers().get("x-autoreply"));
        assertEquals("bulk", received.get(1).headers().get("precedence"));
        assertNull(received.get(2).headers().get(AutomaticMail.HEADER), "Auto-Submitted: no is a person");
    }

    /** Verifies that newsletters and list mail (List-Unsubscribe, List-Id) are marked bulk, and a person's is not. */
    @Test
    void bulkMailIsRecognised() throws Exception {
        MimeMessage newsletter = server.newCustomerMail("Our spring offers");
        newsletter.setText("Twenty percent off everything.");
        newsletter.setHeader("List-Unsubscribe", "<https://shop.example/unsubscribe?token=personal>");
        server.send(newsletter);
        MimeMessage list = server.newCustomerMail("[users] release notes");
        list.setText("Version 2 is out.");
        list.setHeader("List-Id", "Users <users.lists.example>");
        server.send(list);
        MimeMessage human = server.newCustomerMail("Where is my parcel");
        human.setText("It did not arrive.");
        server.send(human);

        connect(Map.of()).poll();
        List<InboundMessage> received = context.received();
        assertEquals(3, received.size());
        assertEquals("bulk", received.get(0).headers().get(AutomaticMail.HEADER));
        assertNull(received.get(0).headers().get("list-unsubscribe"), "its links may carry a personal token");
        assertEquals("bulk", received.get(1).headers().get(AutomaticMail.HEADER));
        assertEquals("Users <users.lists.example>", received.get(1).headers().get("list-id"));
        assertNull(received.get(2).headers().get(AutomaticMail.HEADER));
    }

    /** Verifies that a delivery status notification (multipart/report from MAILER-DAEMON) is marked bounce. */
    @Test
    void bouncesAreRecognised() throws Exception {
        server.deliverRaw(String.join("\r\n",
                "Return-Path: <>",
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
                "To: " + MailServer.SUPPORT,
                "Subject: Undelivered Mail Returned to Sender",
                "Message-ID: <bounce-1@mx.example.org>",
                "Auto-Submitted: auto-replied",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"BND\"",
                "",
                "--BND",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "Your message could not be delivered.",
                "--BND",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.org",
                "",
                "Final-Recipient: rfc822; nobody@example.org",
                "Action: failed",
                "Status: 5.1.1",
                "--BND",
                "Content-Type: text/rfc822-headers",
                "",
                "Message-ID: <meridian.outbox-9@meridian.test>",
                "Subject: Re: Order [#3f2a9c1e]",
                "--BND--",
                ""));

        InboundMessage m = pollOne();
        assertEquals("<bounce-1@mx.example.org>", m.externalId());
        assertEquals("bounce", m.headers().get(AutomaticMail.HEADER));
        assertTrue(m.headers().get("content-type").startsWith("multipart/report"), m.headers().toString());
        assertEquals("<>", m.headers().get("return-path"));
        assertEquals("Your message could not be delivered.", m.text().strip());
        assertEquals(List.of("delivery-status.txt", "headers.txt"),
                m.attachments().stream().map(Attachment::fileName).toList());
    }

    /** Verifies that a mail without Message-ID gets an id from a hash of its bytes, the same on every fetch. */
    @Test
    void mailWithoutMessageIdGetsAStableHashId() throws Exception {
        String raw = String.join("\r\n",
                "From: maria.lopez@example.org",
                "To: " + MailServer.SUPPORT,
                "Subject: no id",
                "",
                "A mail program that sets no Message-ID.",
                "");
        server.deliverRaw(raw);
        InboundMessage first = pollOne();
        assertTrue(first.externalId().matches("<sha256\\.[0-9a-f]{40}@hash\\.meridian\\.invalid>"),
                first.externalId());

        // The same bytes again (a second copy in the mailbox) are recognised as the same mail.
        server.deliverRaw(raw);
        connector.poll();
        assertEquals(2, context.receiveCalls());
        assertEquals(1, context.received().size(), "the copy has the same id, so it is stored once");
    }

    /** Verifies that the thread token in a subject is exposed as a header for the appliance. */
    @Test
    void subjectTokenIsExposed() throws Exception {
        MimeMessage mail = server.newCustomerMail("New question about Re: Order 1234 [#3F2A9C1E]");
        mail.setText("I wrote a new mail instead of answering.");
        server.send(mail);

        InboundMessage m = pollOne();
        assertEquals("3f2a9c1e", m.headers().get(InboundMailParser.THREAD_TOKEN_HEADER));
        assertNull(m.inReplyTo());
        assertTrue(m.references().isEmpty());
    }

    /** Verifies that with a processed folder the committed mail is moved there (created on first use). */
    @Test
    void processedMailIsMovedToTheProcessedFolder() throws Exception {
        MimeMessage mail = server.newCustomerMail("Move me");
        mail.setText("text");
        server.send(mail);
        connect(Map.of(EmailChannelFactory.PROCESSED_FOLDER, "Meridian/Done"));

        pollOne();
        assertTrue(server.supportInboxFlags().stream().noneMatch(f -> !f.contains(Flags.Flag.DELETED)),
                "nothing left in the INBOX but expunged or deleted mail");
        List<Flags> moved = server.flags(MailServer.SUPPORT_LOGIN, MailServer.SUPPORT_PASSWORD, "Meridian/Done");
        assertEquals(1, moved.size());
        assertTrue(moved.get(0).contains(Flags.Flag.SEEN));
    }

    /**
     * Verifies that a mail whose multipart structure is broken (no boundary in the body, a bad base64 part) is
     * delivered with what can be read, and that the mailbox goes on.
     */
    @Test
    void malformedMimeIsDeliveredWithWhatCanBeRead() throws Exception {
        server.deliverRaw(String.join("\r\n",
                "From: maria.lopez@example.org",
                "To: " + MailServer.SUPPORT,
                "Subject: broken",
                "Message-ID: <broken-1@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"NEVER-USED\"",
                "",
                "This body has no boundary at all; my order 1234 is late.",
                ""));
        MimeMessage fine = server.newCustomerMail("fine");
        fine.setText("a normal mail after the broken one");
        server.send(fine);

        connect(Map.of()).poll();
        List<InboundMessage> received = context.received();
        assertEquals(2, received.size(), "the broken mail does not stop the mailbox");
        InboundMessage broken = received.get(0);
        assertEquals("<broken-1@example.org>", broken.externalId());
        assertTrue(broken.text().contains("my order 1234 is late"), broken.text());
        assertEquals("raw", broken.headers().get(InboundMailParser.PARSE_HEADER), broken.headers() + " " + broken.text());
        assertEquals("a normal mail after the broken one", received.get(1).text().strip());
    }

    /** Verifies that a part that cannot be decoded (broken base64) is left out with a note, keeping the rest. */
    @Test
    void undecodablePartIsLeftOutAndTheRestDelivered() throws Exception {
        server.deliverRaw(String.join("\r\n",
                "From: maria.lopez@example.org",
                "To: " + MailServer.SUPPORT,
                "Subject: half broken",
                "Message-ID: <half-1@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"B1\"",
                "",
                "--B1",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "The photo of the damage is attached.",
                "--B1",
                "Content-Type: image/jpeg; name=\"damage.jpg\"",
                "Content-Disposition: attachment; filename=\"damage.jpg\"",
                "Content-Transfer-Encoding: base64",
                "",
                "QQ==QUJDRA==QQ",
                "--B1--",
                ""));

        InboundMessage m = pollOne();
        assertEquals("partial", m.headers().get(InboundMailParser.PARSE_HEADER), m.headers().toString());
        assertTrue(m.text().startsWith("The photo of the damage is attached."), m.text());
        assertTrue(m.text().contains("part 2 of this mail could not be read"), m.text());
        assertTrue(m.attachments().isEmpty());
        assertTrue(server.supportInboxFlags().get(0).contains(Flags.Flag.SEEN), "delivered, so processed");
    }

    /**
     * Verifies that a mail with nothing usable (no sender address) is left in the mailbox flagged, not fetched
     * again, logged without personal data, and does not stop the mail behind it.
     */
    @Test
    void unreadableMailIsFlaggedAndNotRetriedForever() throws Exception {
        server.deliverRaw(String.join("\r\n",
                "From: not an address at all",
                "To: " + MailServer.SUPPORT,
                "Subject: secret subject 4711",
                "",
                "nobody can answer this",
                ""));
        MimeMessage fine = server.newCustomerMail("after the unreadable one");
        fine.setText("still delivered");
        server.send(fine);

        connect(Map.of()).poll();
        assertEquals(1, context.received().size());
        assertEquals("still delivered", context.received().get(0).text().strip());
        List<Flags> flags = server.supportInboxFlags();
        assertTrue(flags.get(0).contains(Mailbox.REJECTED_KEYWORD), "the unreadable mail is flagged");
        assertFalse(flags.get(0).contains(Flags.Flag.SEEN), "and left unread for a person to look at");

        connector.poll();
        assertEquals(1, context.receiveCalls(), "the flagged mail is not fetched again");
        List<String> warnings = context.logged().stream()
                .filter(l -> l.level() == System.Logger.Level.WARNING).map(LoggedLine::message).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("no readable sender address"), warnings.get(0));
        assertFalse(context.loggedAnything("4711"), "the subject is not logged");
        assertFalse(context.loggedAnything("nobody can answer"), "the text is not logged");
    }

    private MimeMessage mailWithAttachment(String subject, byte[] content, String name, String type)
            throws Exception {
        MimeMessage mail = server.newCustomerMail(subject);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please see the attachment.", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        file.setFileName(name);
        mixed.addBodyPart(text);
        mixed.addBodyPart(file);
        mail.setContent(mixed);
        return mail;
    }
}
