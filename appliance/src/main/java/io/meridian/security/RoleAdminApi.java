package io.meridian.security;

import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code /api/v1/roles} and {@code /api/v1/permissions}: the roles admins define (docs/security.md, "Roles and
 * permissions"), the JSON twin of {@code /console/roles}. The built-in roles are listed too, not editable.
 */
final class RoleAdminApi {

    static final String PATH = "/api/v1/roles";
    static final String PERMISSIONS = "/api/v1/permissions";

    private final RoleCatalog roles;

    RoleAdminApi(RoleCatalog roles) {
        this.roles = roles;
    }

    void addRoutes(Router router) {
        router.get(PERMISSIONS).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::permissions);
        router.get(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::list);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::create);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::get);
        router.put(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::update);
        router.delete(PATH + "/:id").handler(ConsoleSecurity.require(Permission.ACCOUNTS_MANAGE)).handler(this::delete);
    }

    private void permissions(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (Permission p : Permission.values()) {
            list.add(new JsonObject().put("key", p.key()).put("agentDefault", Permission.AGENT_DEFAULTS.contains(p)));
        }
        json(ctx, 200, new JsonObject().put("permissions", list));
    }

    private void list(RoutingContext ctx) {
        roles.holders().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray list = new JsonArray().add(builtIn(Role.AGENT)).add(builtIn(Role.ADMIN));
            roles.list().forEach(r -> list.add(json(r, ar.result())));
            json(ctx, 200, new JsonObject().put("roles", list));
        });
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Role base = builtInRole(id);
        if (base != null) {
            json(ctx, 200, builtIn(base));
            return;
        }
        if (roles.get(id).isEmpty()) {
            notFound(ctx, id);
            return;
        }
        roles.holders().onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                roles.get(id).ifPresentOrElse(r -> json(ctx, 200, json(r, ar.result())), () -> notFound(ctx, id));
            }
        });
    }

    private void create(RoutingContext ctx) {
        RoleDraft draft = draft(ctx);
        if (draft == null) {
            return;
        }
        answer(ctx, roles.create(ConsoleSecurity.agent(ctx), draft), 201);
    }

    private void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (builtInRole(id) != null) {
            Problem.send(ctx, 409, "built-in-role", "the built-in roles cannot be changed; define a role instead");
            return;
        }
        RoleDraft draft = draft(ctx);
        if (draft == null) {
            return;
        }
        answer(ctx, roles.update(ConsoleSecurity.agent(ctx), id, draft), 200);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (builtInRole(id) != null) {
            Problem.send(ctx, 409, "built-in-role", "the built-in roles cannot be deleted");
            return;
        }
        roles.delete(ConsoleSecurity.agent(ctx), id).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().setStatusCode(204).end();
            } else {
                failed(ctx, ar.cause());
            }
        });
    }

    /** The body as a checked draft, or null after answering 400. */
    private static RoleDraft draft(RoutingContext ctx) {
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return null;
        }
        String name = JsonBodies.requiredString(ctx, body, "name");
        if (name == null) {
            return null;
        }
        Object description = body.getValue("description");
        if (description != null && !(description instanceof String)) {
            Problem.send(ctx, 400, "invalid-field", "description: must be a string");
            return null;
        }
        List<String> permissions = strings(ctx, body, "permissions");
        List<String> teams = permissions == null ? null : strings(ctx, body, "teams");
        List<String> regions = teams == null ? null : strings(ctx, body, "regions");
        if (regions == null) {
            return null;
        }
        try {
            return RoleDraft.of(name, (String) description, permissions, teams, regions);
        } catch (RoleRefusal refused) {
            Problem.send(ctx, 400, refused.kind().problemType(), refused.getMessage());
            return null;
        }
    }

    /** An optional array of strings (absent: empty), or null after answering 400 naming the field. */
    private static List<String> strings(RoutingContext ctx, JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof JsonArray array) {
            List<String> out = new ArrayList<>();
            for (Object item : array) {
                if (!(item instanceof String s)) {
                    break;
                }
                out.add(s);
            }
            if (out.size() == array.size()) {
                return out;
            }
        }
        Problem.send(ctx, 400, "invalid-field", field + ": must be an array of strings");
        return null;
    }

    private void answer(RoutingContext ctx, Future<ConsoleRole> result, int status) {
        result.compose(role -> roles.holders().map(counts -> json(role, counts))).onComplete(ar -> {
            if (ar.succeeded()) {
                if (status == 201) {
                    ctx.response().putHeader("Location", PATH + "/" + ar.result().getString("id"));
                }
                json(ctx, status, ar.result());
            } else {
                failed(ctx, ar.cause());
            }
        });
    }

    private static void failed(RoutingContext ctx, Throwable cause) {
        if (cause instanceof RoleRefusal refused) {
            Problem.send(ctx, refused.kind().status(), refused.kind().problemType(), refused.getMessage());
        } else if (cause instanceof NoSuchElementException) {
            notFound(ctx, ctx.pathParam("id"));
        } else {
            ctx.fail(cause); // the node's fault: logged once, with the id the problem document carries
        }
    }

    private static void notFound(RoutingContext ctx, String id) {
        Problem.send(ctx, 404, "not-found", "no role with id " + id);
    }

    /** The built-in role whose id ({@code agent}, {@code admin}) this is, or null. */
    private static Role builtInRole(String id) {
        for (Role role : Role.values()) {
            if (Access.of(role).roleId().equals(id)) {
                return role;
            }
        }
        return null;
    }

    private static JsonObject builtIn(Role role) {
        Access access = Access.of(role);
        return new JsonObject().put("id", access.roleId()).put("name", access.roleName())
                .put("role", role.name()).put("builtIn", true)
                .put("permissions", keys(access.permissions())).put("teams", new JsonArray())
                .put("regions", new JsonArray());
    }

    static JsonObject json(ConsoleRole role, Map<String, Integer> holders) {
        return new JsonObject().put("id", role.id()).put("name", role.name()).put("description", role.description())
                .put("builtIn", false)
                .put("permissions", new JsonArray(new ArrayList<>(role.permissionKeys())))
                .put("teams", new JsonArray(new ArrayList<>(role.teams())))
                .put("regions", new JsonArray(new ArrayList<>(role.regions())))
                .put("accounts", holders.getOrDefault(role.id(), 0))
                .put("createdAt", role.createdAt().toString()).put("updatedAt", role.updatedAt().toString());
    }

    private static JsonArray keys(Collection<Permission> permissions) {
        return new JsonArray(permissions.stream().sorted().map(Permission::key).toList());
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
