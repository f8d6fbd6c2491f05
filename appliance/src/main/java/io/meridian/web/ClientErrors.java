package io.meridian.web;

import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.vertx.core.json.DecodeException;

/**
 * Failures that are the client's mistake although they surface as exceptions from a library: a body or query that
 * cannot be decoded, a WebSocket upgrade without a valid handshake. They answer 400, are not logged as server errors, and never reach a 5xx.
 */
final class ClientErrors {

    private ClientErrors() {
    }

    /** Whether {@code failure} (or what caused it) says the request itself could not be decoded. */
    static boolean isMalformedRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DecodeException || t instanceof WebSocketHandshakeException) {
                return true;
            }
        }
        return false;
    }
}
