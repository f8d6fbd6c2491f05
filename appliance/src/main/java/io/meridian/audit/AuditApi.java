package io.meridian.audit;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The audit trail over HTTP, for admins and a SIEM: {@code GET /api/v1/audit} as JSON lines from a place on, and
 * {@code GET /api/v1/audit/verification}.
 */
public final class AuditApi {

    static final int MAX_LINES = 10_000;

    private final AuditTrail trail;

    public AuditApi(AuditTrail trail) {
        this.trail = trail;
    }

    public void addRoutes(Router router) {
        router.get("/api/v1/audit").handler(ConsoleSecurity.require(Permission.AUDIT_VIEW)).handler(this::export);
        router.get("/api/v1/audit/verification").handler(ConsoleSecurity.require(Permission.AUDIT_VIEW))
                .handler(this::verification);
    }

    private void export(RoutingContext ctx) {
        long after;
        int limit;
        try {
            after = Long.parseLong(ctx.queryParams().get("after") == null ? "0" : ctx.queryParams().get("after"));
            limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "1000" : ctx.queryParams().get("limit"));
        } catch (NumberFormatException e) {
            Problem.send(ctx, 400, "invalid-field", "after and limit are whole numbers");
            return;
        }
        if (after < 0 || limit < 1 || limit > MAX_LINES) {
            Problem.send(ctx, 400, "invalid-field", "after from 0, limit 1-" + MAX_LINES);
            return;
        }
        trail.drain().compose(n -> trail.after(after, limit)).onSuccess(entries -> {
            StringBuilder lines = new StringBuilder();
            entries.forEach(e -> lines.append(new JsonObject().put("seq", e.seq()).put("at", e.at().toString())
                    .put("message", e.message()).put("prevHash", e.prevHash()).put("hash", e.hash()).encode())
                    .append('\n'));
            ctx.response().putHeader("Content-Type", "application/x-ndjson; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(lines.toString());
        }).onFailure(ctx::fail);
    }

    private void verification(RoutingContext ctx) {
        trail.drain().compose(n -> trail.verify()).onSuccess(v -> ctx.response()
                .putHeader("Content-Type", "application/json").end(new JsonObject().put("intact", v.intact())
                        .put("checked", v.checked()).put("brokenAt", v.brokenAt().isPresent()
                                ? v.brokenAt().getAsLong() : null)
                        .put("latestHash", v.latestHash()).encode())).onFailure(ctx::fail);
    }
}
