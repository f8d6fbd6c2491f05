package io.meridian.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What files a message may carry, from any channel and from agents (docs/configuration.md, {@code attachments.*}):
 * the size of one file, how many and how large together, and which media types; plus what no configuration can
 * allow (a program, a script, HTML or SVG, and a file whose first bytes contradict its type, {@link FileSignatures}).
 * A customer's message keeps the files that pass and says which were not kept and why ({@link Screened#annotate});
 * an agent's reply with a file that does not pass is refused whole, before anything is stored.
 */
public record AttachmentLimits(long maxBytes, int maxPerMessage, long maxTotalBytes, List<String> allowedTypes) {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/([a-z0-9!#$&^_.+-]+\\*?|\\*)");

    /** The types accepted unless configured otherwise: images, PDF, text, office documents, audio, video, archives. */
    public static final List<String> DEFAULT_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/heic", "application/pdf", "text/plain", "text/csv", "application/zip",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.*", "application/vnd.oasis.opendocument.*",
            "audio/*", "video/mp4", "video/quicktime", "video/webm", "message/rfc822", "application/octet-stream");

    /** The defaults of {@code attachments.*}: 25 MiB a file, 20 files and 50 MiB a message, {@link #DEFAULT_TYPES}. */
    public static final AttachmentLimits DEFAULTS = new AttachmentLimits(25L * 1024 * 1024, 20, 50L * 1024 * 1024,
            DEFAULT_TYPES);

    public AttachmentLimits {
        if (maxBytes < 1 || maxPerMessage < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("attachment limits must be positive");
        }
        allowedTypes = allowedTypes.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        for (String type : allowedTypes) {
            if (!TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("'" + type + "' is not a media type (type/subtype, or type/* or "
                        + "a subtype prefix ending in *)");
            }
        }
    }

    /** The same limits with one file at most {@code bytes} (a channel's own, smaller limit). */
    public AttachmentLimits withMaxBytes(long bytes) {
        return new AttachmentLimits(Math.min(maxBytes, bytes), maxPerMessage, maxTotalBytes, allowedTypes);
    }

    /** The files a message keeps, in order, and those it does not, with why. */
    public record Screened(List<NewAttachment> kept, List<AttachmentRefusal> refused) {

        /**
         * {@code text} with a line for each file not kept, so the agent reading the message knows what is missing
         * and why; {@code text} itself when every file was kept.
         */
        public String annotate(String text) {
            if (refused.isEmpty()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text == null ? "" : text);
            for (AttachmentRefusal r : refused) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("[attachment not kept: ").append(r.describe()).append(']');
            }
            return out.toString();
        }
    }

    /** Decides on each file in order: the first {@link #maxPerMessage} that pass every check are kept. */
    public Screened screen(List<NewAttachment> files) {
        List<NewAttachment> kept = new ArrayList<>();
        List<AttachmentRefusal> refused = new ArrayList<>();
        long total = 0;
        for (NewAttachment file : files) {
            AttachmentRefusal.Reason reason = refusal(file);
            if (reason == null && kept.size() >= maxPerMessage) {
                reason = AttachmentRefusal.Reason.TOO_MANY;
            }
            if (reason == null && total + file.size() > maxTotalBytes) {
                reason = AttachmentRefusal.Reason.TOTAL_TOO_LARGE;
            }
            if (reason == null) {
                kept.add(file);
                total += file.size();
            } else {
                refused.add(new AttachmentRefusal(file.name(), file.mediaType(), file.size(), reason));
            }
        }
        return new Screened(List.copyOf(kept), List.copyOf(refused));
    }

    /** What is wrong with the file on its own, or null. */
    private AttachmentRefusal.Reason refusal(NewAttachment file) {
        String type = file.baseType();
        byte[] content = file.content();
        if (content.length == 0) {
            return AttachmentRefusal.Reason.EMPTY;
        }
        if (FileSignatures.NEVER.contains(type) || FileSignatures.runnable(file.name(), content)) {
            return AttachmentRefusal.Reason.DANGEROUS;
        }
        if (!allows(type)) {
            return AttachmentRefusal.Reason.TYPE_NOT_ALLOWED;
        }
        if (!FileSignatures.matches(type, content)) {
            return AttachmentRefusal.Reason.CONTENT_MISMATCH;
        }
        if (content.length > maxBytes) {
            return AttachmentRefusal.Reason.TOO_LARGE;
        }
        return null;
    }

    /** Whether {@code baseType} is one of the allowed types (exact, {@code type/*}, or a prefix ending in *). */
    public boolean allows(String baseType) {
        for (String allowed : allowedTypes) {
            if (allowed.endsWith("*") ? baseType.startsWith(allowed.substring(0, allowed.length() - 1))
                    : allowed.equals(baseType)) {
                return true;
            }
        }
        return false;
    }

    /** {@code mediaType} without parameters, in lower case ({@code Text/Plain; charset=x} is {@code text/plain}). */
    static String baseType(String mediaType) {
        Objects.requireNonNull(mediaType, "mediaType");
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
