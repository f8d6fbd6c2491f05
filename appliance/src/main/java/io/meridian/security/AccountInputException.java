package io.meridian.security;

/** A field of an account (username, display name, role, password) that the rules of docs/security.md refuse. */
public final class AccountInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public AccountInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The form / JSON field name, e.g. {@code username} or {@code password}. */
    public String field() {
        return field;
    }

    /** What is wrong, in plain English, without repeating the value (it may be a password). */
    public String reason() {
        return reason;
    }
}
