package io.meridian.channel.email;

import io.meridian.spi.channel.Attachment;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.HtmlText;
import io.meridian.spi.channel.InboundMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one fetched mail into an {@link InboundMessage}, keeping what can be read when part of it cannot.
 *
 * <ul>
 *   <li>External id: the Message-ID, or {@code <sha256.HASH@hash.meridian.invalid>} over the raw mail when it has
 *       none, so a refetch of the same mail gets the same id.</li>
 *   <li>Body: the text/plain parts as text, the text/html parts as html, untouched (the appliance sanitises it;
 *       nothing is loaded from it here). HTML-only mail also gets a text rendering.</li>
 *   <li>Attachments up to the mailbox's limit; a larger one is left out and the text and the header
 *       {@value #SKIPPED_HEADER} say which and why.</li>
 *   <li>A part that cannot be decoded is left out with a note ({@value #PARSE_HEADER}: {@code partial}); a mail whose
 *       structure cannot be read at all is delivered as its raw text ({@code raw}); a mail without any sender
 *       address throws {@link UnreadableMailException}.</li>
 * </ul>
 * Failures of the connection itself are thrown as they are, so the mail is fetched again later.
 */
final class InboundMailParser {

    static final String THREAD_TOKEN_HEADER = "x-meridian-thread-token";
    static final String SKIPPED_HEADER = "x-meridian-skipped-attachments";
    static final String PARSE_HEADER = "x-meridian-parse";

    /** Longest body text taken from one mail; customers do not write more, mail loops and dumps do. */
    static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;
    /** Raw bytes shown when the structure of a mail cannot be read. */
    static final int MAX_RAW_BYTES = 512 * 1024;
    private static final int MAX_DEPTH = 16;
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}]+");
    /** {@code phrase <local@domain>} at the end of an address header. */
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("^(.*)<([^<>\\s]+@[^<>\\s]+)>\\s*$",
            Pattern.DOTALL);

    private final int maxAttachmentBytes;
    private final long maxTotalAttachmentBytes;
    private final String mailboxAddress;

    /**
     * @param maxAttachmentBytes largest attachment imported
     * @param mailboxAddress the mailbox's own address (lower case), the {@code to} identity when the mail does not
     *        name it
     */
    InboundMailParser(int maxAttachmentBytes, String mailboxAddress) {
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.maxTotalAttachmentBytes = 3L * maxAttachmentBytes;
        this.mailboxAddress = mailboxAddress;
    }

    /** What was made of a mail, and whether some of it could not be read (for a log line without content). */
    record Parsed(InboundMessage message, String parseState, int skippedAttachments) {
    }

    /**
     * @param mail the mail, fetched with PEEK so reading it does not mark it read
     * @return the message and how completely it was read
     * @throws UnreadableMailException if nothing usable can be made of it
     * @throws MessagingException if the connection failed while reading
     */
    Parsed parse(MimeMessage mail) throws UnreadableMailException, MessagingException {
        Map<String, String> headers = new LinkedHashMap<>();
        ChannelIdentity from = sender(mail);
        String externalId = externalId(mail);
        String subject = subject(mail);
        String contentType = contentType(mail);

        Body body = new Body();
        String parseState = "complete";
        try {
            walk(mail, body, 0);
            if (body.partFailures > 0) {
                parseState = "partial";
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            rethrowIfConnection(e);
            body = rawFallback(mail);
            parseState = "raw";
        }

        InboundMessage.Builder message = InboundMessage.builder(externalId, from)
                .to(recipient(mail))
                .subject(subject)
                .inReplyTo(MessageIds.first(header(mail, "In-Reply-To")))
                .references(MessageIds.all(header(mail, "References")))
                .sentAt(sentAt(mail));
        String text = body.text();
        String html = body.html();
        if (text == null && html != null) {
            text = HtmlText.toText(html);
        }
        if (!body.notes.isEmpty()) {
            text = (text == null || text.isBlank() ? "" : text.stripTrailing() + "\n\n") + String.join("\n", body.notes);
        }
        if (text == null && html == null && body.attachments.isEmpty()) {
            text = ""; // a mail with only a subject is still a message
        }
        message.text(text).html(html);
        body.attachments.forEach(message::attachment);

        for (String name : AutomaticMail.KEPT_HEADERS) {
            String value = header(mail, name);
            if (value != null) {
                headers.put(name, value.trim());
            }
        }
        String type = contentType == null ? null : contentType.replaceAll("\\s+", " ").trim();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
            headers.put("content-type", type);
        }
        // List-Unsubscribe only marks the mail as bulk; its links may carry a personal token, so it is not kept.
        String listUnsubscribe = header(mail, "list-unsubscribe");
        AutomaticMail.classify(name -> name.equals("list-unsubscribe") ? listUnsubscribe : headers.get(name), type,
                        from.address())
                .ifPresent(kind -> headers.put(AutomaticMail.HEADER, kind));
        ThreadToken.find(subject).ifPresent(ref -> headers.put(THREAD_TOKEN_HEADER, ref));
        if (!body.skipped.isEmpty()) {
            headers.put(SKIPPED_HEADER, String.join("; ", body.skipped));
        }
        if (!parseState.equals("complete")) {
            headers.put(PARSE_HEADER, parseState);
        }
        headers.forEach(message::header);
        return new Parsed(message.build(), parseState, body.skipped.size());
    }

    // ---- headers -------------------------------------------------------------------------------------------------

    private static ChannelIdentity sender(MimeMessage mail) throws UnreadableMailException, MessagingException {
        for (String name : List.of("From", "Sender", "Reply-To", "Return-Path")) {
            String raw = header(mail, name);
            if (raw == null) {
                continue;
            }
            for (InternetAddress address : addresses(raw)) {
                String value = address.getAddress();
                if (isAddress(value)) {
                    return ChannelIdentity.email(value.trim().toLowerCase(Locale.ROOT), name(address.getPersonal()));
                }
            }
            // A lenient parse can take a broken display name for the address (an encoded word hiding ':' or '@'
            // in the name): the address in angle brackets at the end is the one to answer.
            Matcher angle = ANGLE_ADDRESS.matcher(raw);
            if (angle.find() && isAddress(angle.group(2))) {
                return ChannelIdentity.email(angle.group(2).toLowerCase(Locale.ROOT), name(decoded(angle.group(1))));
            }
        }
        throw new UnreadableMailException("the mail has no readable sender address (From, Sender, Reply-To, "
                + "Return-Path)", null);
    }

    /** @return whether {@code value} is a plain addr-spec (no name, brackets or encoded words around it) */
    private static boolean isAddress(String value) {
        if (value == null || value.indexOf('@') <= 0 || value.indexOf('@') == value.strip().length() - 1) {
            return false;
        }
        try {
            new InternetAddress(value.strip(), true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    private static String decoded(String phrase) {
        String trimmed = phrase.strip();
        if (trimmed.length() > 1 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        try {
            return MimeUtility.decodeText(trimmed);
        } catch (IOException | RuntimeException e) {
            return trimmed;
        }
    }

    /** @return a display name fit to show and to put into a reply's header, or {@code null} if there is none */
    private static String name(String personal) {
        String clean = neutralised(personal);
        return clean == null || clean.isBlank() ? null : clean.strip();
    }

    /**
     * Control characters (CR, LF, TAB, NUL, DEL and the C1 range) from decoded display names and subjects: each
     * run of them becomes one space, the rest of the text stays. Done once, here at intake, so nothing downstream
     * (the console, a reply's To and Subject headers) sees a line break a sender smuggled in an encoded word.
     *
     * @param value a decoded header text, may be {@code null}
     * @return the text without control characters
     */
    static String neutralised(String value) {
        return value == null ? null : CONTROLS.matcher(value).replaceAll(" ");
    }

    private ChannelIdentity recipient(MimeMessage mail) throws MessagingException {
        List<InternetAddress> all = new ArrayList<>();
        for (String name : List.of("To", "Cc", "Delivered-To")) {
            String raw = header(mail, name);
            if (raw != null) {
                all.addAll(addresses(raw));
            }
        }
        InternetAddress chosen = null;
        for (InternetAddress a : all) {
            if (a.getAddress() != null && a.getAddress().equalsIgnoreCase(mailboxAddress)) {
                chosen = a;
                break;
            }
        }
        if (chosen == null) {
            return ChannelIdentity.email(mailboxAddress, null);
        }
        return ChannelIdentity.email(chosen.getAddress().toLowerCase(Locale.ROOT), name(chosen.getPersonal()));
    }

    private static List<InternetAddress> addresses(String raw) {
        try {
            return List.of(InternetAddress.parseHeader(raw, false));
        } catch (MessagingException | RuntimeException e) {
            return List.of(); // an unparsable header counts as absent
        }
    }

    private static String externalId(MimeMessage mail) throws MessagingException {
        String id = MessageIds.first(header(mail, "Message-ID"));
        if (id != null) {
            return id;
        }
        MessageDigest digest = MessageIds.sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            mail.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("could not read the mail to identify it", e);
        }
        return MessageIds.forHash(digest.digest());
    }

    private static String subject(MimeMessage mail) throws MessagingException {
        try {
            String subject = neutralised(mail.getSubject());
            return subject == null ? null : subject.strip();
        } catch (MessagingException e) {
            rethrowIfConnection(e);
            return neutralised(header(mail, "Subject"));
        }
    }

    private static java.time.Instant sentAt(MimeMessage mail) throws MessagingException {
        try {
            Date date = mail.getSentDate();
            return date == null ? null : date.toInstant();
        } catch (MessagingException e) {
            rethrowIfConnection(e);
            return null;
        }
    }

    /** @return the first value of the header, unfolded, or {@code null} */
    private static String header(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        if (values == null || values.length == 0 || values[0] == null) {
            return null;
        }
        return MimeUtility.unfold(values[0]);
    }

    // ---- body ----------------------------------------------------------------------------------------------------

    /** What the body walk collected. */
    private static final class Body {
        final List<String> texts = new ArrayList<>();
        final List<String> htmls = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        long attachmentBytes;
        int partFailures;

        String text() {
            return texts.isEmpty() ? null : String.join("\n\n", texts);
        }

        String html() {
            return htmls.isEmpty() ? null : String.join("\n", htmls);
        }
    }

    private void walk(Part part, Body body, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            body.partFailures++;
            body.notes.add("[Meridian: parts nested deeper than " + MAX_DEPTH + " levels were left out.]");
            return;
        }
        String type = mediaType(part);
        if (type.startsWith("multipart/")) {
            Multipart multipart = multipart(part);
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                try {
                    walk(child, body, depth + 1);
                } catch (MessagingException | IOException | RuntimeException e) {
                    rethrowIfConnection(e);
                    body.partFailures++;
                    body.notes.add("[Meridian: part " + (i + 1) + " of this mail could not be read and was left "
                            + "out. The original mail stays in the mailbox.]");
                }
            }
            return;
        }
        String disposition = disposition(part);
        String fileName = fileName(part);
        boolean asAttachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
        if (!asAttachment && (type.equals("text/plain") || type.equals("text/html"))) {
            String text = readText(part, body);
            (type.equals("text/html") ? body.htmls : body.texts).add(text);
            return;
        }
        addAttachment(part, type, fileName, body);
    }

    private static Multipart multipart(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart m) {
            return m;
        }
        // No content handler for multipart in this class loader: parse from the raw part.
        return new MimeMultipart(part.getDataHandler().getDataSource());
    }

    private String readText(Part part, Body body) throws MessagingException, IOException {
        byte[] bytes;
        boolean truncated;
        try (InputStream in = part.getInputStream()) {
            bytes = readUpTo(in, MAX_TEXT_BYTES + 1);
        }
        truncated = bytes.length > MAX_TEXT_BYTES;
        if (truncated) {
            bytes = java.util.Arrays.copyOf(bytes, MAX_TEXT_BYTES);
            body.notes.add("[Meridian: the text of this mail was cut after " + human(MAX_TEXT_BYTES) + ".]");
        }
        return decode(bytes, charset(part));
    }

    private void addAttachment(Part part, String type, String fileName, Body body)
            throws MessagingException, IOException {
        String name = Attachment.safeFileName(fileName != null ? fileName : defaultName(type));
        int encodedSize = part.getSize();
        long atLeast = encodedSize < 0 ? 0 : decodedLowerBound(encodedSize, encoding(part));
        if (atLeast > maxAttachmentBytes) {
            skip(body, name, "about " + human(atLeast), "larger than this mailbox's limit of "
                    + human(maxAttachmentBytes));
            return;
        }
        long room = maxTotalAttachmentBytes - body.attachmentBytes;
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = readUpTo(in, (int) Math.min(maxAttachmentBytes, room) + 1);
        }
        if (content.length > maxAttachmentBytes) {
            skip(body, name, "more than " + human(maxAttachmentBytes), "larger than this mailbox's limit of "
                    + human(maxAttachmentBytes));
            return;
        }
        if (content.length > room) {
            skip(body, name, "more than " + human(room), "the attachments of one mail may take at most "
                    + human(maxTotalAttachmentBytes) + " together");
            return;
        }
        body.attachmentBytes += content.length;
        String mediaType = type.matches("[\\w.+-]+/[\\w.+-]+") ? type : "application/octet-stream";
        body.attachments.add(new Attachment(name, mediaType, content));
    }

    private static void skip(Body body, String name, String size, String why) {
        body.skipped.add(name + " (" + size + ")");
        body.notes.add("[Meridian: the attachment \"" + name + "\" (" + size + ") was not imported: " + why
                + ". The original mail stays in the mailbox.]");
    }

    /** The fewest decoded bytes a part of this encoded size holds, to refuse big parts without downloading them. */
    private static long decodedLowerBound(long encodedSize, String encoding) {
        switch (encoding) {
            case "base64":
                return encodedSize * 57 / 78 - 4; // 76 characters + CRLF per 57 bytes
            case "quoted-printable":
                return encodedSize / 3;
            case "7bit":
            case "8bit":
            case "binary":
                return encodedSize * 9 / 10;
            default:
                return 0;
        }
    }

    private Body rawFallback(MimeMessage mail) throws MessagingException {
        Body body = new Body();
        byte[] raw;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                mail.writeTo(new BoundedOutputStream(out, MAX_RAW_BYTES));
            } catch (BoundedOutputStream.Full full) {
                body.notes.add("[Meridian: only the first " + human(MAX_RAW_BYTES) + " of this mail are shown.]");
            }
            raw = out.toByteArray();
        } catch (IOException e) {
            rethrowIfConnection(e);
            throw new MessagingException("the raw mail could not be read", e);
        }
        int start = bodyStart(raw);
        String text = decode(java.util.Arrays.copyOfRange(raw, start, raw.length), StandardCharsets.UTF_8);
        body.texts.add(text.strip());
        body.notes.add("[Meridian: the structure of this mail could not be read; its raw content is shown. The "
                + "original mail stays in the mailbox.]");
        return body;
    }

    /** @return the index after the blank line that ends the header block, 0 if there is none */
    private static int bodyStart(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 3 < raw.length && raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r'
                    && raw[i + 3] == '\n') {
                return i + 4;
            }
        }
        return 0;
    }

    // ---- part details, each lenient -------------------------------------------------------------------------------

    private static String mediaType(Part part) throws MessagingException {
        String raw = contentType(part);
        if (raw == null) {
            return "text/plain";
        }
        try {
            return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            String base = raw.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            return base.matches("[\\w.+-]+/[\\w.+-]+") ? base : "application/octet-stream";
        }
    }

    private static Charset charset(Part part) throws MessagingException {
        String raw = contentType(part);
        String name = null;
        if (raw != null) {
            try {
                name = new ContentType(raw).getParameter("charset");
            } catch (MessagingException | RuntimeException e) {
                name = null;
            }
        }
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8; // RFC 6657 says US-ASCII; UTF-8 reads that and what programs really send
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name.trim()));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The part's Content-Type; from the IMAP body structure when the part is remote, so no extra fetch. */
    private static String contentType(Part part) throws MessagingException {
        try {
            return part.getContentType();
        } catch (MessagingException | RuntimeException e) {
            rethrowIfConnection(e);
            return header(part, "Content-Type");
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null || name.isBlank()) {
                return null;
            }
            try {
                return MimeUtility.decodeText(name);
            } catch (IOException | RuntimeException e) {
                return name;
            }
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String encoding(Part part) {
        try {
            String value = part instanceof jakarta.mail.internet.MimePart mime ? mime.getEncoding() : null;
            return value == null ? "7bit" : value.trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    private static String defaultName(String type) {
        switch (type) {
            case "message/rfc822":
                return "message.eml";
            case "message/delivery-status":
                return "delivery-status.txt";
            case "text/rfc822-headers":
                return "headers.txt";
            case "text/plain":
                return "text.txt";
            case "text/html":
                return "page.html";
            default:
                return "attachment";
        }
    }

    private static String decode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    static String human(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }

    private static void rethrowIfConnection(Exception e) throws MessagingException {
        if (MailFailures.isConnectionProblem(e)) {
            throw e instanceof MessagingException me ? me : new MessagingException("connection failed", e);
        }
    }

    /** An output stream that stops its writer after a number of bytes. */
    private static final class BoundedOutputStream extends OutputStream {
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;
        }

        private final OutputStream target;
        private final int limit;
        private int written;

        BoundedOutputStream(OutputStream target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (written >= limit) {
                throw new Full();
            }
            target.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = Math.min(len, limit - written);
            target.write(b, off, n);
            written += n;
            if (n < len) {
                throw new Full();
            }
        }
    }
}
