package io.meridian.routing;

/** A routing change that lost a race or breaks a rule (agent at capacity, conversation changed meanwhile). */
public final class RoutingConflictException extends RuntimeException {

    public RoutingConflictException(String message) {
        super(message);
    }
}
