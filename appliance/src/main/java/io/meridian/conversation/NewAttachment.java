package io.meridian.conversation;

import java.util.Objects;

/**
 * A file about to be stored with a message (a customer's, from any channel, or an agent's reply), before the
 * {@link AttachmentLimits} decided on it. {@code name} is a file name without directories; {@code mediaType} what the
 * sender claimed, parameters allowed ({@code text/plain; charset=utf-8}).
 */
public record NewAttachment(String name, String mediaType, byte[] content) {

    /** Longest name kept, in characters: its sealed form must fit the column whatever the script. */
    static final int MAX_NAME_CHARS = 200;
    private static final int MAX_TYPE_CHARS = 200;

    /** Shortens an over-long name (keeping its extension) and drops an over-long type's parameters. */
    public NewAttachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            String stem = name.substring(0, name.length() - extension.length());
            name = stem.substring(0, stem.offsetByCodePoints(0, MAX_NAME_CHARS - extension.length() - 1)) + "…"
                    + extension;
        }
        if (mediaType.length() > MAX_TYPE_CHARS) {
            String base = AttachmentLimits.baseType(mediaType);
            mediaType = base.length() > MAX_TYPE_CHARS ? "application/octet-stream" : base;
        }
    }

    public long size() {
        return content.length;
    }

    /** The media type without parameters, in lower case: what the limits and the content check compare. */
    public String baseType() {
        return AttachmentLimits.baseType(mediaType);
    }

    /** Names the file and its size, never its bytes. */
    @Override
    public String toString() {
        return "NewAttachment[" + name + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
