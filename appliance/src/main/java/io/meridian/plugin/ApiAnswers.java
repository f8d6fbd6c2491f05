package io.meridian.plugin;

import io.meridian.spi.InvalidConfigException;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.NoSuchElementException;

/** How the plugin API answers: JSON on success, a problem document (RFC 9457) for each kind of failure. */
final class ApiAnswers {


    private ApiAnswers() {
    }

    static void answer(RoutingContext ctx, Future<JsonObject> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, ar.result());
            } else {
                failure(ctx, ar.cause());
            }
        });
    }

    static void failure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof InvalidConfigException invalid) {
            JsonObject problems = new JsonObject();
            invalid.problems().forEach(problems::put);
            problem(ctx, 400, "invalid-config", invalid.getMessage(), new JsonObject().put("problems", problems));
        } else if (cause instanceof PendingOutboxException pending) {
            problem(ctx, 409, "pending-outbox", pending.getMessage() + ": repeat with ?failPending=true to delete it "
                    + "anyway", new JsonObject().put("pending", pending.pending()));
        } else if (cause instanceof NoSuchElementException) {
            Problem.send(ctx, 404, "not-found", cause.getMessage());
        } else if (cause instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, "invalid-field", cause.getMessage());
        } else if (cause instanceof InstanceConflictException) {
            Problem.send(ctx, 409, "conflict", cause.getMessage());
        } else {
            internal(ctx, cause);
        }
    }

    /** A problem document with members of its own besides the standard ones. */
    private static void problem(RoutingContext ctx, int status, String type, String detail, JsonObject extra) {
        JsonObject body = new JsonObject()
                .put("type", "https://meridian.invalid/problems/" + type)
                .put("title", status == 400 ? "Bad Request" : "Conflict")
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.mergeIn(extra).encode());
    }

    static void internal(RoutingContext ctx, Throwable cause) {
        ctx.fail(cause); // the node's fault: logged once, with the id the problem document carries
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
