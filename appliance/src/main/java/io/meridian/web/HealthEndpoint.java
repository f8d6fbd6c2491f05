package io.meridian.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: it can take traffic (the store can serve reads
 * and writes, probed off the event loop and cached briefly by the check given); on a clustered node it also says how
 * many nodes are members. Both are unauthenticated and say nothing but that, for load balancers and systemd
 * watchdogs.
 */
public final class HealthEndpoint {

    private final Supplier<Future<Void>> readinessCheck;
    private final IntSupplier clusterMembers;

    public HealthEndpoint(Supplier<Future<Void>> readinessCheck) {
        this(readinessCheck, () -> 0);
    }

    /** {@code clusterMembers}: the cluster's size now, 0 when the node is not clustered. */
    public HealthEndpoint(Supplier<Future<Void>> readinessCheck, IntSupplier clusterMembers) {
        this.readinessCheck = readinessCheck;
        this.clusterMembers = clusterMembers;
    }

    public void addRoutes(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> readinessCheck.get().onComplete(ar -> {
            JsonObject body = new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN");
            int members = clusterMembers.getAsInt();
            if (members > 0) {
                body.put("clusterMembers", members);
            }
            ctx.response().setStatusCode(ar.succeeded() ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(body.encode());
        }));
    }
}
