package io.meridian.plugin;

/** A plugin call that did not finish in time: it was interrupted (if it had started) and reported as failed. */
public final class PluginCallTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PluginCallTimeoutException(String message) {
        super(message);
    }
}
