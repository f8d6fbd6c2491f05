package io.meridian.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure a connector reports on purpose, telling the appliance whether trying again may help.
 *
 * <p>{@code retryable == true}: a temporary condition (remote host unreachable, rate limited, HTTP 5xx, timeout).
 * The appliance keeps the work (an outbound message stays in the outbox) and tries again with back-off, or after
 * {@link #retryAfter()} when given. {@code retryable == false}: the work itself is wrong or refused (invalid
 * recipient, message too large, credentials rejected); retrying the same call cannot succeed, so the appliance marks
 * the message or the instance failed with this message and shows it to the admin.
 *
 * <p>Any other exception thrown by a connector is an unexpected failure: the appliance records it as the instance's
 * last error and, because it cannot tell, keeps outbound messages and tries them again with back-off, like a
 * retryable failure. So declare a permanent refusal explicitly with {@code retryable == false}, or the outbox keeps
 * retrying it. The message is shown in the console and logged: it must not contain secrets or personal data.
 */
public class ConnectorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final Duration retryAfter;

    /**
     * @param message what failed, for the admin; no secrets or personal data
     * @param retryable whether the same call may succeed later
     * @param cause the underlying exception, may be {@code null}
     */
    public ConnectorException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, cause, null);
    }

    /**
     * @param message what failed, for the admin
     * @param retryable whether the same call may succeed later
     */
    public ConnectorException(String message, boolean retryable) {
        this(message, retryable, null, null);
    }

    /**
     * @param message what failed, for the admin
     * @param retryable whether the same call may succeed later
     * @param cause the underlying exception, may be {@code null}
     * @param retryAfter how long the remote side asked us to wait (e.g. HTTP {@code Retry-After}), may be
     *        {@code null}; only meaningful when retryable
     */
    public ConnectorException(String message, boolean retryable, Throwable cause, Duration retryAfter) {
        super(Objects.requireNonNull(message, "message"), cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** @return a retryable exception: a temporary condition */
    public static ConnectorException retryable(String message, Throwable cause) {
        return new ConnectorException(message, true, cause);
    }

    /** @return a non-retryable exception: the call itself cannot succeed */
    public static ConnectorException permanent(String message, Throwable cause) {
        return new ConnectorException(message, false, cause);
    }

    /** @return whether the appliance should try the same call again later */
    public boolean retryable() {
        return retryable;
    }

    /** @return the wait the remote side asked for, if any */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
