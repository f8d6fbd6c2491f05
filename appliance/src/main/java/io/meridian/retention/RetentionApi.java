package io.meridian.retention;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * REST for retention (docs/api.md), admins only: {@code GET /api/v1/privacy/retention} (the policies and the latest
 * runs), {@code POST .../dry-run} (what would go now, per region), {@code POST .../runs} (run now). Both posts answer
 * when the run ended; 409 while another run goes on. They take no body: a run follows the configured policies.
 */
public final class RetentionApi {

    static final String BASE = "/api/v1/privacy/retention";

    private final RetentionJob job;

    public RetentionApi(RetentionJob job) {
        this.job = job;
    }

    public void addRoutes(Router router) {
        router.get(BASE).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(this::overview);
        router.post(BASE + "/dry-run").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx -> run(ctx, true));
        router.post(BASE + "/runs").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx -> run(ctx, false));
    }

    private void overview(RoutingContext ctx) {
        job.latestRuns().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray runs = new JsonArray();
            ar.result().forEach(r -> runs.add(r.toJson()));
            RetentionSettings settings = job.settings();
            json(ctx, 200, new JsonObject().put("policies", policies(settings.policies()))
                    .put("runAt", settings.runAt().toString()).put("batchSize", settings.batchSize())
                    .put("running", job.busy()).put("runs", runs));
        });
    }

    static JsonObject policies(RetentionPolicies policies) {
        JsonObject regions = new JsonObject();
        for (Map.Entry<String, RetentionPolicy> e : policies.regions().entrySet()) {
            regions.put(e.getKey(), policy(e.getValue()));
        }
        return new JsonObject().put("default", policy(policies.defaults())).put("regions", regions);
    }

    private static JsonObject policy(RetentionPolicy p) {
        return new JsonObject().put("transcriptsDays", p.transcriptsDays()).put("attachmentsDays",
                p.attachmentsDays()).put("closedTicketsDays", p.closedTicketsDays());
    }

    private void run(RoutingContext ctx, boolean dry) {
        if (ctx.body() != null && ctx.body().length() > 0 && !ctx.body().asString().isBlank()) {
            // A run follows the configured policies only: a body would suggest it could be told otherwise.
            Problem.send(ctx, 400, "invalid-body", "a retention run takes no body; it follows the configured "
                    + "policies (privacy.retention.*)");
            return;
        }
        Future<RetentionRun> ran = job.run(ConsoleSecurity.agent(ctx).id(), dry);
        ran.onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, dry ? 200 : 201, ar.result().toJson());
            } else if (ar.cause() instanceof RetentionBusyException) {
                Problem.send(ctx, 409, "retention-running", ar.cause().getMessage());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
