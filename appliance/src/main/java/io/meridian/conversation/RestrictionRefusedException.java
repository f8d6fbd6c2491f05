package io.meridian.conversation;

/** A restriction of processing that cannot be placed (the customer was erased); the message says why. */
public final class RestrictionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RestrictionRefusedException(String message) {
        super(message);
    }
}
