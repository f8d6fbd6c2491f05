package io.meridian.plugin;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** What the plugin admin pages share: the page model, rendering, refusals and the redirect back to the list. */
final class AdminPageKit {


    private final Templates templates;

    AdminPageKit(Templates templates) {
        this.templates = templates;
    }

    /** Title, CSRF token, the agent, the agent's language and time zone ($t), and link helpers. */
    Map<String, Object> model(RoutingContext ctx, String title) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("agent", agent);
        model.put("links", new PluginAdminPages.Links());
        model.put("t", ConsoleLocales.messages(ctx, agent == null ? null : agent.id()));
        return model;
    }

    void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("console/" + template, model));
    }

    /** The error page for a failed admin action: 404, 409 for a conflict or bad value, 500 otherwise. */
    void failed(RoutingContext ctx, Throwable cause) {
        if (cause instanceof NoSuchElementException) {
            refuse(ctx, 404, cause.getMessage());
        } else if (cause instanceof InstanceConflictException || cause instanceof IllegalArgumentException) {
            refuse(ctx, 409, cause.getMessage());
        } else {
            ctx.fail(cause); // the node's fault: logged once, with the id the error page shows
        }
    }

    void refuse(RoutingContext ctx, int status, String detail) {
        String title = status == 404 ? "Not Found" : status == 409 ? "Conflict" : "Error";
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("console/error", Map.of("status", status, "title", title, "detail", detail,
                        "t", ConsoleLocales.messages(ctx, agentId(ctx)))));
    }

    private static String agentId(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        return agent == null ? null : agent.id();
    }

    /** Back to the plugins page, announcing what happened to {@code id} (the page checks the id exists). */
    static void redirect(RoutingContext ctx, String id, String what) {
        ctx.redirect(PluginAdminPages.PATH + "?changed=" + url(id) + "&what=" + url(what));
    }

    static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }

    static String url(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
