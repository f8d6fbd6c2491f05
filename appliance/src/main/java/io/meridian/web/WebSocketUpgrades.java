package io.meridian.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Turning a request into a WebSocket. An upgrade request carries no body (RFC 6455 §4.1); one that does has been read
 * by the body handler already and cannot be upgraded, so it is the client's mistake (400), as is a handshake that
 * is not valid, rather than a server error.
 */
public final class WebSocketUpgrades {

    private WebSocketUpgrades() {
    }

    /** The socket, or a failure to hand to {@code ctx.fail}: 400 for a request that is no valid upgrade. */
    public static Future<ServerWebSocket> accept(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        boolean body = request.getHeader("Transfer-Encoding") != null || length != null && !length.strip().equals("0");
        if (body) {
            return Future.failedFuture(new HttpException(400, "a WebSocket upgrade request carries no body"));
        }
        return request.toWebSocket();
    }
}
