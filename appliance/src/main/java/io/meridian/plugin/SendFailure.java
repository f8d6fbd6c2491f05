package io.meridian.plugin;

import io.meridian.spi.ConnectorException;
import java.util.Set;

/**
 * Why the last attempt to send an outbox entry failed, as the outbox row keeps it: the exception's class name and a
 * reason from a fixed list the node chooses. Never the exception's message, which may quote the customer's address
 * or the reply itself: an outbox row holds no personal data.
 *
 * @param errorClass the simple class name of what the send threw (e.g. {@code ConnectorException}), or null when
 *        the node gave up on its own (the reply cannot be addressed, the instance was deleted)
 * @param reason one of {@link #REASONS}
 */
public record SendFailure(String errorClass, String reason) {

    /** The send did not finish within the plugin's call deadline. */
    public static final String TIMEOUT = "timeout";
    /** Every thread of the plugin was busy (or stuck) and its queue full. */
    public static final String BUSY = "busy";
    /** The connector instance was not running. */
    public static final String UNAVAILABLE = "unavailable";
    /** The connector reported a temporary failure ({@code ConnectorException}, retryable). */
    public static final String TEMPORARY = "temporary";
    /** The connector refused the reply for good ({@code ConnectorException}, not retryable). */
    public static final String REFUSED = "refused";
    /** The connector threw something it did not declare; retried like a temporary failure. */
    public static final String UNEXPECTED = "unexpected";
    /** The reply's message or the customer's channel address is gone (e.g. the contact was erased). */
    public static final String UNADDRESSABLE = "unaddressable";
    /** The admin deleted the connector instance while the reply was waiting. */
    public static final String INSTANCE_DELETED = "instance-deleted";

    public static final Set<String> REASONS = Set.of(TIMEOUT, BUSY, UNAVAILABLE, TEMPORARY, REFUSED, UNEXPECTED,
            UNADDRESSABLE, INSTANCE_DELETED);

    private static final int MAX_CLASS_CHARS = 128;

    public SendFailure {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown outbox failure reason '" + reason + "'");
        }
        if (errorClass != null && errorClass.length() > MAX_CLASS_CHARS) {
            errorClass = errorClass.substring(0, MAX_CLASS_CHARS);
        }
    }

    /** What a failed send attempt is recorded as. */
    static SendFailure of(Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof OutboxDispatcher.Unaddressable) {
            return new SendFailure(null, UNADDRESSABLE);
        }
        String type = cause.getClass().getSimpleName().isEmpty() ? cause.getClass().getName()
                : cause.getClass().getSimpleName();
        String reason;
        if (cause instanceof PluginCallTimeoutException) {
            reason = TIMEOUT;
        } else if (cause instanceof PluginBusyException) {
            reason = BUSY;
        } else if (cause instanceof ConnectorUnavailableException) {
            reason = UNAVAILABLE;
        } else if (cause instanceof ConnectorException ce) {
            reason = ce.retryable() ? TEMPORARY : REFUSED;
        } else {
            reason = UNEXPECTED;
        }
        return new SendFailure(type, reason);
    }

    static SendFailure instanceDeleted() {
        return new SendFailure(null, INSTANCE_DELETED);
    }
}
