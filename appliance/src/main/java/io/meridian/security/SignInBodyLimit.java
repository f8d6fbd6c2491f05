package io.meridian.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a sign-in or password-change body larger than any honest one (413), before a field of it is looked at.
 * The widest honest form is a maximal password with every character percent-encoded as three UTF-8 bytes
 * (9 bytes each, about 9 KiB), plus the username, the CSRF token and the return address.
 */
final class SignInBodyLimit implements Handler<RoutingContext> {

    static final int MAX_BYTES = 16 * 1024;

    private final Pages pages;

    SignInBodyLimit(Pages pages) {
        this.pages = pages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().bytesRead() > MAX_BYTES) {
            pages.refuse(ctx, 413, "too-large", "The request body is larger than a sign-in or password change can be "
                    + "(at most " + MAX_BYTES / 1024 + " KiB).");
            return;
        }
        ctx.next();
    }
}
