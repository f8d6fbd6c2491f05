package io.meridian.conversation;

import java.util.List;

/**
 * An agent's reply whose files cannot go: one does not pass the {@link AttachmentLimits} ({@link #refusals()}), or
 * the conversation's channel takes no files (no refusals). Nothing was stored.
 */
public final class AttachmentsRefusedException extends IllegalArgumentException {

    private final transient List<AttachmentRefusal> refusals;

    public AttachmentsRefusedException(String message, List<AttachmentRefusal> refusals) {
        super(message);
        this.refusals = List.copyOf(refusals);
    }

    public List<AttachmentRefusal> refusals() {
        return refusals;
    }

    /** The HTTP status that fits: the first refusal's (413, 415 or 400), 400 when the channel takes no files. */
    public int status() {
        return refusals.isEmpty() ? 400 : refusals.get(0).reason().status();
    }

    /** The problem type that fits, as {@link #status()}. */
    public String problemType() {
        return refusals.isEmpty() ? "attachments-not-supported" : refusals.get(0).reason().problemType();
    }
}
