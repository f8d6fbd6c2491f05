package io.meridian.contact;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Role;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The contact page {@code /console/contacts/{id}}: every conversation of the customer on every channel with its
 * messages, the merges that made it, and a form to merge it into another contact. Agents only; the form carries
 * the session's CSRF token.
 */
public final class ContactPages {


    private final ContactDirectory directory;
    private final Templates templates;

    public ContactPages(ContactDirectory directory, Templates templates) {
        this.directory = directory;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get("/console/contacts/:id").handler(ConsoleSecurity.requireRole(Role.AGENT)).handler(this::page);
        router.post("/console/contacts/:id/merge").handler(ConsoleSecurity.requireRole(Role.AGENT)).handler(this::merge);
    }

    private void page(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        directory.history(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once with an id the error page shows
            } else if (ar.result().isEmpty()) {
                message(ctx, 404, "There is no such contact.");
            } else {
                Map<String, Object> model = model(ctx, "Contact");
                model.put("contact", ar.result().get());
                model.put("merged", ctx.queryParams().contains("merged"));
                String find = ctx.queryParams().get("find");
                model.put("find", "");
                if (find == null || find.isBlank()) {
                    html(ctx, 200, templates.render("console/contact", model));
                    return;
                }
                // The other contact for a merge, found by e-mail or visitor number: never this one.
                model.put("find", find.strip());
                directory.find(find).onComplete(found -> {
                    if (found.failed()) {
                        ctx.fail(found.cause());
                        return;
                    }
                    model.put("found", found.result().stream().filter(f -> !f.contactId().equals(id)).toList());
                    model.put("searched", true);
                    html(ctx, 200, templates.render("console/contact", model));
                });
            }
        });
    }

    private void merge(RoutingContext ctx) {
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        String raw = ctx.request().getFormAttribute("into");
        String into = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!ContactDirectory.isContactId(into)) {
            message(ctx, 400, "Give the id of the contact to merge into (a UUID, as shown on its contact page).");
            return;
        }
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        directory.merge(id, into, agent.id(), agent.username()).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect("/console/contacts/" + into + "?merged");
            } else if (ar.cause() instanceof MergeRefusedException refused) {
                message(ctx, refused.unknown() ? 404 : 409, refused.getMessage());
            } else if (ar.cause() instanceof IllegalArgumentException bad) {
                message(ctx, 400, bad.getMessage());
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once with an id the error page shows
            }
        });
    }

    private Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    private void message(RoutingContext ctx, int status, String text) {
        Map<String, Object> model = model(ctx, status >= 500 ? "Something went wrong" : "Not done");
        model.put("message", text);
        html(ctx, status, templates.render("console/message", model));
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
