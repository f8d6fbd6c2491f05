package io.meridian.cluster;

import io.meridian.console.ConsoleLocales;
import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** The admin's Cluster page: the members now, with their regions, versions and event bus addresses (docs/cluster.md). */
public final class ClusterPages {

    private final ClusterMembers members;
    private final Templates templates;

    public ClusterPages(ClusterMembers members, Templates templates) {
        this.members = members;
        this.templates = templates;
    }

    public void addRoutes(Router router) {
        router.get("/console/cluster").handler(ConsoleSecurity.require(Permission.REPORTS_VIEW)).handler(this::page);
    }

    private void page(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Cluster");
        model.put("agent", agent);
        model.put("csrf", ConsoleSecurity.csrfToken(ctx));
        model.put("t", ConsoleLocales.messages(ctx, agent.id()));
        model.put("clustered", members.clustered());
        model.put("members", members.members());
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end(templates.render("console/cluster", model));
    }
}
