package io.meridian.security;

import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/agents}: the JSON twin of the admin's accounts page. */
final class AgentAdminApi {

    static final String PATH = "/api/v1/agents";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AgentAccounts accounts;
    private final SecondFactors factors;

    /** {@code factors}: two-step sign-in, null for none. */
    AgentAdminApi(AgentAccounts accounts, SecondFactors factors) {
        this.accounts = accounts;
        this.factors = factors;
    }

    void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::list);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::create);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::get);
        router.post(PATH + "/:id/deactivate").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> setActive(ctx, false));
        router.post(PATH + "/:id/reactivate").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(ctx -> setActive(ctx, true));
        router.post(PATH + "/:id/password-reset").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                .handler(this::resetPassword);
        router.put(PATH + "/:id/role").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::changeRole);
        router.post(PATH + "/:id/unlock").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::unlock);
        if (factors != null) {
            router.post(PATH + "/:id/second-factor-reset").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE))
                    .handler(this::resetSecondFactor);
        }
    }

    /**
     * An agent lost their phone and their recovery codes: the second factor is removed, to be set up again at the next
     * sign-in where the role requires it; the agent's sessions end.
     */
    private void resetSecondFactor(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        SignedInAgent by = ConsoleSecurity.agent(ctx);
        answer(ctx, accounts.find(id).compose(found -> found.isEmpty()
                ? Future.failedFuture(new NoSuchElementException(id))
                : factors.enrolled(id).compose(was -> factors.remove(id, "reset by '" + by.username() + "'")
                        .map(v -> {
                            SessionRevocations.revoke(ctx.vertx(), id);
                            return new JsonObject().put("hadSecondFactor", was);
                        }))));
    }

    /**
     * {@code {"role": "AGENT"|"ADMIN"|<role id>}}: the account's new role; its sessions end. 400 {@code invalid-field}
     * for a role that is none, 400 {@code refused} for the caller's own account or the last active admin.
     */
    private void changeRole(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String value = JsonBodies.requiredString(ctx, body, "role");
        if (value == null) {
            return;
        }
        RoleChoice choice;
        try {
            choice = AccountRules.parseRoleChoice(value);
        } catch (AccountInputException e) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
            return;
        }
        answer(ctx, accounts.changeRole(ConsoleSecurity.agent(ctx), ctx.pathParam("id"), choice)
                .map(SessionState::json));
    }

    private void setActive(RoutingContext ctx, boolean active) {
        String id = ctx.pathParam("id");
        answer(ctx, accounts.setActive(ConsoleSecurity.agent(ctx), id, active)
                .map(agent -> SessionState.json(agent).put("active", active)));
    }

    private void resetPassword(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        answer(ctx, accounts.resetPassword(ConsoleSecurity.agent(ctx), id).map(password -> new JsonObject()
                .put("oneTimePassword", password)
                .put("validForHours", AgentAccounts.ONE_TIME_PASSWORD_VALIDITY.toHours())));
    }

    private void unlock(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        answer(ctx, accounts.unlock(ConsoleSecurity.agent(ctx), id).map(was -> new JsonObject().put("wasLocked", was)));
    }

    /** 200 with the JSON, 404 for an unknown account, 400 for a refused change (own account, last admin). */
    private static void answer(RoutingContext ctx, Future<JsonObject> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Cache-Control", "no-store");
                json(ctx, 200, ar.result());
            } else if (ar.cause() instanceof NoSuchElementException) {
                Problem.send(ctx, 404, "not-found", "no account with id " + ctx.pathParam("id"));
            } else if (ar.cause() instanceof AccountInputException invalid) {
                Problem.send(ctx, 400, "invalid-field", invalid.getMessage());
            } else if (ar.cause() instanceof IllegalArgumentException refused) {
                Problem.send(ctx, 400, "refused", refused.getMessage());
            } else if (ar.cause() instanceof HashingBusyException busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                Problem.send(ctx, 503, "sign-in-busy", LoginPages.BUSY);
            } else {
                internal(ctx, ar.cause());
            }
        });
    }

    private void list(RoutingContext ctx) {
        accounts.statuses().onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
                return;
            }
            JsonArray agents = new JsonArray();
            ar.result().forEach(a -> agents.add(SessionState.json(a.agent()).put("active", a.active())
                    .put("lockedUntil", a.lockedUntil() == null ? null : a.lockedUntil().toString())
                    .put("oneTimePasswordExpiresAt", a.oneTimePasswordExpiresAt() == null ? null
                            : a.oneTimePasswordExpiresAt().toString())));
            json(ctx, 200, new JsonObject().put("agents", agents));
        });
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        accounts.find(id).onComplete(ar -> {
            if (ar.failed()) {
                internal(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no account with id " + id);
            } else {
                json(ctx, 200, SessionState.json(ar.result().get()));
            }
        });
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        String username = JsonBodies.requiredString(ctx, body, "username");
        String displayName = username == null ? null : JsonBodies.requiredString(ctx, body, "displayName");
        String roleName = displayName == null ? null : JsonBodies.requiredString(ctx, body, "role");
        String password = roleName == null ? null : JsonBodies.requiredString(ctx, body, "password");
        if (password == null) {
            return;
        }
        RoleChoice role;
        try {
            role = AccountRules.parseRoleChoice(roleName);
        } catch (AccountInputException e) {
            Problem.send(ctx, 400, "invalid-field", e.getMessage());
            return;
        }
        SignedInAgent admin = ConsoleSecurity.agent(ctx);
        char[] initial = password.toCharArray();
        accounts.createWithRole(username, displayName, role, initial).onComplete(ar -> {
            Arrays.fill(initial, '\0');
            if (ar.succeeded()) {
                AUDIT.info("Admin '{}' created {} account '{}'", admin.username(), ar.result().access().roleName(),
                        ar.result().username());
                ctx.response().putHeader("Location", PATH + "/" + ar.result().id());
                json(ctx, 201, SessionState.json(ar.result()));
            } else if (ar.cause() instanceof DuplicateAccountException duplicate) {
                Problem.send(ctx, 409, "username-taken", "username '" + duplicate.username() + "' is taken");
            } else if (ar.cause() instanceof AccountInputException invalid) {
                Problem.send(ctx, 400, "invalid-field", invalid.getMessage());
            } else if (ar.cause() instanceof HashingBusyException busy) {
                ctx.response().putHeader("Retry-After", Long.toString(busy.retryAfter().toSeconds()));
                Problem.send(ctx, 503, "sign-in-busy", LoginPages.BUSY);
            } else {
                internal(ctx, ar.cause());
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void internal(RoutingContext ctx, Throwable cause) {
        ctx.fail(cause); // the node's fault: logged once, with the id the problem document carries
    }
}
