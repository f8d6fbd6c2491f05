package io.meridian.translation;

import io.meridian.language.ConsoleLocales;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.web.Templates;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /console/glossary}: the glossary terms of every language pair, and (admins) a CSV import for one pair and
 * removal of a term. Forms carry the session's CSRF token like every console form.
 */
public final class GlossaryPages {

    static final String PATH = "/console/glossary";
    private static final Logger LOG = LoggerFactory.getLogger(GlossaryPages.class);

    private final GlossaryStore glossary;
    private final Templates templates;

    public GlossaryPages(GlossaryStore glossary, Templates templates) {
        this.glossary = glossary;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.requireRole(Role.AGENT)).handler(ctx -> render(ctx, 200, "", 0));
        router.post(PATH + "/import").handler(ConsoleSecurity.requireRole(Role.ADMIN)).handler(this::importCsv);
        router.post(PATH + "/:id/delete").handler(ConsoleSecurity.requireRole(Role.ADMIN)).handler(this::delete);
    }

    private void importCsv(RoutingContext ctx) {
        LanguagePair pair;
        List<GlossaryTerm> terms;
        try {
            pair = LanguagePair.of(field(ctx, "source"), field(ctx, "target"));
        } catch (IllegalArgumentException e) {
            render(ctx, 400, "glossary.error.pair", 0);
            return;
        }
        try {
            terms = GlossaryCsv.parse(field(ctx, "csv"));
        } catch (IllegalArgumentException e) {
            render(ctx, 400, "glossary.error.csv", 0, e.getMessage());
            return;
        }
        if (terms.isEmpty()) {
            render(ctx, 400, "glossary.error.empty", 0);
            return;
        }
        glossary.put(pair, terms).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?imported=" + ar.result());
            } else {
                LOG.error("Importing glossary terms for {} failed", pair, ar.cause());
                render(ctx, 500, "glossary.error.failed", 0);
            }
        });
    }

    private void delete(RoutingContext ctx) {
        glossary.delete(ctx.pathParam("id")).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH);
            } else {
                LOG.error("Removing a glossary term failed", ar.cause());
                render(ctx, 500, "glossary.error.failed", 0);
            }
        });
    }

    private void render(RoutingContext ctx, int status, String errorKey, int ignored) {
        render(ctx, status, errorKey, ignored, "");
    }

    private void render(RoutingContext ctx, int status, String errorKey, int ignored, String errorDetail) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        glossary.all().onComplete(ar -> {
            Map<String, Object> model = new HashMap<>();
            model.put("title", "Glossary");
            model.put("agent", agent);
            model.put("csrf", ConsoleSecurity.csrfToken(ctx));
            model.put("t", ConsoleLocales.messages(ctx, agent.id()));
            model.put("entries", ar.succeeded() ? ar.result() : List.of());
            model.put("admin", agent.role() == Role.ADMIN);
            String imported = ctx.request().getParam("imported");
            model.put("imported", status == 200 && imported != null && imported.matches("\\d{1,6}") ? imported : "");
            model.put("error", ar.failed() ? "glossary.error.failed" : errorKey);
            model.put("errorDetail", errorDetail == null ? "" : errorDetail);
            ctx.response().setStatusCode(ar.failed() ? 500 : status)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(templates.render("console/glossary", model));
        });
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
