package io.meridian.security;

/** The "current password" given to change a password is not the account's password. */
public final class WrongPasswordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WrongPasswordException() {
        super("the current password is wrong");
    }
}
