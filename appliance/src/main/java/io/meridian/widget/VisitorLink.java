package io.meridian.widget;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * What a visitor's chat session talks through: the browser's WebSocket on this node, or, for a visitor homed in this
 * node's region who reached a node of another region, that node's relay over the cluster's event bus
 * ({@link HomeRegionRelay}).
 */
interface VisitorLink {

    void textHandler(Handler<String> handler);

    void binaryHandler(Handler<Buffer> handler);

    void errorHandler(Handler<Throwable> handler);

    /** Called once when the link ends, whichever side ended it. */
    void closeHandler(Handler<Void> handler);

    void send(String text);

    void close(short code, String reason);

    /** The browser's own WebSocket. */
    static VisitorLink of(ServerWebSocket socket) {
        return new VisitorLink() {
            @Override
            public void textHandler(Handler<String> handler) {
                socket.textMessageHandler(handler);
            }

            @Override
            public void binaryHandler(Handler<Buffer> handler) {
                socket.binaryMessageHandler(handler);
            }

            @Override
            public void errorHandler(Handler<Throwable> handler) {
                socket.exceptionHandler(handler);
            }

            @Override
            public void closeHandler(Handler<Void> handler) {
                socket.closeHandler(handler);
            }

            @Override
            public void send(String text) {
                socket.writeTextMessage(text);
            }

            @Override
            public void close(short code, String reason) {
                socket.close(code, reason);
            }
        };
    }
}
