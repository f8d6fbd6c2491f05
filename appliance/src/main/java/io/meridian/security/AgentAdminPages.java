package io.meridian.security;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /console/agents}: the admin's list of accounts and the form to create one. */
final class AgentAdminPages {

    static final String PATH = "/console/agents";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AgentAccounts accounts;
    private final Pages pages;

    AgentAdminPages(AgentAccounts accounts, Pages pages) {
        this.accounts = accounts;
        this.pages = pages;
    }

    void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::list);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::create);
        router.post(PATH + "/:id/deactivate").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> act(ctx, "deactivated", accounts.setActive(ConsoleSecurity.agent(ctx),
                        ctx.pathParam("id"), false).map(SignedInAgent::username)));
        router.post(PATH + "/:id/reactivate").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> act(ctx, "reactivated", accounts.setActive(ConsoleSecurity.agent(ctx),
                        ctx.pathParam("id"), true).map(SignedInAgent::username)));
        router.post(PATH + "/:id/unlock").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> act(ctx, "unlocked", accounts.unlock(ConsoleSecurity.agent(ctx), ctx.pathParam("id"))
                        .compose(was -> accounts.find(ctx.pathParam("id")))
                        .map(found -> found.map(SignedInAgent::username).orElse(""))));
        router.post(PATH + "/:id/role").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(this::changeRole);
        router.post(PATH + "/:id/password-reset").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(this::resetPassword);
    }

    private void list(RoutingContext ctx) {
        render(ctx, 200, null, new NewAccountForm("", "", Role.AGENT.name()), ctx.request().getParam("created"));
    }

    /** Runs an admin action on one account, then shows the list saying what was done (or why not). */
    private void act(RoutingContext ctx, String done, Future<String> action) {
        action.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?" + done + "=" + URLEncoder.encode(ar.result(), StandardCharsets.UTF_8));
            } else if (ar.cause() instanceof NoSuchElementException) {
                render(ctx, 404, "There is no such account.", emptyForm(), null);
            } else if (ar.cause() instanceof IllegalArgumentException refused) {
                render(ctx, 400, refused.getMessage(), emptyForm(), null);
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    /** The one-time password is shown on this answer only: never in a URL, a log or a later page. */
    private void resetPassword(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        accounts.resetPassword(ConsoleSecurity.agent(ctx), id).compose(password -> accounts.find(id)
                .map(found -> Map.entry(found.map(SignedInAgent::username).orElse(""), password)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.response().putHeader("Cache-Control", "no-store");
                        renderWith(ctx, 200, null, emptyForm(), null, Map.of("resetFor", ar.result().getKey(),
                                "oneTimePassword", ar.result().getValue(),
                                "validHours", AgentAccounts.ONE_TIME_PASSWORD_VALIDITY.toHours()));
                    } else if (ar.cause() instanceof NoSuchElementException) {
                        render(ctx, 404, "There is no such account.", emptyForm(), null);
                    } else if (ar.cause() instanceof HashingBusyException busy) {
                        ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                        render(ctx, 503, LoginPages.BUSY, emptyForm(), null);
                    } else {
                        ctx.fail(ar.cause());
                    }
                });
    }

    /** The account's new role from the row's select; its sessions end. */
    private void changeRole(RoutingContext ctx) {
        RoleChoice choice;
        try {
            choice = AccountRules.parseRoleChoice(field(ctx, "role"));
        } catch (AccountInputException e) {
            render(ctx, 400, LoginPages.sentence(e), emptyForm(), null);
            return;
        }
        Future<String> changed = accounts.changeRole(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), choice)
                .map(SignedInAgent::username);
        changed.onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof AccountInputException invalid) {
                render(ctx, 400, LoginPages.sentence(invalid), emptyForm(), null);
            } else {
                act(ctx, "role-changed", changed);
            }
        });
    }

    private static NewAccountForm emptyForm() {
        return new NewAccountForm("", "", Role.AGENT.name());
    }

    private void create(RoutingContext ctx) {
        NewAccountForm form = new NewAccountForm(field(ctx, "username"), field(ctx, "displayName"), field(ctx, "role"));
        char[] password = field(ctx, "password").toCharArray();
        RoleChoice role;
        try {
            role = AccountRules.parseRoleChoice(form.role());
        } catch (AccountInputException e) {
            render(ctx, 400, LoginPages.sentence(e), form, null);
            return;
        }
        SignedInAgent admin = ConsoleSecurity.agent(ctx);
        accounts.createWithRole(form.username(), form.displayName(), role, password).onComplete(ar -> {
            Arrays.fill(password, '\0');
            if (ar.succeeded()) {
                AUDIT.info("Admin '{}' created {} account '{}'", admin.username(), ar.result().access().roleName(),
                        ar.result().username());
                ctx.redirect(PATH + "?created=" + URLEncoder.encode(ar.result().username(), StandardCharsets.UTF_8));
            } else if (ar.cause() instanceof DuplicateAccountException duplicate) {
                render(ctx, 409, "The username '" + duplicate.username() + "' is taken.", form, null);
            } else if (ar.cause() instanceof AccountInputException invalid) {
                render(ctx, 400, LoginPages.sentence(invalid), form, null);
            } else if (ar.cause() instanceof HashingBusyException busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                render(ctx, 503, LoginPages.BUSY, form, null);
            } else {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
            }
        });
    }

    /**
     * The page with the current list. {@code created} names the account just created; it is shown only if it is in
     * the list, so a crafted link cannot make the page announce something untrue.
     */
    private void render(RoutingContext ctx, int status, String error, NewAccountForm form, String created) {
        renderWith(ctx, status, error, form, created, Map.of());
    }

    private void renderWith(RoutingContext ctx, int status, String error, NewAccountForm form, String created,
            Map<String, Object> extra) {
        accounts.statuses().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause()); // the node's fault: logged once, with the id the error page shows
                return;
            }
            List<SignedInAgent> agents = ar.result().stream().map(AccountStatus::agent).toList();
            Map<String, Object> model = Pages.model(ctx, "Agents", ConsoleSecurity.agent(ctx));
            model.put("agents", agents);
            model.put("accounts", ar.result());
            model.put("self", ConsoleSecurity.agent(ctx).id());
            model.putAll(extra);
            for (String done : List.of("deactivated", "reactivated", "unlocked", "role-changed")) {
                String who = ctx.request().getParam(done);
                // Only a name in the list is announced, so a crafted link cannot make the page say something untrue.
                if (who != null && agents.stream().anyMatch(a -> a.username().equals(who))) {
                    model.put("done", done);
                    model.put("doneFor", who);
                }
            }
            model.put("roles", roleOptions());
            model.put("formUsername", form.username());
            model.put("formDisplayName", form.displayName());
            model.put("formRole", form.role());
            model.put("minChars", AccountRules.MIN_PASSWORD_CHARS);
            if (error != null) {
                model.put("error", error);
            }
            if (created != null && agents.stream().anyMatch(a -> a.username().equals(created))) {
                model.put("created", created);
            }
            pages.render(ctx, status, "agents", model);
        });
    }

    /** The roles an account may be given: the built-in ones, then the defined ones by name. */
    private List<RoleOption> roleOptions() {
        List<RoleOption> options = new java.util.ArrayList<>();
        options.add(new RoleOption(Role.AGENT.name(), Role.AGENT.name(), true));
        options.add(new RoleOption(Role.ADMIN.name(), Role.ADMIN.name(), true));
        accounts.roles().list().forEach(r -> options.add(new RoleOption(r.id(), r.name(), false)));
        return options;
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }

    /** What the admin typed, to fill the form again after an error (never the password). */
    private record NewAccountForm(String username, String displayName, String role) {
    }
}
