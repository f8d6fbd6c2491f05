package io.meridian.residency;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reading across regions from this node (docs/api.md, "Other regions"): the conversations homed in another region,
 * asked of that region's node, which applies its policy for this node's region and records the read
 * ({@link HomeRegionReads}); and the access records of this region's conversations read from elsewhere (admins).
 */
public final class RegionApi {

    private final RemoteRegions remote;
    private final CrossRegionReads reads;

    public RegionApi(RemoteRegions remote, CrossRegionReads reads) {
        this.remote = remote;
        this.reads = reads;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/regions").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::regions);
        router.get("/api/v1/regions/:region/conversations").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ))
                .handler(ctx -> answer(ctx, 200, remote.conversations(ctx.pathParam("region"),
                        ConsoleSecurity.agent(ctx))));
        router.get("/api/v1/regions/:region/conversations/:id/messages")
                .handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::messages);
        router.post("/api/v1/regions/:region/conversations/:id/messages")
                .handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::reply);
        router.post("/api/v1/regions/:region/conversations/:id/take")
                .handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(ctx -> answer(ctx, 200,
                        remote.take(ctx.pathParam("region"), ConsoleSecurity.agent(ctx), ctx.pathParam("id"))));
        router.get("/api/v1/conversations/:id/cross-region-reads").handler(ConsoleSecurity.require(Permission.AUDIT_VIEW))
                .handler(this::accessRecords);
    }

    private void regions(RoutingContext ctx) {
        send(ctx, 200, new JsonObject().put("region", remote.region())
                .put("otherRegions", new JsonArray(remote.otherRegions())));
    }

    private void messages(RoutingContext ctx) {
        long after;
        int limit;
        try {
            after = Long.parseLong(ctx.queryParams().get("after") == null ? "0" : ctx.queryParams().get("after"));
            limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "200" : ctx.queryParams().get("limit"));
        } catch (NumberFormatException e) {
            Problem.send(ctx, 400, "invalid-parameter", "after and limit must be whole numbers");
            return;
        }
        if (after < 0 || limit < 1 || limit > HomeRegionReads.MAX_MESSAGES) {
            Problem.send(ctx, 400, "invalid-parameter", "after must be 0 or more, limit 1-"
                    + HomeRegionReads.MAX_MESSAGES);
            return;
        }
        String language = ctx.queryParams().get("language");
        if (language != null && !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")) {
            Problem.send(ctx, 400, "invalid-parameter", "language must be a language tag such as en or pt-BR");
            return;
        }
        answer(ctx, 200, remote.messages(ctx.pathParam("region"), ConsoleSecurity.agent(ctx), ctx.pathParam("id"),
                after, limit, language, null));
    }

    private void reply(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        answer(ctx, 201, remote.reply(ctx.pathParam("region"), ConsoleSecurity.agent(ctx), ctx.pathParam("id"),
                body.getValue("clientMessageId"), body.getValue("text")));
    }

    /** Answers with what the path's region's node answered, or the problem that kept it from answering. */
    private static void answer(RoutingContext ctx, int status, Future<JsonObject> answered) {
        answered.onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, status, ar.result());
            } else if (ar.cause() instanceof RemoteRegions.Refused r) {
                Problem.send(ctx, r.status(), r.type(), r.getMessage());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void accessRecords(RoutingContext ctx) {
        reads.of(ctx.pathParam("id")).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray items = new JsonArray();
            ar.result().forEach(r -> items.add(new JsonObject().put("readerId", r.readerId())
                    .put("readerName", r.readerName()).put("readerRegion", r.readerRegion())
                    .put("access", r.access().label()).put("what", r.what()).put("at", r.at().toString())));
            send(ctx, 200, new JsonObject().put("reads", items));
        });
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(ConsoleSecurity.forReader(ctx, body, null).encode());
    }
}
