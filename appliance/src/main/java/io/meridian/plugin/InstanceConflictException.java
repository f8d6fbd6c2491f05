package io.meridian.plugin;

/** A change to a connector instance that conflicts with where it is defined (a conf/connectors file, or the console). */
public final class InstanceConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    InstanceConflictException(String message) {
        super(message);
    }
}
