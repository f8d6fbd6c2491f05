package io.meridian.plugin;

/** A call for a connector instance that has no started connector (disabled, waiting for its plugin, or failed). */
public final class ConnectorUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectorUnavailableException(String message) {
        super(message);
    }
}
