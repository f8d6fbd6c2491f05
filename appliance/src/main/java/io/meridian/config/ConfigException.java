package io.meridian.config;

/** A configuration problem an admin must fix; the message names the source, the key and what was expected. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
