package io.meridian.routing;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** What routing's console pages share: the layout's model, form fields, HTML answers and the refusal page. */
final class ConsolePage {

    private ConsolePage() {
    }

    /** The model the layout needs: title, signed-in agent, CSRF token, and the texts in the agent's language. */
    static Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        return model;
    }

    static String field(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v;
    }

    static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }

    /** A page saying why an action was not done. */
    static void message(Templates templates, RoutingContext ctx, int status, String text) {
        Map<String, Object> model = model(ctx, status >= 500 ? "Something went wrong" : "Not done");
        model.put("message", text);
        html(ctx, status, templates.render("console/message", model));
    }

    /** The refusal page for a failed conversation action: 404, 409 or 400 with the reason; else the node's fault. */
    static void failure(Templates templates, RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            message(templates, ctx, 404, "There is no such conversation.");
        } else if (cause instanceof IllegalArgumentException || cause instanceof RoutingConflictException) {
            message(templates, ctx, cause instanceof RoutingConflictException ? 409 : 400, cause.getMessage());
        } else {
            ctx.fail(cause); // the node's fault: logged once with an id the error page shows
        }
    }
}
