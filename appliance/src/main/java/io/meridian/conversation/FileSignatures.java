package io.meridian.conversation;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks, from a file's first bytes and its name, that it is what its media type says and that it is nothing a
 * browser or a computer would run. Cheap by design: a few leading bytes, never a parse. Downloads are served as
 * opaque bytes anyway; this keeps a disguised program or page from reaching an agent's disk as a harmless type.
 */
final class FileSignatures {

    /** Media types a browser renders as a page or runs: never accepted, whatever the configuration says. */
    static final Set<String> NEVER = Set.of("text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript", "application/javascript", "application/x-javascript",
            "application/ecmascript", "application/x-msdownload", "application/x-msdos-program",
            "application/x-executable", "application/x-sh", "application/x-shellscript", "application/java-archive",
            "application/x-ms-shortcut", "application/hta", "application/vnd.microsoft.portable-executable");

    /** Names that open as a program or a page on a desktop, whatever type the sender claimed. */
    private static final Set<String> RUNNABLE_EXTENSIONS = Set.of("exe", "com", "bat", "cmd", "scr", "pif", "msi",
            "msp", "dll", "cpl", "js", "jse", "mjs", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "sh", "jar", "hta",
            "lnk", "reg", "html", "htm", "xhtml", "shtml", "svg", "svgz", "xsl", "mht", "mhtml", "url", "app",
            "dmg", "pkg", "deb", "rpm", "apk");

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] ZIP = {'P', 'K', 0x03, 0x04};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 0x05, 0x06};
    private static final byte[] OLE = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a,
            (byte) 0xe1};

    /** What the first bytes of each type must be; a type not listed here is not checked beyond {@link #runnable}. */
    private static final Map<String, byte[][]> SIGNATURES = Map.ofEntries(
            Map.entry("image/png", new byte[][] {PNG}),
            Map.entry("image/jpeg", new byte[][] {JPEG}),
            Map.entry("image/gif", new byte[][] {ascii("GIF87a"), ascii("GIF89a")}),
            Map.entry("application/zip", new byte[][] {ZIP, ZIP_EMPTY}),
            Map.entry("application/msword", new byte[][] {OLE}),
            Map.entry("application/vnd.ms-excel", new byte[][] {OLE}),
            Map.entry("application/vnd.ms-powerpoint", new byte[][] {OLE}));

    private FileSignatures() {
    }

    /** Whether the content matches what {@code baseType} requires of its first bytes. */
    static boolean matches(String baseType, byte[] content) {
        if (baseType.equals("application/pdf")) {
            // "%PDF-" may follow a little leading junk, which readers accept within the first kilobyte.
            return indexOf(content, ascii("%PDF-"), 1024) >= 0;
        }
        if (baseType.equals("image/webp")) {
            return startsWith(content, ascii("RIFF"), 0) && startsWith(content, ascii("WEBP"), 8);
        }
        if (baseType.startsWith("application/vnd.openxmlformats-officedocument.")
                || baseType.startsWith("application/vnd.oasis.opendocument.")) {
            return startsWith(content, ZIP, 0);
        }
        byte[][] allowed = SIGNATURES.get(baseType);
        if (allowed == null) {
            return true;
        }
        for (byte[] signature : allowed) {
            if (startsWith(content, signature, 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the file is a program, a script or a page: a runnable name, an executable's header (Windows PE, ELF,
     * Mach-O, a {@code #!} script), or text that starts as HTML, SVG or XML.
     */
    static boolean runnable(String name, byte[] content) {
        String lower = name.toLowerCase(Locale.ROOT).strip();
        int dot = lower.lastIndexOf('.');
        if (dot >= 0 && RUNNABLE_EXTENSIONS.contains(lower.substring(dot + 1))) {
            return true;
        }
        if (startsWith(content, ascii("MZ"), 0) || startsWith(content, new byte[] {0x7f, 'E', 'L', 'F'}, 0)
                || startsWith(content, ascii("#!"), 0)
                || startsWith(content, new byte[] {(byte) 0xfe, (byte) 0xed, (byte) 0xfa, (byte) 0xce}, 0)
                || startsWith(content, new byte[] {(byte) 0xfe, (byte) 0xed, (byte) 0xfa, (byte) 0xcf}, 0)
                || startsWith(content, new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe}, 0)
                || startsWith(content, new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe}, 0)) {
            return true;
        }
        return looksLikeMarkup(content);
    }

    /**
     * Text whose first tag is HTML, SVG or a script (also after an XML declaration): what a browser would render if
     * it ever sniffed it. Plain XML (an e-invoice) is not markup a browser runs.
     */
    private static boolean looksLikeMarkup(byte[] content) {
        int start = 0;
        if (startsWith(content, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, 0)) {
            start = 3;
        }
        while (start < content.length && start < 512 && Character.isWhitespace(content[start])) {
            start++;
        }
        int end = Math.min(content.length, start + 1024);
        String head = new String(content, start, end - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.startsWith("<?xml")) {
            return head.contains("<svg") || head.contains("<html") || head.contains("xhtml");
        }
        for (String tag : new String[] {"<!doctype html", "<html", "<svg", "<script", "<head", "<body", "<iframe"}) {
            if (head.startsWith(tag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] content, byte[] prefix, int at) {
        if (content.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] content, byte[] needle, int within) {
        int last = Math.min(content.length - needle.length, within);
        for (int i = 0; i <= last; i++) {
            if (startsWith(content, needle, i)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
