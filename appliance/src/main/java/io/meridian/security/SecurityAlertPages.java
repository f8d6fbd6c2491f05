package io.meridian.security;

import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The security alerts raised, for accounts with {@code audit.view} (docs/security.md#security-alerts): the console
 * page {@code /console/security-alerts} and {@code /api/v1/security-alerts}, newest first, each acknowledged once
 * someone has taken care of it. The console's navigation shows how many nobody has acknowledged yet.
 */
final class SecurityAlertPages {

    static final String PAGE = "/console/security-alerts";
    static final String API = "/api/v1/security-alerts";
    /** How many alerts the page and the API list. */
    static final int LISTED = 200;

    private final SecurityAlerts alerts;
    private final Pages pages;

    SecurityAlertPages(SecurityAlerts alerts, Pages pages) {
        this.alerts = alerts;
        this.pages = pages;
    }

    void addRoutes(Router router) {
        router.get(PAGE).handler(ConsoleSecurity.require(Permission.AUDIT_VIEW)).handler(this::page);
        router.post(PAGE + "/:id/acknowledgement").handler(ConsoleSecurity.require(Permission.AUDIT_VIEW))
                .handler(ctx -> acknowledge(ctx, false));
        router.get(API).handler(ConsoleSecurity.require(Permission.AUDIT_VIEW)).handler(this::list);
        router.post(API + "/:id/acknowledgement").handler(ConsoleSecurity.require(Permission.AUDIT_VIEW))
                .handler(ctx -> acknowledge(ctx, true));
    }

    private void page(RoutingContext ctx) {
        alerts.latest(LISTED).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Map<String, Object> model = Pages.model(ctx, "Security alerts", ConsoleSecurity.agent(ctx));
            model.put("alerts", ar.result());
            model.put("acknowledged", ctx.queryParams().contains("acknowledged"));
            pages.render(ctx, 200, "security-alerts", model);
        });
    }

    private void list(RoutingContext ctx) {
        alerts.latest(LISTED).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray items = new JsonArray();
            ar.result().forEach(a -> items.add(json(a)));
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("unacknowledged", alerts.unacknowledged()).put("alerts", items).encode());
        });
    }

    private void acknowledge(RoutingContext ctx, boolean api) {
        String id = ctx.pathParam("id");
        alerts.acknowledge(id, ConsoleSecurity.agent(ctx)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                pages.refuse(ctx, 404, "not-found", api ? "no security alert " + id : "Not found.");
            } else if (api) {
                ctx.response().putHeader("Content-Type", "application/json").end(json(ar.result().get()).encode());
            } else {
                ctx.redirect(PAGE + "?acknowledged");
            }
        });
    }

    private static JsonObject json(RaisedAlert a) {
        return new JsonObject().put("id", a.id()).put("raisedAt", a.raisedAt().toString()).put("kind", a.kind())
                .put("username", a.username()).put("detail", a.detail())
                .put("acknowledgedAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString())
                .put("acknowledgedBy", a.acknowledgedBy());
    }
}
