package io.meridian.routing;

import io.meridian.console.Templates;
import io.meridian.inbox.ConversationExtras;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routing in the console. {@code /console/routing}: one's own presence, one's conversations, each team's queue and
 * every agent's presence and load; the board part ({@code /console/routing/board}) is what console.js redraws when a
 * routing or presence event arrives on the live connection. Also mounts the admin's {@link TeamPages} and the
 * conversation page's {@link ConversationPanel}. Plain HTML forms with the CSRF field, like every console page.
 */
public final class RoutingPages implements ConversationExtras {

    private final RoutingService routing;
    private final Templates templates;
    private final Clock clock;
    private final ConversationPanel panel;
    private final TeamPages teams;

    public RoutingPages(RoutingService routing, Templates templates, Clock clock) {
        this.routing = routing;
        this.templates = templates;
        this.clock = clock;
        this.panel = new ConversationPanel(routing, templates);
        this.teams = new TeamPages(routing, templates, clock);
    }

    public void addRoutes(Router router) {
        router.get("/console/routing").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::overview);
        router.get("/console/routing/board").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_READ)).handler(this::board);
        router.post("/console/routing/presence").handler(ConsoleSecurity.requireSignedIn()).handler(this::presence);
        panel.addRoutes(router);
        teams.addRoutes(router);
    }

    @Override
    public Future<Map<String, Object>> extras(String conversationId, SignedInAgent agent) {
        return panel.extras(conversationId, agent);
    }

    /** The queues of the teams the account's role may read (every queue unless it is scoped to teams). */
    static List<RoutingEngine.QueueView> inScope(SignedInAgent agent, List<RoutingEngine.QueueView> queues) {
        Set<String> teams = agent.access().teams();
        return teams.isEmpty() ? queues : queues.stream().filter(q -> teams.contains(q.teamId())).toList();
    }

    private void overview(RoutingContext ctx) {
        boardModel(ctx, ConsolePage.model(ctx, "Routing")).onComplete(ar -> {
            Map<String, Object> model = ar.result();
            model.put("myPresence", routing.engine().presenceOf(ConsoleSecurity.agent(ctx).id()).name()
                    .toLowerCase(Locale.ROOT));
            ConsolePage.html(ctx, 200, templates.render("console/routing", model));
        });
    }

    /** Just the board, for console.js to swap in when something changes. */
    private void board(RoutingContext ctx) {
        boardModel(ctx, ConsolePage.model(ctx, "Routing")).onComplete(ar ->
                ConsolePage.html(ctx, 200, templates.render("console/routing-board", ar.result())));
    }

    /** Always succeeds: without the agent's own list the board still shows the queues. */
    private Future<Map<String, Object>> boardModel(RoutingContext ctx, Map<String, Object> model) {
        SignedInAgent me = ConsoleSecurity.agent(ctx);
        return routing.assignedTo(me.id()).<List<String>>recover(e -> Future.succeededFuture(List.of())).map(mine -> {
            Instant now = clock.instant();
            model.put("queues", inScope(me, routing.engine().queueViews(now, 50)));
            model.put("agents", routing.engine().agentViews());
            model.put("mine", mine);
            model.put("noTeams", routing.engine().setup().isEmpty());
            return model;
        });
    }

    private void presence(RoutingContext ctx) {
        Presence p;
        try {
            p = Presence.valueOf(ConsolePage.field(ctx, "presence").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            ConsolePage.message(templates, ctx, 400, "Choose online, away or offline.");
            return;
        }
        routing.setPresence(ConsoleSecurity.agent(ctx), p).onComplete(ar -> ctx.redirect("/console/routing"));
    }
}
