package io.meridian.routing;

import io.meridian.console.Templates;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing part of the conversation page: who has the conversation and why (its timeline), the internal note and
 * transfer forms, and the VIP tag of the customer (which the queue rules read: tagging a waiting conversation's
 * customer re-ranks it in its queue). Agents and admins alike.
 */
final class ConversationPanel {


    private final RoutingService routing;
    private final Templates templates;

    ConversationPanel(RoutingService routing, Templates templates) {
        this.routing = routing;
        this.templates = templates;
    }

    void addRoutes(Router router) {
        router.post("/console/conversations/:id/notes").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::note);
        router.post("/console/conversations/:id/transfer").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY))
                .handler(this::transfer);
        router.post("/console/conversations/:id/vip").handler(ConsoleSecurity.require(Permission.CONVERSATIONS_REPLY)).handler(this::vip);
    }

    /** The panel's model: the timeline, whom to transfer to, and whether the customer is a VIP. */
    Future<Map<String, Object>> extras(String conversationId, SignedInAgent agent) {
        return routing.timeline(conversationId).compose(timeline -> routing.tagsOfConversation(conversationId)
                .<List<String>>recover(e -> Future.succeededFuture(List.of()))
                .map(tags -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("routing", timeline);
                    m.put("reasons", routing.reasonText());
                    m.put("routingAgents", routing.engine().agentViews().stream().filter(a -> a.max() > 0).toList());
                    m.put("routingTeams", routing.engine().setup().teams());
                    m.put("routingVip", tags.contains(ContactTags.VIP));
                    m.put("routingTags", tags);
                    return m;
                }));
    }

    private void note(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        routing.addNote(id, ConsoleSecurity.agent(ctx), ConsolePage.field(ctx, "text"))
                .onComplete(ar -> back(ctx, id, ar.cause()));
    }

    private void transfer(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String to = ConsolePage.field(ctx, "to");
        String agentId = to.startsWith("agent:") ? to.substring(6) : null;
        String teamId = to.startsWith("team:") ? to.substring(5) : null;
        routing.transfer(id, ConsoleSecurity.agent(ctx), agentId, teamId, ConsolePage.field(ctx, "note"))
                .onComplete(ar -> back(ctx, id, ar.cause()));
    }

    private void vip(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String vip = ConsolePage.field(ctx, "vip");
        if (!vip.equals("on") && !vip.equals("off")) {
            ConsolePage.message(templates, ctx, 400, "Choose to mark the customer as VIP or not.");
            return;
        }
        routing.tagConversationContact(id, ContactTags.VIP, vip.equals("on"), ConsoleSecurity.agent(ctx))
                .onComplete(ar -> back(ctx, id, ar.cause()));
    }

    private void back(RoutingContext ctx, String conversationId, Throwable failure) {
        if (failure == null) {
            ctx.redirect("/console/conversations/" + conversationId);
        } else {
            ConsolePage.failure(templates, ctx, failure);
        }
    }
}
