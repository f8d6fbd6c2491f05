package io.meridian.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Set;

/**
 * Reads request bodies through Vert.x's {@link BodyHandler}, first refusing what it cannot decode: a form
 * ({@code multipart/form-data} or {@code application/x-www-form-urlencoded}) on a method other than POST, PUT, PATCH
 * or DELETE, or in a charset this node does not know (415). Vert.x throws for those instead of failing the request:
 * a server error that any anonymous client could cause at will.
 */
public final class RequestBodies implements Handler<RoutingContext> {

    /** The methods Vert.x decodes forms for. */
    private static final Set<HttpMethod> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final BodyHandler bodies;

    private RequestBodies(BodyHandler bodies) {
        this.bodies = bodies;
    }

    /** Reads bodies with {@code bodies}, refusing forms it cannot decode. */
    public static RequestBodies of(BodyHandler bodies) {
        return new RequestBodies(bodies);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (isForm(contentType)) {
            if (!FORM_METHODS.contains(ctx.request().method()) || !knownCharset(contentType)) {
                ctx.fail(415);
                return;
            }
        }
        bodies.handle(ctx);
    }

    /** Whether the content type names no charset, or one this JVM has. */
    static boolean knownCharset(String contentType) {
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String name = parameter.substring(equals + 1).strip().replace("\"", "");
                try {
                    return Charset.isSupported(name);
                } catch (IllegalArgumentException e) { // an illegal charset name
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether Vert.x would decode a body of this content type as a form (it matches the start, ignoring case). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
    }
}
