package io.meridian.plugin;

import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /console/plugins} (role ADMIN): the plugins and connector instances with their state and last error, the
 * enable / disable / reload buttons, the rescan of the plugins folder, and the replies kept for deleted instances.
 * The instance pages are {@link InstanceAdminPages} (mounted here too). Every form carries the CSRF token; every
 * value is escaped by the templates.
 */
public final class PluginAdminPages {

    public static final String PATH = "/console/plugins";

    private final PluginHost host;
    private final AdminPageKit kit;
    private final InstanceAdminPages instancePages;

    public PluginAdminPages(PluginHost host, Templates templates) {
        this.host = host;
        this.kit = new AdminPageKit(templates);
        this.instancePages = new InstanceAdminPages(host, kit);
    }

    public void addRoutes(Router router) {
        router.get(PATH).handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::list);
        router.post(PATH + "/rescan").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::rescan);
        instancePages.addRoutes(router);
        router.post(PATH + "/:id/enable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> pluginAction(ctx, host::enablePlugin, "enabled"));
        router.post(PATH + "/:id/disable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> pluginAction(ctx, host::disablePlugin, "disabled"));
        router.post(PATH + "/:id/reload").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> pluginAction(ctx, host::reloadPlugin, "reloaded"));
    }

    /** URL-encodes a path segment for templates (ids are plain, but a refused zip is named by its file). */
    public static final class Links {
        public String segment(String value) {
            return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** A connector factory the admin can make an instance of. */
    public record NewInstanceChoice(String pluginId, String factoryId, String label, String link) {
    }

    private void list(RoutingContext ctx) {
        Map<String, Object> model = kit.model(ctx, "Plugins");
        List<PluginView> plugins = host.plugins();
        List<InstanceView> instances = host.instances();
        model.put("plugins", plugins);
        model.put("instances", instances);
        model.put("deletedOutbox", host.deletedInstancesOutbox());
        List<NewInstanceChoice> choices = new ArrayList<>();
        for (PluginView p : plugins) {
            if (p.state() == PluginState.STARTED) {
                p.factories().forEach(f -> choices.add(new NewInstanceChoice(p.id(), f.id(), p.id() + " / "
                        + f.displayName(), InstanceAdminPages.PATH + "/new?plugin=" + AdminPageKit.url(p.id())
                        + "&factory=" + AdminPageKit.url(f.id()))));
            }
        }
        model.put("choices", choices);
        // Only names that exist are echoed back, so a crafted link cannot make the page announce something untrue.
        String changed = ctx.request().getParam("changed");
        String what = ctx.request().getParam("what");
        String notice = "";
        if (changed != null && what != null && Set.of("enabled", "disabled", "reloaded", "saved", "deleted",
                "queued again").contains(what)) {
            boolean known = plugins.stream().anyMatch(p -> p.id().equals(changed))
                    || instances.stream().anyMatch(i -> i.id().equals(changed)) || what.equals("deleted");
            if (known) {
                notice = what.replace(' ', '-'); // the bundle key plugins.notice.<what>, said of noticeId
            }
        }
        model.put("notice", notice);
        model.put("noticeId", changed == null ? "" : changed);
        model.put("rescanned", rescanned(ctx.request().getParam("rescanned")));
        model.put("error", "");
        kit.render(ctx, 200, "plugins", model);
    }

    /** The number of zips a rescan loaded, from the redirect after it; -1 when the page does not follow a rescan. */
    private static int rescanned(String param) {
        if (param == null || !param.matches("\\d{1,4}")) {
            return -1;
        }
        return Integer.parseInt(param);
    }

    private void rescan(RoutingContext ctx) {
        host.rescan().onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.redirect(PATH + "?rescanned=" + ar.result().size());
            } else {
                kit.failed(ctx, ar.cause());
            }
        });
    }

    private void pluginAction(RoutingContext ctx, Function<String, Future<PluginView>> op, String done) {
        String id = ctx.pathParam("id");
        op.apply(id).onComplete(ar -> {
            if (ar.succeeded()) {
                AdminPageKit.redirect(ctx, id, done);
            } else {
                kit.failed(ctx, ar.cause());
            }
        });
    }
}
