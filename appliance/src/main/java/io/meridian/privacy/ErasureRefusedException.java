package io.meridian.privacy;

/** An erasure the node will not do, with the reason a caller can show: {@code legal-hold}. */
public final class ErasureRefusedException extends RuntimeException {

    private final String reason;

    ErasureRefusedException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
