package io.meridian.plugin;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.JsonBodies;
import io.meridian.web.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/plugin-instances}: connector instances and their outbox, for admins (role ADMIN; writes need the
 * CSRF header like every API write). Secrets are accepted but never returned.
 */
public final class InstanceAdminApi {

    public static final String PATH = "/api/v1/plugin-instances";
    private static final int OUTBOX_LIMIT = 100;

    private final PluginHost host;

    public InstanceAdminApi(PluginHost host) {
        this.host = host;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::list);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::instance);
        router.put(PATH + "/:id").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::save);
        router.delete(PATH + "/:id").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::delete);
        router.post(PATH + "/:id/enable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(ctx ->
                ApiAnswers.answer(ctx, host.setInstanceEnabled(ctx.pathParam("id"), true).map(PluginJson::instance)));
        router.post(PATH + "/:id/disable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(ctx ->
                ApiAnswers.answer(ctx, host.setInstanceEnabled(ctx.pathParam("id"), false).map(PluginJson::instance)));
        router.get(PATH + "/:id/outbox").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::outbox);
        router.post(PATH + "/:id/outbox/retry").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(ctx ->
                ApiAnswers.answer(ctx, host.retryOutbox(ctx.pathParam("id"))
                        .map(n -> new JsonObject().put("requeued", n))));
    }

    private void list(RoutingContext ctx) {
        JsonArray instances = new JsonArray();
        host.instances().forEach(i -> instances.add(PluginJson.instance(i)));
        ApiAnswers.json(ctx, 200, new JsonObject().put("instances", instances));
    }

    private void instance(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        host.instanceForm(id).onComplete(ar -> {
            if (ar.failed()) {
                ApiAnswers.internal(ctx, ar.cause());
                return;
            }
            if (ar.result().isEmpty() || host.instanceView(id).isEmpty()) {
                Problem.send(ctx, 404, "not-found", "no connector instance '" + id + "'");
                return;
            }
            StoredInstanceForm form = ar.result().get();
            JsonObject values = new JsonObject();
            form.values().forEach(values::put);
            JsonObject secrets = new JsonObject();
            form.secretsSet().forEach(name -> secrets.put(name, "set"));
            ApiAnswers.json(ctx, 200, PluginJson.instance(host.instanceView(id).get()).put("values", values)
                    .put("secrets", secrets));
        });
    }

    /** PUT: {"plugin", "factory", "name", "enabled", "values": {...}}; an absent or empty secret keeps the stored one. */
    private void save(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = JsonBodies.read(ctx);
        if (body == null) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Object rawValues = body.getValue("values");
        if (rawValues != null && !(rawValues instanceof JsonObject)) {
            Problem.send(ctx, 400, "invalid-field", "values must be an object of property names to values");
            return;
        }
        if (rawValues instanceof JsonObject v) {
            for (String name : v.fieldNames()) {
                Object value = v.getValue(name);
                if (value instanceof JsonObject || value instanceof JsonArray) {
                    Problem.send(ctx, 400, "invalid-field", "values." + name + " must be a string, number or boolean");
                    return;
                }
                values.put(name, value == null ? "" : String.valueOf(value));
            }
        }
        String plugin = body.getValue("plugin") instanceof String s ? s : null;
        String factory = body.getValue("factory") instanceof String s ? s : null;
        if (plugin == null || factory == null) {
            Problem.send(ctx, 400, "invalid-field", "plugin and factory are required strings");
            return;
        }
        String name = body.getValue("name") instanceof String s && !s.isBlank() ? s.strip() : id;
        boolean enabled = !Boolean.FALSE.equals(body.getValue("enabled"));
        host.saveInstance(new InstanceDraft(id, plugin, factory, name, enabled, null, values)).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Location", PATH + "/" + id);
                ApiAnswers.json(ctx, ar.result() ? 201 : 200, PluginJson.instance(host.instanceView(id).orElseThrow()));
            } else {
                ApiAnswers.failure(ctx, ar.cause());
            }
        });
    }

    /**
     * DELETE: refused (409 {@code pending-outbox}) while replies wait in the instance's outbox, unless
     * {@code ?failPending=true}: then they are marked failed and kept.
     */
    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String confirm = ctx.request().getParam("failPending");
        if (confirm != null && !confirm.equals("true") && !confirm.equals("false")) {
            Problem.send(ctx, 400, "invalid-field", "failPending must be true or false");
            return;
        }
        ApiAnswers.answer(ctx, host.deleteInstance(id, "true".equals(confirm))
                .map(failed -> new JsonObject().put("deleted", id).put("failedReplies", failed)));
    }

    /** GET ?status=pending,failed (any of pending, sent, failed; all if absent): newest first. */
    private void outbox(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Set<String> statuses = new LinkedHashSet<>();
        String wanted = ctx.request().getParam("status");
        if (wanted != null && !wanted.isBlank()) {
            for (String status : wanted.split(",")) {
                String upper = status.strip().toUpperCase(Locale.ROOT);
                if (!OutboxRecords.STATUSES.contains(upper)) {
                    Problem.send(ctx, 400, "invalid-field", "status must be pending, sent or failed (comma-separated)");
                    return;
                }
                statuses.add(upper);
            }
        }
        host.outbox(id, statuses, OUTBOX_LIMIT).onComplete(ar -> {
            if (ar.failed()) {
                ApiAnswers.internal(ctx, ar.cause());
                return;
            }
            // A deleted instance's kept entries are still listed; an id nothing ever went through is not found.
            if (ar.result().isEmpty() && host.instanceView(id).isEmpty()
                    && host.deletedInstancesOutbox().stream().noneMatch(d -> d.instanceId().equals(id))) {
                Problem.send(ctx, 404, "not-found", "no connector instance '" + id + "' and no outbox entries for it");
                return;
            }
            JsonArray entries = new JsonArray();
            ar.result().forEach(e -> entries.add(PluginJson.outboxEntry(e)));
            ApiAnswers.json(ctx, 200, new JsonObject().put("entries", entries));
        });
    }
}
