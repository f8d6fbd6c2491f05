package io.meridian.security;

/** An account with this username exists already (usernames are compared without regard to case). */
public final class DuplicateAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String username;

    public DuplicateAccountException(String username) {
        super("an account named '" + username + "' exists already");
        this.username = username;
    }

    public String username() {
        return username;
    }
}
