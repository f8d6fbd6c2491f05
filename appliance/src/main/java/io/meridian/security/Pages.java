package io.meridian.security;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.web.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** Answers in the console's look (Velocity pages) or the API's (problem+json), chosen by the request's path. */
final class Pages {

    private final Templates templates;

    Pages(Templates templates) {
        this.templates = templates;
    }

    static boolean isApi(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith("/api/");
    }

    /** A model with what the layout needs: title, CSRF token, and the signed-in agent if there is one. */
    static Map<String, Object> model(RoutingContext ctx, String title, SignedInAgent agent) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("csrf", SessionState.csrfToken(ctx.session()));
        if (agent != null) {
            model.put("agent", agent);
        }
        model.put("t", ConsoleLocales.messages(ctx, agent == null ? null : agent.id()));
        return model;
    }

    void render(RoutingContext ctx, int status, String template, Map<String, ?> model) {
        String body = templates.render("console/" + template, model);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }

    /** An error as a console page or a problem document. */
    void refuse(RoutingContext ctx, int status, String problemType, String detail) {
        if (isApi(ctx)) {
            Problem.send(ctx, status, problemType, detail);
            return;
        }
        SignedInAgent agent = SessionState.agent(ctx);
        render(ctx, status, "error", Map.of("status", status, "title", statusTitle(status), "detail", detail,
                "t", ConsoleLocales.messages(ctx, agent == null ? null : agent.id())));
    }

    private static String statusTitle(int status) {
        return switch (status) {
            case 403 -> "Forbidden";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
