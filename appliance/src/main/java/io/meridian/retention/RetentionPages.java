package io.meridian.retention;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's retention page (admins, docs/privacy.md#retention): the policies per home region, a dry run with
 * what it would erase, a run now, and the latest runs.
 */
public final class RetentionPages {

    private static final String BASE = "/console/privacy/retention";
    private static final String RUNNING = "A retention run is still going on: wait for it to end.";
    private static final String CONFIRM = "Tick the box to confirm that what is due is erased for good.";

    private final RetentionJob job;
    private final Templates templates;

    public RetentionPages(RetentionJob job, Templates templates) {
        this.job = job;
        this.templates = templates;
    }

    /** One line of the policies' table; {@code region} is null for the default (every region not listed). */
    public record PolicyRow(String region, int transcriptsDays, int attachmentsDays, int closedTicketsDays) {
        public boolean isDefault() {
            return region == null;
        }
    }

    public void addRoutes(Router router) {
        router.get(BASE).handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx -> page(ctx, null));
        router.post(BASE + "/dry-run").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx ->
                job.run(agent(ctx).id(), true).onComplete(ar -> {
                    if (ar.succeeded()) {
                        page(ctx, ar.result());
                    } else {
                        failure(ctx, ar.cause());
                    }
                }));
        router.post(BASE + "/runs").handler(ConsoleSecurity.require(Permission.PRIVACY_REQUESTS)).handler(ctx -> {
            // What a run erases cannot be brought back: the console asks as it does before an erasure.
            if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
                message(ctx, 400, CONFIRM);
                return;
            }
            job.run(agent(ctx).id(), false).onComplete(ar -> {
                if (ar.succeeded()) {
                    ctx.redirect(BASE);
                } else {
                    failure(ctx, ar.cause());
                }
            });
        });
    }

    private void page(RoutingContext ctx, RetentionRun dryRun) {
        job.latestRuns().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Map<String, Object> model = model(ctx, "Retention");
            RetentionSettings settings = job.settings();
            List<PolicyRow> policies = new ArrayList<>();
            settings.policies().regions().forEach((region, p) -> policies.add(row(region, p)));
            policies.add(row(null, settings.policies().defaults()));
            model.put("policies", policies);
            model.put("runAt", settings.runAt().toString());
            model.put("keepsAll", settings.policies().keepsAll());
            model.put("busy", job.busy());
            model.put("runs", ar.result());
            if (dryRun != null) {
                model.put("result", dryRun);
            }
            html(ctx, 200, templates.render("console/privacy-retention", model));
        });
    }

    private static PolicyRow row(String region, RetentionPolicy p) {
        return new PolicyRow(region, p.transcriptsDays(), p.attachmentsDays(), p.closedTicketsDays());
    }

    private void failure(RoutingContext ctx, Throwable cause) {
        if (cause instanceof RetentionBusyException) {
            message(ctx, 409, RUNNING);
        } else {
            ctx.fail(cause);
        }
    }

    private void message(RoutingContext ctx, int status, String text) {
        Map<String, Object> model = model(ctx, "Not done");
        model.put("message", text);
        html(ctx, status, templates.render("console/message", model));
    }

    private static SignedInAgent agent(RoutingContext ctx) {
        return ConsoleSecurity.agent(ctx);
    }

    private Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
