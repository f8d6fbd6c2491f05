package io.meridian.conversation;

/**
 * Why a file was not kept, in words an agent reads beside the message (and the REST API returns). {@code reason} is
 * one of a fixed list, so the wording is the node's, never the sender's.
 */
public record AttachmentRefusal(String name, String mediaType, long sizeBytes, Reason reason) {

    /** Why; {@link #status()} is the HTTP status an agent's upload gets for it. */
    public enum Reason {
        TOO_LARGE("larger than the limit for one file", 413, "attachment-too-large"),
        TOO_MANY("more files than one message may carry", 400, "too-many-attachments"),
        TOTAL_TOO_LARGE("the message's files together are larger than the limit", 413, "attachments-too-large"),
        TYPE_NOT_ALLOWED("this type of file is not accepted", 415, "attachment-type-not-allowed"),
        CONTENT_MISMATCH("its content is not what its type says", 415, "attachment-content-mismatch"),
        DANGEROUS("a file a browser or computer could run (program, script, HTML or SVG) is not accepted", 415,
                "attachment-type-not-allowed"),
        EMPTY("the file is empty", 400, "attachment-empty");

        private final String words;
        private final int status;
        private final String problemType;

        Reason(String words, int status, String problemType) {
            this.words = words;
            this.status = status;
            this.problemType = problemType;
        }

        public String words() {
            return words;
        }

        public int status() {
            return status;
        }

        public String problemType() {
            return problemType;
        }
    }

    /** One line an agent reads: which file, what it claimed to be, how large, and why it was not kept. */
    public String describe() {
        return name + " (" + mediaType + ", " + sizeBytes + " bytes): " + reason.words();
    }
}
