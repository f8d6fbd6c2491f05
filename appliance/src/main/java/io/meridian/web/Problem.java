package io.meridian.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details for the REST API: a machine-readable type, a title and what went wrong. */
public final class Problem {

    private Problem() {
    }

    public static void send(RoutingContext ctx, int status, String type, String detail) {
        send(ctx, status, type, detail, null);
    }

    /**
     * As {@link #send(RoutingContext, int, String, String)}, with {@code errorId}, when not null: the id under which
     * the node logged a server error, for the client to quote.
     */
    public static void send(RoutingContext ctx, int status, String type, String detail, String errorId) {
        JsonObject body = new JsonObject()
                .put("type", "https://meridian.invalid/problems/" + type)
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (errorId != null) {
            body.put("errorId", errorId);
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 423 -> "Locked";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
