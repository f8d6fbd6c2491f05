package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /console/roles}: the admin's list of defined roles with a form to create one, {@code /console/roles/{id}}
 * the same page with that role in the form to change it, and its deletion.
 */
final class RolePages {

    static final String PATH = "/console/roles";

    private final RoleCatalog roles;
    private final Pages pages;
    /** The routing setup's teams (id, name), offered as the scope's checkboxes. */
    private final Supplier<List<Map.Entry<String, String>>> teams;

    RolePages(RoleCatalog roles, Pages pages, Supplier<List<Map.Entry<String, String>>> teams) {
        this.roles = roles;
        this.pages = pages;
        this.teams = teams;
    }

    void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> render(ctx, 200, null, Form.EMPTY));
        router.post(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::create);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::edit);
        router.post(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::update);
        router.post(PATH + "/:id/delete").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(this::delete);
    }

    private void edit(RoutingContext ctx) {
        roles.get(ctx.pathParam("id")).ifPresentOrElse(role -> render(ctx, 200, null, Form.of(role)),
                () -> render(ctx, 404, "There is no such role.", Form.EMPTY));
    }

    private void create(RoutingContext ctx) {
        Form form = Form.from(ctx, "");
        RoleDraft draft = draft(ctx, form);
        if (draft != null) {
            saved(ctx, form, roles.create(ConsoleSecurity.agent(ctx), draft));
        }
    }

    private void update(RoutingContext ctx) {
        Form form = Form.from(ctx, ctx.pathParam("id"));
        RoleDraft draft = draft(ctx, form);
        if (draft != null) {
            saved(ctx, form, roles.update(ConsoleSecurity.agent(ctx), form.id(), draft));
        }
    }

    private void delete(RoutingContext ctx) {
        roles.delete(ConsoleSecurity.agent(ctx), ctx.pathParam("id")).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?deleted=" + URLEncoder.encode(ar.result().name(), StandardCharsets.UTF_8));
            } else {
                refused(ctx, ar.cause(), Form.EMPTY);
            }
        });
    }

    /** The form's role checked, or null after showing the page again with the refusal. */
    private RoleDraft draft(RoutingContext ctx, Form form) {
        try {
            return RoleDraft.of(form.name(), form.description(), form.permissions(), form.teams(),
                    Arrays.asList(form.regions().split("[,\\s]+")));
        } catch (RoleRefusal refusal) {
            render(ctx, 400, refusal.sentence(), form);
            return null;
        }
    }

    private void saved(RoutingContext ctx, Form form, Future<ConsoleRole> saving) {
        saving.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?saved=" + URLEncoder.encode(ar.result().name(), StandardCharsets.UTF_8));
            } else {
                refused(ctx, ar.cause(), form);
            }
        });
    }

    private void refused(RoutingContext ctx, Throwable cause, Form form) {
        if (cause instanceof RoleRefusal refusal) {
            render(ctx, refusal.kind().status(), refusal.sentence(), form);
        } else if (cause instanceof NoSuchElementException) {
            render(ctx, 404, "There is no such role.", Form.EMPTY);
        } else {
            ctx.fail(cause); // the node's fault: logged once, with the id the error page shows
        }
    }

    /**
     * The page: the roles with their holders, and the form. {@code saved} (a role's name) is announced only for a
     * role in the list, {@code deleted} only for one not in it, so a crafted link cannot make the page say something
     * untrue.
     */
    private void render(RoutingContext ctx, int status, String error, Form form) {
        roles.holders().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<Map.Entry<String, String>> setupTeams = teams.get();
            List<RoleSummary> rows = new ArrayList<>();
            for (ConsoleRole role : roles.list()) {
                List<String> labels = role.teams().stream().map(id -> setupTeams.stream()
                        .filter(t -> t.getKey().equals(id)).map(Map.Entry::getValue).findFirst().orElse(id)).toList();
                rows.add(new RoleSummary(role, ar.result().getOrDefault(role.id(), 0), labels));
            }
            // The setup's teams, then any the role names that the setup no longer has (so saving keeps them).
            List<TeamChoice> choices = new ArrayList<>();
            setupTeams.forEach(t -> choices.add(new TeamChoice(t.getKey(), t.getValue())));
            form.teams().stream().filter(id -> choices.stream().noneMatch(c -> c.id().equals(id)))
                    .forEach(id -> choices.add(new TeamChoice(id, id)));
            Map<String, Object> model = Pages.model(ctx, "Roles", ConsoleSecurity.agent(ctx));
            model.put("roles", rows);
            model.put("builtIn", List.of(Access.of(Role.AGENT), Access.of(Role.ADMIN)));
            model.put("permissions", Arrays.stream(Permission.values()).map(Permission::key).toList());
            model.put("teams", choices);
            model.put("formId", form.id());
            model.put("formName", form.name());
            model.put("formDescription", form.description());
            model.put("formPermissions", form.permissions());
            model.put("formTeams", form.teams());
            model.put("formRegions", form.regions());
            if (error != null) {
                model.put("error", error);
            }
            String saved = ctx.request().getParam("saved");
            if (saved != null && rows.stream().anyMatch(r -> r.role().name().equals(saved))) {
                model.put("saved", saved);
            }
            String deleted = ctx.request().getParam("deleted");
            if (deleted != null && !deleted.isBlank() && rows.stream().noneMatch(r -> r.role().name().equals(deleted))) {
                model.put("deleted", deleted);
            }
            pages.render(ctx, status, "roles", model);
        });
    }

    /** What the admin typed (or the role being changed), to fill the form. {@code id} is empty for a new role. */
    private record Form(String id, String name, String description, Set<String> permissions, Set<String> teams,
            String regions) {

        static final Form EMPTY = new Form("", "", "", Set.of(), Set.of(), "");

        static Form of(ConsoleRole role) {
            return new Form(role.id(), role.name(), role.description(), role.permissionKeys(), role.teams(),
                    String.join(", ", role.regions()));
        }

        static Form from(RoutingContext ctx, String id) {
            return new Form(id, field(ctx, "name"), field(ctx, "description"),
                    new LinkedHashSet<>(ctx.request().formAttributes().getAll("permission")),
                    new LinkedHashSet<>(ctx.request().formAttributes().getAll("team")), field(ctx, "regions"));
        }

        private static String field(RoutingContext ctx, String name) {
            String value = ctx.request().getFormAttribute(name);
            return value == null ? "" : value;
        }
    }
}
