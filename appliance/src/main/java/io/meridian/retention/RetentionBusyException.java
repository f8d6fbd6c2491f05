package io.meridian.retention;

/** A retention run asked for while another one goes on. */
public final class RetentionBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetentionBusyException(String message) {
        super(message);
    }
}
