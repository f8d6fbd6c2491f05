package io.meridian.contact;

/** A merge that cannot be done as asked (same contact, unknown contact, already merged); the message says why. */
public final class MergeRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the refusal is because a contact does not exist (404) rather than a conflict (409). */
    private final boolean unknown;

    public MergeRefusedException(String message, boolean unknown) {
        super(message);
        this.unknown = unknown;
    }

    public boolean unknown() {
        return unknown;
    }
}
