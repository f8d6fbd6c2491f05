package io.meridian.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: it can take traffic (the store can serve reads
 * and writes, probed off the event loop and cached briefly by the check given). Both are unauthenticated and say
 * nothing but status, for load balancers and systemd watchdogs.
 */
public final class HealthEndpoint {

    private final Supplier<Future<Void>> readinessCheck;

    public HealthEndpoint(Supplier<Future<Void>> readinessCheck) {
        this.readinessCheck = readinessCheck;
    }

    public void addRoutes(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> readinessCheck.get().onComplete(ar -> ctx.response()
                .setStatusCode(ar.succeeded() ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN").encode())));
    }
}
