package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link AttachmentLimits} keeps and refuses, file by file, and what its configuration accepts. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AttachmentLimitsTest {

    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    private static final byte[] DOCX = {'P', 'K', 3, 4, 20, 0, 6, 0};

    private static AttachmentRefusal.Reason reasonOf(AttachmentLimits limits, String name, String type, byte[] bytes) {
        AttachmentLimits.Screened screened = limits.screen(List.of(new NewAttachment(name, type, bytes)));
        return screened.refused().isEmpty() ? null : screened.refused().get(0).reason();
    }

    /** Verifies that files whose first bytes fit their type are kept, whatever the type's parameters and case. */
    @Test
    void filesThatAreWhatTheySayAreKept() {
        AttachmentLimits limits = AttachmentLimits.DEFAULTS;
        assertEquals(null, reasonOf(limits, "photo.jpg", "IMAGE/JPEG", JPEG));
        assertEquals(null, reasonOf(limits, "cat.gif", "image/gif", ascii("GIF89a\1\0\1\0")));
        assertEquals(null, reasonOf(limits, "cat.webp", "image/webp", ascii("RIFF\0\0\0\0WEBPVP8 ")));
        assertEquals(null, reasonOf(limits, "offer.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX));
        assertEquals(null, reasonOf(limits, "notes.txt", "text/plain; charset=utf-8", ascii("Order 4711 arrived")));
        assertEquals(null, reasonOf(limits, "invoice.xml", "application/octet-stream",
                ascii("<?xml version=\"1.0\"?><Invoice><ID>114</ID></Invoice>")), "an e-invoice is not a page");
    }

    /** Verifies the refusals: disguised files, pages, programs, types not taken, empty files. */
    @Test
    void disguisedDangerousAndUnlistedFilesAreRefused() {
        AttachmentLimits limits = AttachmentLimits.DEFAULTS;
        assertEquals(AttachmentRefusal.Reason.CONTENT_MISMATCH, reasonOf(limits, "photo.jpg", "image/jpeg",
                ascii("%PDF-1.4")));
        assertEquals(AttachmentRefusal.Reason.CONTENT_MISMATCH, reasonOf(limits, "offer.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ascii("plain")));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "logo.svg", "image/svg+xml",
                ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "logo.txt", "text/plain",
                ascii("<?xml version=\"1.0\"?>\n<svg onload=\"alert(1)\"/>")));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "readme.txt", "text/plain",
                ascii("  <!DOCTYPE html><script>alert(1)</script>")));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "tool", "application/octet-stream",
                new byte[] {0x7f, 'E', 'L', 'F', 2}));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "run.sh", "text/plain", ascii("echo")));
        assertEquals(AttachmentRefusal.Reason.DANGEROUS, reasonOf(limits, "Invoice.PDF.exe", "application/pdf",
                ascii("%PDF-1.4")));
        assertEquals(AttachmentRefusal.Reason.TYPE_NOT_ALLOWED, reasonOf(limits, "font.ttf", "font/ttf",
                ascii("\0\1\0\0")));
        assertEquals(AttachmentRefusal.Reason.EMPTY, reasonOf(limits, "blank.txt", "text/plain", new byte[0]));
    }

    /** Verifies the size, count and total limits, and that the first files that pass are the ones kept. */
    @Test
    void sizeCountAndTotalAreHeldInOrder() {
        AttachmentLimits limits = new AttachmentLimits(10, 2, 15, List.of("text/*"));
        AttachmentLimits.Screened screened = limits.screen(List.of(
                new NewAttachment("a.txt", "text/plain", ascii("0123456789x")),
                new NewAttachment("b.txt", "text/plain", ascii("01234567")),
                new NewAttachment("c.txt", "text/csv", ascii("0123456789")),
                new NewAttachment("d.txt", "text/plain", ascii("0123")),
                new NewAttachment("e.txt", "text/plain", ascii("01"))));
        assertEquals(List.of("b.txt", "d.txt"), screened.kept().stream().map(NewAttachment::name).toList());
        assertEquals(List.of(AttachmentRefusal.Reason.TOO_LARGE, AttachmentRefusal.Reason.TOTAL_TOO_LARGE,
                AttachmentRefusal.Reason.TOO_MANY), screened.refused().stream().map(AttachmentRefusal::reason).toList());
        assertEquals("Hi\n[attachment not kept: a.txt (text/plain, 11 bytes): larger than the limit for one file]\n"
                + "[attachment not kept: c.txt (text/csv, 10 bytes): the message's files together are larger than "
                + "the limit]\n[attachment not kept: e.txt (text/plain, 2 bytes): more files than one message may "
                + "carry]", screened.annotate("Hi"));
        assertEquals(10, limits.withMaxBytes(100).maxBytes());
        assertEquals(5, limits.withMaxBytes(5).maxBytes());
    }

    /** Verifies that a configured type must be a media type, and that wildcards match only their prefix. */
    @Test
    void configuredTypesAreChecked() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new AttachmentLimits(1, 1, 1, List.of("image/png", "pictures")));
        assertTrue(bad.getMessage().contains("'pictures' is not a media type"), bad.getMessage());
        AttachmentLimits images = new AttachmentLimits(1, 1, 1, List.of("image/*", "application/vnd.ms-*"));
        assertTrue(images.allows("image/png") && images.allows("application/vnd.ms-excel"));
        assertTrue(!images.allows("application/pdf") && !images.allows("imagex/png"));
    }

    /** Verifies that an over-long name keeps its extension and fits the column, and a long type loses its parameters. */
    @Test
    void longNamesAndTypesAreShortened() {
        NewAttachment file = new NewAttachment("報告".repeat(150) + ".pdf", "application/pdf; x=" + "y".repeat(300),
                ascii("%PDF-1.4"));
        assertEquals(NewAttachment.MAX_NAME_CHARS, file.name().codePointCount(0, file.name().length()));
        assertTrue(file.name().endsWith("….pdf"), file.name());
        assertEquals("application/pdf", file.mediaType());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
