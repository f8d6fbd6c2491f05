package io.meridian.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries. The CSP allows only this node's own scripts, styles and sockets: no inline
 * script anywhere, so an injected {@code <script>} would not run even if escaping failed somewhere.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final boolean tls;

    SecurityHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        headers.set("X-Frame-Options", "DENY");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        String path = ctx.request().path();
        if (path.startsWith("/console") || path.startsWith("/api")) {
            headers.set("Cache-Control", "no-store");
        }
        if (path.equals("/widget/meridian.js") || path.equals("/widget/meridian.css")) {
            // Embedded on customers' own sites: their pages must be allowed to load it.
            headers.set("Cross-Origin-Resource-Policy", "cross-origin");
            headers.set("Access-Control-Allow-Origin", "*");
        }
        ctx.next();
    }
}
