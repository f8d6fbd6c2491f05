package io.meridian.plugin;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code /api/v1/plugins} and {@code /api/v1/plugin-scans}: the JSON twin of the admin's plugins page (role ADMIN;
 * writes need the CSRF header like every API write). Connector instances have a resource of their own,
 * {@code /api/v1/plugin-instances} ({@link InstanceAdminApi}, mounted here too), so every plugin id, even
 * {@code instances}, has its own unambiguous path.
 */
public final class PluginAdminApi {

    public static final String PATH = "/api/v1/plugins";
    public static final String SCANS = "/api/v1/plugin-scans";

    private final PluginHost host;

    public PluginAdminApi(PluginHost host) {
        this.host = host;
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::overview);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::plugin);
        router.post(PATH + "/:id/enable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> operation(ctx, host::enablePlugin));
        router.post(PATH + "/:id/disable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> operation(ctx, host::disablePlugin));
        router.post(PATH + "/:id/reload").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> operation(ctx, host::reloadPlugin));
        router.post(SCANS).handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::rescan);
        new InstanceAdminApi(host).addRoutes(router);
    }

    private void overview(RoutingContext ctx) {
        JsonArray plugins = new JsonArray();
        host.plugins().forEach(p -> plugins.add(PluginJson.plugin(p)));
        JsonArray instances = new JsonArray();
        host.instances().forEach(i -> instances.add(PluginJson.instance(i)));
        JsonArray deleted = new JsonArray();
        host.deletedInstancesOutbox().forEach(d -> deleted.add(new JsonObject().put("instance", d.instanceId())
                .put("pending", d.pending()).put("failed", d.failed())));
        ApiAnswers.json(ctx, 200, new JsonObject().put("plugins", plugins).put("instances", instances)
                .put("deletedInstancesOutbox", deleted).put("stuckThreads", host.stuckThreads()));
    }

    private void plugin(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        host.pluginView(id).ifPresentOrElse(view -> {
            JsonObject body = PluginJson.plugin(view);
            JsonArray descriptors = new JsonArray();
            view.factories().forEach(f -> host.descriptor(id, f.id())
                    .ifPresent(d -> descriptors.add(PluginJson.descriptor(d))));
            ApiAnswers.json(ctx, 200, body.put("descriptors", descriptors));
        }, () -> Problem.send(ctx, 404, "not-found", "no plugin '" + id + "'"));
    }

    private void operation(RoutingContext ctx, Function<String, Future<PluginView>> op) {
        ApiAnswers.answer(ctx, op.apply(ctx.pathParam("id")).map(PluginJson::plugin));
    }

    /** POST: loads the zips added to the plugins folder; answers with their plugins (empty if none). */
    private void rescan(RoutingContext ctx) {
        ApiAnswers.answer(ctx, host.rescan().map(added -> {
            JsonArray plugins = new JsonArray();
            added.forEach(p -> plugins.add(PluginJson.plugin(p)));
            return new JsonObject().put("added", plugins);
        }));
    }
}
