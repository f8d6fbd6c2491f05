package io.meridian.spi.channel;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file carried by a message. Immutable: the content is copied in and every {@link #content()} call returns a fresh
 * copy, so neither side can change the other's bytes.
 *
 * @param fileName the file name without directories, not blank (see {@link #safeFileName(String)})
 * @param mediaType the media type, e.g. {@code image/png}; {@code application/octet-stream} if unknown
 * @param content the bytes
 */
public record Attachment(String fileName, String mediaType, byte[] content) {

    private static final Pattern MEDIA_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?");

    /** Validates and copies. */
    public Attachment {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("Attachment fileName must not be blank");
        }
        if (!fileName.equals(safeFileName(fileName))) {
            throw new IllegalArgumentException("Attachment fileName '" + fileName
                    + "' must not contain directories or control characters; use Attachment.safeFileName()");
        }
        Objects.requireNonNull(mediaType, "Attachment mediaType (use application/octet-stream if unknown)");
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new IllegalArgumentException("Attachment mediaType '" + mediaType + "' is not type/subtype");
        }
        content = Objects.requireNonNull(content, "Attachment content").clone();
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** @return the content's length in bytes, without copying */
    public int size() {
        return content.length;
    }

    /**
     * Makes a file name from a remote side safe: drops directories, replaces control characters, keeps it non-blank.
     *
     * @param raw a name as the remote side sent it, may be {@code null}
     * @return a name acceptable to this record
     */
    public static String safeFileName(String raw) {
        if (raw == null) {
            return "attachment";
        }
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder(name.length());
        name.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        String result = safe.toString().trim();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "attachment" : result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attachment a && fileName.equals(a.fileName) && mediaType.equals(a.mediaType)
                && Arrays.equals(content, a.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, mediaType, Arrays.hashCode(content));
    }

    /** Names the file and its size, not its bytes. */
    @Override
    public String toString() {
        return "Attachment[" + fileName + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
