package io.meridian.canned;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /console/canned-replies}: the agent's canned replies (shared, their teams', their own) and the form to keep
 * one, with a text per console language. Plain HTML forms with the CSRF field.
 */
public final class CannedReplyPages {

    static final String PATH = "/console/canned-replies";

    private final CannedReplies replies;
    private final Templates templates;
    private final Supplier<List<Map.Entry<String, String>>> teams;

    /** {@code teams}: the teams of the setup in force, id and name, for the scope of a team's reply. */
    public CannedReplyPages(CannedReplies replies, Templates templates, Supplier<List<Map.Entry<String, String>>> teams) {
        this.replies = replies;
        this.templates = templates;
        this.teams = teams;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(ctx -> page(ctx, 200, null, null));
        router.post(PATH).handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::save);
        router.post(PATH + "/:id/delete").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::delete);
    }

    private void save(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String id = field(ctx, "id");
        // The form shows the console's languages; texts the API gave in others stay as they are.
        replies.usableBy(agent).map(all -> all.stream().filter(r -> r.id().equals(id)).findFirst()
                .map(CannedReply::texts).orElse(Map.of())).onComplete(kept -> {
            if (kept.failed()) {
                ctx.fail(kept.cause());
                return;
            }
            Map<String, String> texts = new LinkedHashMap<>(kept.result());
            for (ConsoleLanguage language : ConsoleLanguage.values()) {
                texts.put(language.tag(), field(ctx, "text-" + language.tag()));
            }
            save(ctx, agent, new CannedReplies.Draft(id, field(ctx, "shortcut"), field(ctx, "title"),
                    field(ctx, "scope"), field(ctx, "teamId"), texts));
        });
    }

    private void save(RoutingContext ctx, SignedInAgent agent, CannedReplies.Draft draft) {
        replies.save(agent, draft).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?saved=1");
            } else if (ar.cause() instanceof IllegalArgumentException || ar.cause() instanceof SecurityException) {
                page(ctx, ar.cause() instanceof SecurityException ? 403 : 400, ar.cause().getMessage(), draft);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void delete(RoutingContext ctx) {
        replies.delete(ConsoleSecurity.agent(ctx), ctx.pathParam("id")).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH);
            } else if (ar.cause() instanceof SecurityException refused) {
                page(ctx, 403, refused.getMessage(), null);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** The list and the form: empty, the reply named by {@code ?edit=}, or what was just refused. */
    private void page(RoutingContext ctx, int status, String error, CannedReplies.Draft refused) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        replies.usableBy(agent).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            String edit = ctx.queryParams().get("edit");
            CannedReply editing = ar.result().stream().filter(r -> r.id().equals(edit)).findFirst().orElse(null);
            Map<String, Object> model = new HashMap<>();
            model.put("title", "Canned replies");
            model.put("agent", agent);
            model.put("csrf", ConsoleSecurity.csrfToken(ctx));
            model.put("t", ConsoleLocales.messages(ctx, agent.id()));
            model.put("replies", ar.result());
            model.put("languages", Arrays.asList(ConsoleLanguage.values()));
            model.put("teams", teams.get());
            model.put("isAdmin", agent.may(Permission.CANNED_REPLIES_MANAGE));
            model.put("saved", ctx.queryParams().contains("saved"));
            model.put("error", error == null ? "" : error);
            model.put("form", refused != null ? refused : editing == null ? new CannedReplies.Draft("", "", "",
                    "personal", "", Map.of()) : new CannedReplies.Draft(editing.id(), editing.shortcut(),
                    editing.title(), editing.scope(), editing.teamId() == null ? "" : editing.teamId(),
                    editing.texts()));
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(templates.render("console/canned-replies", model));
        });
    }

    private static String field(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v;
    }
}
