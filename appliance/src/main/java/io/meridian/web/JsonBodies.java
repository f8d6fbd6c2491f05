package io.meridian.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Reading JSON request bodies of the REST API, answering 415 / 400 problems (RFC 9457) for anything else. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** Whether the request declares a JSON body ({@code application/json}, parameters allowed). */
    public static boolean isJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }

    /** The body as a JSON object, or null after answering the problem. */
    public static JsonObject read(RoutingContext ctx) {
        if (!isJson(ctx)) {
            Problem.send(ctx, 415, "unsupported-media-type", "send a JSON body with Content-Type: application/json");
            return null;
        }
        if (ctx.body() == null || ctx.body().length() <= 0) {
            Problem.send(ctx, 400, "malformed-json", "the body is empty; expected a JSON object");
            return null;
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                Problem.send(ctx, 400, "malformed-json", "the body is empty; expected a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            Problem.send(ctx, 400, "malformed-json", "the body is not a JSON object");
            return null;
        }
    }

    /** A string field, or null after answering a 400 naming it. */
    public static String requiredString(RoutingContext ctx, JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isEmpty()) {
            Problem.send(ctx, 400, "invalid-field", field + " is required and must be a string");
            return null;
        }
        return text;
    }
}
