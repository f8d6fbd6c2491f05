package io.meridian.conversation;

/** A stored attachment with its content, opened: for a download or for the channel connector that sends a reply. */
public record AttachmentFile(StoredAttachment info, byte[] content) {

    /** Names the file and its size, never its bytes. */
    @Override
    public String toString() {
        return "AttachmentFile[" + info + "]";
    }
}
