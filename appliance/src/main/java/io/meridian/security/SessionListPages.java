package io.meridian.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an account is signed in (docs/security.md#sessions): an agent lists their sessions and ends any of them, or
 * all but the current one ("sign out of my other devices"); an admin lists and ends all of an account's. Console
 * page {@code /console/sessions} and REST {@code /api/v1/session/devices}, {@code /api/v1/agents/{id}/sessions}.
 */
final class SessionListPages {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    static final String PAGE = "/console/sessions";

    private final Pages pages;
    private final long idleMillis;
    private final long absoluteMillis;

    SessionListPages(Pages pages, Duration idle, Duration absolute) {
        this.pages = pages;
        this.idleMillis = idle.toMillis();
        this.absoluteMillis = absolute.toMillis();
    }

    void addRoutes(Router router) {
        router.get("/api/v1/session/devices").handler(new AccessGuard(null, false)).handler(ctx ->
                json(ctx, 200, new JsonObject().put("sessions", listed(ctx, ConsoleSecurity.agent(ctx).id()))));
        router.delete("/api/v1/session/devices/:id").handler(new AccessGuard(null, false)).handler(ctx -> {
            if (endOne(ctx)) {
                ctx.response().setStatusCode(204).end();
            } else {
                pages.refuse(ctx, 404, "not-found", "you have no session with that id");
            }
        });
        router.post("/api/v1/session/devices/sign-out-others").handler(new AccessGuard(null, false))
                .handler(ctx -> json(ctx, 200, new JsonObject().put("ended", endOthers(ctx))));
        router.get("/api/v1/agents/:id/sessions").handler(new AccessGuard(Permission.ACCOUNTS_MANAGE, false)).handler(ctx ->
                json(ctx, 200, new JsonObject().put("sessions", listed(ctx, ctx.pathParam("id")))));
        router.delete("/api/v1/agents/:id/sessions").handler(new AccessGuard(Permission.ACCOUNTS_MANAGE, false)).handler(ctx -> {
            String agentId = ctx.pathParam("id");
            int ended = SignedInSessions.of(ctx.vertx(), agentId, System.currentTimeMillis(), idleMillis,
                    absoluteMillis).size();
            // Every session of the account signed in until now ends, also those of other nodes' memory.
            SessionRevocations.revoke(ctx.vertx(), agentId);
            AUDIT.info("All sessions of agent {} ended by {} ({} on this node)", agentId,
                    ConsoleSecurity.agent(ctx).username(), ended);
            json(ctx, 200, new JsonObject().put("ended", ended));
        });
        router.get(PAGE).handler(new AccessGuard(null, false)).handler(this::page);
        router.post(PAGE + "/others/end").handler(new AccessGuard(null, false)).handler(ctx -> {
            int ended = endOthers(ctx);
            ctx.redirect(PAGE + "?ended=" + ended);
        });
        router.post(PAGE + "/:id/end").handler(new AccessGuard(null, false)).handler(ctx -> {
            boolean ended = endOne(ctx);
            ctx.redirect(PAGE + "?ended=" + (ended ? 1 : 0));
        });
    }

    private void page(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        Map<String, Object> model = Pages.model(ctx, "Your sessions", agent);
        model.put("sessions", SignedInSessions.of(ctx.vertx(), agent.id(), System.currentTimeMillis(), idleMillis,
                absoluteMillis));
        model.put("current", String.valueOf(SessionState.handle(ctx)));
        String ended = ctx.queryParams().get("ended");
        model.put("ended", ended != null && ended.matches("\\d{1,4}") ? Integer.parseInt(ended) : -1);
        pages.render(ctx, 200, "sessions", model);
    }

    private JsonArray listed(RoutingContext ctx, String agentId) {
        String current = String.valueOf(SessionState.handle(ctx));
        List<SignedInSession> sessions = SignedInSessions.of(ctx.vertx(), agentId, System.currentTimeMillis(),
                idleMillis, absoluteMillis);
        JsonArray out = new JsonArray();
        sessions.forEach(s -> out.add(s.toJson(current)));
        return out;
    }

    private boolean endOne(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        String handle = ctx.pathParam("id");
        boolean ended = SignedInSessions.end(ctx.vertx(), agent.id(), handle);
        if (ended) {
            AUDIT.info("A session of '{}' ended by its owner", agent.username());
        }
        return ended;
    }

    private int endOthers(RoutingContext ctx) {
        SignedInAgent agent = ConsoleSecurity.agent(ctx);
        int ended = SignedInSessions.endOthers(ctx.vertx(), agent.id(), String.valueOf(SessionState.handle(ctx)),
                System.currentTimeMillis(), idleMillis, absoluteMillis);
        AUDIT.info("'{}' signed out of {} other sessions", agent.username(), ended);
        return ended;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
