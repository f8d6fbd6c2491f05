package io.meridian.plugin;

/** A plugin call refused at once because the plugin's own executor is full (its threads busy or stuck). */
public final class PluginBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PluginBusyException(String message) {
        super(message);
    }
}
